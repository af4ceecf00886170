package dev.nodeless.kube;

/**
 * The partition and account the automation runs in, read from the Lambda's own function ARN
 * ({@code arn:<partition>:lambda:<region>:<account>:function:<name>}) so no API call and no setting is needed
 * to build role ARNs.
 */
public record AwsAccount(String partition, String accountId) {

    public static AwsAccount fromFunctionArn(String arn) {
        String[] p = arn == null ? new String[0] : arn.split(":");
        if (p.length < 7 || !"arn".equals(p[0]) || !"lambda".equals(p[2]) || !p[4].matches("\\d{12}")) {
            throw new IllegalArgumentException("not a Lambda function ARN: '" + arn + "'");
        }
        return new AwsAccount(p[1], p[4]);
    }

    public String roleArn(String roleName) {
        return "arn:" + partition + ":iam::" + accountId + ":role/" + roleName;
    }
}
