package dev.nodeless.aws.kms;

import dev.nodeless.aws.AwsAccount;
import dev.nodeless.aws.Json;
import java.util.List;
import java.util.Map;

/**
 * The key policy of a cluster's Secrets key (pure). Two statements: (1) the account administers the key through IAM
 * (every action except using it to encrypt or decrypt): KMS requires the creator to keep PutKeyPolicy, and without an
 * account statement only this policy could ever change the key; (2) only the cluster's role may use it for encryption,
 * so an IAM policy with {@code kms:Decrypt} on {@code *} elsewhere in the account cannot read the cluster's Secrets'
 * data keys. EKS's own use goes through the grant CreateCluster makes for the cluster role.
 */
public final class KeyPolicy {

    /** Administrative actions the account keeps through IAM; cryptographic use is not among them. */
    static final List<String> ADMIN_ACTIONS = List.of("kms:Create*", "kms:Describe*", "kms:Enable*", "kms:List*", "kms:Put*", "kms:Update*",
            "kms:Revoke*", "kms:Disable*", "kms:Get*", "kms:Delete*", "kms:TagResource", "kms:UntagResource", "kms:ScheduleKeyDeletion",
            "kms:CancelKeyDeletion", "kms:RetireGrant");
    static final List<String> USE_ACTIONS = List.of("kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey");

    private KeyPolicy() {}

    public static String forCluster(AwsAccount account, String clusterRoleName) {
        return Json.write(Map.of("Version", "2012-10-17", "Statement", List.of(
                Map.of("Sid", "AccountAdministersThroughIam", "Effect", "Allow",
                        "Principal", Map.of("AWS", account.iamArn("root")),
                        "Action", ADMIN_ACTIONS, "Resource", "*"),
                Map.of("Sid", "OnlyTheClusterRoleEncrypts", "Effect", "Allow",
                        "Principal", Map.of("AWS", account.roleArn(clusterRoleName)),
                        "Action", USE_ACTIONS, "Resource", "*"))));
    }
}
