package dev.nodeless.aws.kms;

import dev.nodeless.aws.AwsAccount;
import dev.nodeless.aws.AwsErrors;
import dev.nodeless.aws.InvalidStepInputException;
import dev.nodeless.aws.ResourceTags;
import dev.nodeless.aws.eks.ControlPlaneSettings;
import dev.nodeless.bootstrap.StepResult;
import dev.nodeless.spec.ClusterSpec;
import dev.nodeless.spec.ResourceNames;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.kms.model.KeyState;
import software.amazon.awssdk.services.kms.model.NotFoundException;
import software.amazon.awssdk.services.kms.model.Tag;

/**
 * The KMS key EKS encrypts the cluster's Kubernetes Secrets with (envelope encryption). Either the spec's
 * {@code encryption.kmsKeyArn} (checked: exists, enabled, symmetric; never changed or deleted), or with
 * {@code encryption.createKey} a key of the cluster's own, found by its alias {@code alias/nodeless/<cluster>}, tagged
 * with this stack's ownership tag in the create request, rotation on, and a key policy that lets the account administer
 * the key through IAM but use it for encryption only by the cluster role (EKS's own use goes through the grant
 * CreateCluster makes). Teardown stage {@code kms-key} schedules its deletion with KMS's shortest window and removes the
 * alias, so a later cluster of the same name gets a new key.
 */
public final class SecretsKey {

    public static final String STAGE = "kms-key";
    /** KMS's minimum waiting period: the key can still be restored (CancelKeyDeletion) for this long. */
    public static final int DELETION_WINDOW_DAYS = 7;

    private final KmsClient kms;
    private final AwsAccount account;
    private final ResourceTags resourceTags;

    public SecretsKey(KmsClient kms, AwsAccount account, ResourceTags resourceTags) {
        this.kms = kms;
        this.account = account;
        this.resourceTags = resourceTags;
    }

    /** The key's ARN for EKS's encryptionConfig, creating the cluster's own key if needed; {@code null} when not wanted. */
    public String ensure(ClusterSpec spec) {
        if (!ControlPlaneSettings.encrypts(spec)) return null;
        String given = ControlPlaneSettings.givenKey(spec);
        if (given != null) return check(given);
        String alias = new ResourceNames(spec.clusterName()).kmsAlias();
        KeyMetadata existing = describe(alias);
        if (existing != null) {
            requireOwned(existing);
            if (existing.keyState() == KeyState.PENDING_DELETION) {
                throw new InvalidStepInputException("the key of " + alias + " (" + existing.arn() + ") is scheduled for deletion: a teardown of an "
                        + "earlier cluster of this name ran. Cancel it (aws kms cancel-key-deletion --key-id " + existing.keyId()
                        + ", then enable it) or delete the alias, then run again");
            }
            return existing.arn();
        }
        return create(spec, alias);
    }

    private String create(ClusterSpec spec, String alias) {
        String doing = "creating the Secrets encryption key of " + spec.clusterName();
        KeyMetadata key = AwsErrors.call(doing, () -> kms.createKey(r -> r.description("Nodeless: envelope encryption of the Kubernetes Secrets of EKS cluster "
                + spec.clusterName()).keySpec("SYMMETRIC_DEFAULT").keyUsage("ENCRYPT_DECRYPT")
                .policy(KeyPolicy.forCluster(account, new ResourceNames(spec.clusterName()).clusterRole()))
                .tags(tags(spec))).keyMetadata());
        try {
            AwsErrors.run("enabling rotation of " + key.arn(), () -> kms.enableKeyRotation(r -> r.keyId(key.keyId())));
            AwsErrors.run("naming " + key.arn() + " " + alias, () -> kms.createAlias(r -> r.aliasName(alias).targetKeyId(key.keyId())));
        } catch (RuntimeException e) {
            // The alias is how every later run finds the key: without it the key would be orphaned, so it goes at once.
            AwsErrors.run("removing the unnamed key " + key.arn(), () -> kms.scheduleKeyDeletion(r -> r.keyId(key.keyId()).pendingWindowInDays(DELETION_WINDOW_DAYS)));
            throw e;
        }
        return key.arn();
    }

    /** Teardown: schedules the deletion of the cluster's own key and removes its alias; a given key is never touched. */
    public StepResult delete(ClusterSpec spec, String stage) {
        if (spec.encryption() != null && spec.encryption().kmsKeyArn() != null) {
            return StepResult.done("teardownStep", stage, StepResult.ABSENT, "ignored because the key " + spec.encryption().kmsKeyArn()
                    + " is the spec's own (encryption.kmsKeyArn): Nodeless never deletes it", Map.of());
        }
        String alias = new ResourceNames(spec.clusterName()).kmsAlias();
        KeyMetadata key = describe(alias);
        if (key == null) return StepResult.done("teardownStep", stage, StepResult.ABSENT, "no key named " + alias, Map.of());
        requireOwned(key);
        if (key.keyState() != KeyState.PENDING_DELETION) {
            AwsErrors.run("scheduling the deletion of " + key.arn(),
                    () -> kms.scheduleKeyDeletion(r -> r.keyId(key.keyId()).pendingWindowInDays(DELETION_WINDOW_DAYS)));
        }
        AwsErrors.run("deleting the alias " + alias, () -> kms.deleteAlias(r -> r.aliasName(alias)));
        return StepResult.done("teardownStep", stage, StepResult.DELETED, "key " + key.arn() + " scheduled for deletion in "
                + DELETION_WINDOW_DAYS + " days (restorable until then with kms cancel-key-deletion); alias " + alias + " deleted",
                Map.of("keyArn", key.arn()));
    }

    private String check(String arn) {
        KeyMetadata key = describe(arn);
        if (key == null) throw new InvalidStepInputException("encryption.kmsKeyArn " + arn + " does not exist (or this stack may not describe it)");
        if (key.keyState() != KeyState.ENABLED) throw new InvalidStepInputException("encryption.kmsKeyArn " + arn + " is " + key.keyStateAsString() + ", not Enabled");
        if (!"SYMMETRIC_DEFAULT".equals(key.keySpecAsString())) {
            throw new InvalidStepInputException("encryption.kmsKeyArn " + arn + " is " + key.keySpecAsString() + "; EKS needs a symmetric encryption key");
        }
        return key.arn();
    }

    private void requireOwned(KeyMetadata key) {
        Map<String, String> tags = new LinkedHashMap<>();
        AwsErrors.run("reading the tags of " + key.arn(), () -> kms.listResourceTags(r -> r.keyId(key.keyId())).tags()
                .forEach(t -> tags.put(t.tagKey(), t.tagValue())));
        resourceTags.requireOwned("KMS key " + key.arn(), tags);
    }

    private KeyMetadata describe(String keyIdOrAlias) {
        try {
            return kms.describeKey(r -> r.keyId(keyIdOrAlias)).keyMetadata();
        } catch (NotFoundException e) {
            return null;
        } catch (software.amazon.awssdk.core.exception.SdkException e) {
            throw AwsErrors.classify(e, "describing KMS key " + keyIdOrAlias);
        }
    }

    private java.util.List<Tag> tags(ClusterSpec spec) {
        return resourceTags.of(spec).entrySet().stream().map(t -> Tag.builder().tagKey(t.getKey()).tagValue(t.getValue()).build()).toList();
    }
}
