package dev.nodeless.aws;

import software.amazon.awssdk.services.sts.StsClient;

/**
 * The IAM role the running Lambda acts as. STS reports an assumed-role session
 * ({@code arn:aws:sts::123456789012:assumed-role/Name/session}); access entries need the role
 * ({@code arn:aws:iam::123456789012:role/Name}). Roles with a path must be configured explicitly, because the
 * session ARN does not carry the path.
 */
public final class CallerRole {

    private CallerRole() {}

    public static String roleArn(StsClient sts) {
        String arn = AwsErrors.call("looking up the caller's role", () -> sts.getCallerIdentity().arn());
        return toRoleArn(arn);
    }

    /** Pure conversion; other principals (users) are returned unchanged. */
    public static String toRoleArn(String callerArn) {
        String[] parts = callerArn.split(":", 6);
        if (parts.length == 6 && "sts".equals(parts[2]) && parts[5].startsWith("assumed-role/")) {
            String roleName = parts[5].split("/")[1];
            return "arn:" + parts[1] + ":iam::" + parts[4] + ":role/" + roleName;
        }
        return callerArn;
    }
}
