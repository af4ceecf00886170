package dev.nodeless.aws;

import static org.assertj.core.api.Assertions.assertThat;

import software.amazon.awssdk.regions.Region;
import org.junit.jupiter.api.Test;

class AwsDomainsTest {

    @Test
    void dnsSuffix_isTheSdkRegionMetadatasForEveryRegionTheSdkKnows() {
        var regions = Region.regions().stream().filter(r -> !r.isGlobalRegion()).toList();
        assertThat(regions).as("the SDK's region list").hasSizeGreaterThan(30);
        for (Region r : regions) {
            assertThat(AwsDomains.dnsSuffix(r.id())).as(r.id()).isEqualTo(r.metadata().domain());
        }
    }

    @Test
    void aRegionNewerThanTheTable_isCommercial() {
        assertThat(AwsDomains.dnsSuffix("xx-future-9")).isEqualTo("amazonaws.com");
        assertThat(AwsDomains.dnsSuffix("us-gov-west-1")).isEqualTo("amazonaws.com");
    }
}
