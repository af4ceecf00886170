package dev.nodeless.aws.kms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.nodeless.aws.AwsTestSupport;
import dev.nodeless.aws.InvalidStepInputException;
import dev.nodeless.aws.Json;
import dev.nodeless.bootstrap.StepResult;
import dev.nodeless.spec.ClusterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KeyState;

/** The Secrets encryption key against moto's KMS (keys, aliases, tags, rotation, policies and deletion are all moto's). */
class SecretsKeyTest {

    private AwsTestSupport.Fixture f;
    private KmsClient kms;
    private final ClusterSpec spec = AwsTestSupport.spec("demo");

    @BeforeEach
    void fresh() {
        f = AwsTestSupport.fresh();
        kms = f.clients().kms();
    }

    @Test
    void byDefault_createsOneKeyPerCluster_namedTaggedRotated_andARerunFindsTheSameKey() {
        String first = f.steps().secretsKey().ensure(spec);
        String second = f.steps().secretsKey().ensure(spec);

        assertThat(second).isEqualTo(first);
        assertThat(kms.listKeys().keys()).hasSize(1);
        var key = kms.describeKey(r -> r.keyId("alias/nodeless/demo")).keyMetadata();
        assertThat(key.arn()).isEqualTo(first).startsWith("arn:aws:kms:eu-west-1:123456789012:key/");
        assertThat(key.keySpecAsString()).isEqualTo("SYMMETRIC_DEFAULT");
        assertThat(kms.listResourceTags(r -> r.keyId(key.keyId())).tags()).anyMatch(t -> t.tagKey().equals("nodeless.dev/managed-by")
                && t.tagValue().equals(AwsTestSupport.OWNER)).anyMatch(t -> t.tagKey().equals("nodeless.dev/cluster") && t.tagValue().equals("demo"));
        assertThat(kms.getKeyRotationStatus(r -> r.keyId(key.keyId())).keyRotationEnabled()).isTrue();
    }

    @Test
    void keyPolicy_letsTheAccountAdministerThroughIam_butOnlyTheClusterRoleEncrypts() {
        String arn = f.steps().secretsKey().ensure(spec);

        JsonNode policy = Json.read(kms.getKeyPolicy(r -> r.keyId(arn).policyName("default")).policy());
        JsonNode admin = policy.at("/Statement/0");
        JsonNode use = policy.at("/Statement/1");
        assertThat(admin.at("/Principal/AWS").asText()).isEqualTo("arn:aws:iam::123456789012:root");
        assertThat(texts(admin.path("Action"))).contains("kms:Put*", "kms:ScheduleKeyDeletion", "kms:Create*")
                .noneMatch(a -> a.startsWith("kms:Encrypt") || a.startsWith("kms:Decrypt") || a.startsWith("kms:GenerateDataKey") || a.equals("kms:*"));
        assertThat(use.at("/Principal/AWS").asText()).isEqualTo("arn:aws:iam::123456789012:role/nodeless/nodeless-demo-cluster");
        assertThat(texts(use.path("Action"))).contains("kms:Encrypt", "kms:Decrypt");
    }

    @Test
    void givenKey_isUsedAsIs_neverCreatedOrDeleted_andADisabledOneIsRefused() {
        var created = kms.createKey(r -> r.description("team key")).keyMetadata();
        String mine = created.arn();
        ClusterSpec given = spec.withControlPlane(null, new ClusterSpec.Encryption(mine, false), null, null, null);

        assertThat(f.steps().secretsKey().ensure(given)).isEqualTo(mine);
        assertThat(f.steps().secretsKey().delete(given, "kms-key").reason()).startsWith("ignored because the key " + mine + " is the spec's own");
        assertThat(kms.describeKey(r -> r.keyId(mine)).keyMetadata().keyState()).isEqualTo(KeyState.ENABLED);
        assertThat(kms.listKeys().keys()).hasSize(1);

        kms.disableKey(r -> r.keyId(created.keyId())); // moto 5.2's DisableKey answers 500 to a key ARN, so the id
        assertThatThrownBy(() -> f.steps().secretsKey().ensure(given)).isInstanceOf(InvalidStepInputException.class)
                .hasMessage("encryption.kmsKeyArn " + mine + " is Disabled, not Enabled");
    }

    @Test
    void noEncryption_createsNoKey() {
        ClusterSpec off = spec.withControlPlane(null, new ClusterSpec.Encryption(null, false), null, null, null);

        assertThat(f.steps().secretsKey().ensure(off)).isNull();
        assertThat(kms.listKeys().keys()).isEmpty();
    }

    @Test
    void aliasOnAKeyOfSomeoneElse_isRefused_andNotUsed() {
        String foreign = kms.createKey(r -> r.description("not ours")).keyMetadata().keyId();
        kms.createAlias(r -> r.aliasName("alias/nodeless/demo").targetKeyId(foreign));

        assertThatThrownBy(() -> f.steps().secretsKey().ensure(spec)).isInstanceOf(InvalidStepInputException.class)
                .hasMessageContaining("exists but was not created by this Nodeless stack");
        assertThatThrownBy(() -> f.steps().secretsKey().delete(spec, "kms-key")).isInstanceOf(InvalidStepInputException.class);
        assertThat(kms.describeKey(r -> r.keyId(foreign)).keyMetadata().keyState()).isEqualTo(KeyState.ENABLED);
    }

    @Test
    void teardown_schedulesDeletionWithTheShortestWindow_removesTheAlias_thenReportsAbsent() {
        String arn = f.steps().secretsKey().ensure(spec);

        StepResult deleted = f.steps().secretsKey().delete(spec, "kms-key");
        StepResult again = f.steps().secretsKey().delete(spec, "kms-key");

        assertThat(deleted.status()).isEqualTo(StepResult.DELETED);
        assertThat(deleted.details()).containsEntry("keyArn", arn);
        var key = kms.describeKey(r -> r.keyId(arn)).keyMetadata();
        assertThat(key.keyState()).isEqualTo(KeyState.PENDING_DELETION);
        assertThat(Duration.between(Instant.now(), key.deletionDate())).isBetween(Duration.ofDays(6), Duration.ofDays(7).plusMinutes(1));
        assertThat(kms.listAliases().aliases()).noneMatch(a -> a.aliasName().equals("alias/nodeless/demo"));
        assertThat(again.status()).isEqualTo(StepResult.ABSENT);
        assertThat(f.steps().secretsKey().ensure(spec)).as("a new cluster of the same name gets a new key").isNotEqualTo(arn);
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
