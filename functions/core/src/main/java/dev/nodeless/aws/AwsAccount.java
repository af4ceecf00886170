package dev.nodeless.aws;

import software.amazon.awssdk.services.sts.StsClient;

/** Where the bootstrap runs: used to build ARNs that policies reference before the resources exist. */
public record AwsAccount(String partition, String accountId, String region) {

    /** Looks the account up with {@code sts:GetCallerIdentity} (needs no permission). */
    public static AwsAccount lookup(StsClient sts, String region) {
        var me = AwsErrors.call("looking up the caller's account", sts::getCallerIdentity);
        return new AwsAccount(me.arn().split(":", 3)[1], me.account(), region);
    }

    public String arn(String service, String resource) {
        return "arn:" + partition + ":" + service + ":" + region + ":" + accountId + ":" + resource;
    }

    public String iamArn(String resource) {
        return "arn:" + partition + ":iam::" + accountId + ":" + resource;
    }

    public String awsManagedPolicy(String name) {
        return "arn:" + partition + ":iam::aws:policy/" + name;
    }
}
