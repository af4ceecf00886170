package dev.nodeless.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nodeless.spec.ClusterSpec;
import dev.nodeless.spec.InvalidSpecException;
import dev.nodeless.spec.SpecFixtures;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The handler only adapts; these run it directly on the sample inputs as Lambda would pass them (JSON as maps). */
class ValidateSpecHandlerTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static Map<String, Object> event(String file) throws Exception {
        return JSON.readValue(SpecFixtures.root().resolve(file).toFile(), new TypeReference<>() {});
    }

    @Test
    void bootstrapInput_comesBackNormalised() throws Exception {
        ClusterSpec spec = new ValidateSpecHandler("ap-northeast-2").handleRequest(event("events/bootstrap-input.json"), null);

        assertThat(spec.clusterName()).isEqualTo("nodeless-demo");
        assertThat(spec.karpenter().capacityTypes()).containsExactly("spot");
        assertThat(spec.network().securityGroupIds()).as("defaults filled in").isEmpty();
    }

    @Test
    void teardownInput_getsDefaultsForEverythingElse() throws Exception {
        ClusterSpec spec = new ValidateSpecHandler("ap-northeast-2").handleRequest(event("events/teardown-input.json"), null);

        assertThat(spec.kubernetesVersion()).isEqualTo("1.33");
        assertThat(spec.buffer().backend()).isEqualTo("pause-pods");
    }

    @Test
    void specForAnotherRegionThanTheStacks_isRefusedWithTheReason() throws Exception {
        Map<String, Object> input = event("events/bootstrap-input.json");

        assertThatThrownBy(() -> new ValidateSpecHandler("eu-west-1").handleRequest(input, null))
                .isInstanceOf(InvalidSpecException.class)
                .hasMessageContaining("$.region: must be eu-west-1, the region this Nodeless stack runs in, got 'ap-northeast-2'");
    }

    @Test
    void invalidSpec_throwsWithEveryProblemInTheMessage() throws Exception {
        Map<String, Object> invalid = event("events/invalid-spec.json");

        assertThatThrownBy(() -> new ValidateSpecHandler("ap-northeast-2").handleRequest(invalid, null))
                .isInstanceOf(InvalidSpecException.class)
                .hasMessageStartingWith("invalid cluster spec (14 problems):")
                .hasMessageContaining("$.buffer.maxReplicas: must be at least baselineReplicas (5), got 2")
                .hasMessageContaining("$.addons.externalDns.hostedZoneId: is required");
    }
}
