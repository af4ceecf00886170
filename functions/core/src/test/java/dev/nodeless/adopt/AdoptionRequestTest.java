package dev.nodeless.adopt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nodeless.spec.InvalidSpecException;
import dev.nodeless.spec.SpecDefaults;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** adopt-cluster's input: the sample files, defaults from the spec's buffer section, every problem at once. */
class AdoptionRequestTest {

    @SuppressWarnings("unchecked")
    private static Map<String, Object> sample(String file) throws Exception {
        Path root = Path.of(System.getProperty("nodeless.root", "../.."));
        return new ObjectMapper().readValue(Files.readString(root.resolve("events").resolve(file)), Map.class);
    }

    @Test
    void sampleInputs_readAsAdoptAndRelease() throws Exception {
        AdoptionRequest adopt = AdoptionRequest.read(sample("adopt-cluster-input.json"));
        AdoptionRequest release = AdoptionRequest.read(sample("release-cluster-input.json"));

        assertThat(adopt.release()).isFalse();
        assertThat(adopt.grantAccess()).isTrue();
        assertThat(adopt.buffer().maxReplicas()).isEqualTo(20);
        assertThat(release.release()).isTrue();
        assertThat(release.grantAccess()).isFalse();
    }

    @Test
    void absentBuffer_getsTheSpecsDefaults_andAbsentActionIsAdopt() {
        AdoptionRequest r = AdoptionRequest.read(Map.of("clusterName", "payments"));

        assertThat(r.action()).isEqualTo(AdoptionRequest.ADOPT);
        assertThat(r.grantAccess()).isFalse();
        assertThat(r.buffer().baselineReplicas()).isEqualTo(SpecDefaults.BUFFER_BASELINE);
        assertThat(r.buffer().backend()).isEqualTo("pause-pods");
        assertThat(r.spec("eu-west-1", "1.33", null).karpenter()).isNull();
        assertThat(r.spec("eu-west-1", "1.33", null).network()).as("nothing describes how to build it").isNull();
    }

    @Test
    void everyProblem_isListedWithItsPath() {
        assertThatThrownBy(() -> AdoptionRequest.read(Map.of("clusterName", "bad name", "action", "take", "grantAccess", "yes",
                "buffer", Map.of("pod", Map.of("cpu", "0")))))
                .isInstanceOf(InvalidSpecException.class)
                .satisfies(e -> assertThat(((InvalidSpecException) e).problems()).containsExactlyInAnyOrder(
                        "$.action: must be 'adopt' or 'release', got 'take'",
                        "$.grantAccess: must be true or false, got yes",
                        "$.clusterName: must start with a letter or digit and contain only letters, digits, '-' and '_', got 'bad name'",
                        "$.buffer.pod.cpu: must be more than zero, got '0'"));
    }

    @Test
    void release_takesNoBufferOrGrant() {
        assertThatThrownBy(() -> AdoptionRequest.read(Map.of("clusterName", "payments", "action", "release", "grantAccess", true)))
                .hasMessageContaining("release takes only clusterName");
    }
}
