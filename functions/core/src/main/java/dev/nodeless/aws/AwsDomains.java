package dev.nodeless.aws;

/**
 * The DNS suffix of a region's endpoints, from the region's name by the partitions' naming. The SDK's
 * {@code Region.metadata().domain()} gives the same (AwsDomainsTest compares them for every region the SDK knows), but
 * its first call loads every region's and every service's metadata: about 420 classes on a Lambda cold start
 * (docs/measurements.md). A region newer than this table is in the commercial partition, as the SDK assumes too.
 */
public final class AwsDomains {

    private AwsDomains() {}

    public static String dnsSuffix(String region) {
        if (region.startsWith("cn-")) return "amazonaws.com.cn";
        if (region.startsWith("us-isob-")) return "sc2s.sgov.gov";
        if (region.startsWith("us-isof-")) return "csp.hci.ic.gov";
        if (region.startsWith("us-iso-")) return "c2s.ic.gov";
        if (region.startsWith("eu-isoe-")) return "cloud.adc-e.uk";
        if (region.startsWith("eusc-")) return "amazonaws.eu";
        return "amazonaws.com";
    }
}
