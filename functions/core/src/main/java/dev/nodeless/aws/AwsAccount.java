package dev.nodeless.aws;

import dev.nodeless.spec.ResourceNames;
import software.amazon.awssdk.services.sts.StsClient;

/** Where the automation runs: used to build ARNs that policies and Kubernetes objects reference before the resources exist. */
public record AwsAccount(String partition, String accountId, String region) {

    /** Looks the account up with {@code sts:GetCallerIdentity} (needs no permission). */
    public static AwsAccount lookup(StsClient sts, String region) {
        var me = AwsErrors.call("looking up the caller's account", sts::getCallerIdentity);
        return new AwsAccount(me.arn().split(":", 3)[1], me.account(), region);
    }

    /**
     * Reads the Lambda's own function ARN ({@code arn:<partition>:lambda:<region>:<account>:function:<name>}), so
     * no API call and no setting is needed.
     */
    public static AwsAccount fromFunctionArn(String arn) {
        String[] p = arn == null ? new String[0] : arn.split(":");
        if (p.length < 7 || !"arn".equals(p[0]) || !"lambda".equals(p[2]) || !p[4].matches("\\d{12}")) {
            throw new IllegalArgumentException("not a Lambda function ARN: '" + arn + "'");
        }
        return new AwsAccount(p[1], p[4], p[3]);
    }

    public String arn(String service, String resource) {
        return "arn:" + partition + ":" + service + ":" + region + ":" + accountId + ":" + resource;
    }

    public String iamArn(String resource) {
        return "arn:" + partition + ":iam::" + accountId + ":" + resource;
    }

    /** The ARN of a role Nodeless created for a cluster: they all live under {@link ResourceNames#IAM_PATH}. */
    public String roleArn(String roleName) {
        return iamArn("role" + ResourceNames.IAM_PATH + roleName);
    }

    public String awsManagedPolicy(String name) {
        return "arn:" + partition + ":iam::aws:policy/" + name;
    }
}
