package dev.nodeless.update;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nodeless.spec.ClusterSpec;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AffectedStepsTest {

    /**
     * Every leaf field of ClusterSpec, found by walking the records (a nested record is descended into; lists, maps and
     * scalars are leaves). A field added to the spec by anyone shows up here without this test being edited.
     */
    static List<String> leafFields(Class<?> type, String prefix) {
        List<String> fields = new ArrayList<>();
        for (RecordComponent c : type.getRecordComponents()) {
            String path = prefix.isEmpty() ? c.getName() : prefix + "." + c.getName();
            if (c.getType().isRecord()) fields.addAll(leafFields(c.getType(), path));
            else fields.add(path);
        }
        return fields;
    }

    @Test
    void everyFieldOfTheClusterSpec_hasAnUpdateRule_onItselfOrAnAncestor() {
        List<String> fields = leafFields(ClusterSpec.class, "");
        assertThat(fields).as("the walk found the nested records").contains("buffer.pod.cpu", "addons.externalDns.hostedZoneId",
                "network.create.cidr");

        List<String> unmapped = fields.stream().filter(f -> AffectedSteps.find("$." + f).isEmpty()).toList();
        assertThat(unmapped).as("spec fields without a rule in AffectedSteps: decide which steps changing them needs, "
                + "or RegistryOnly, or Refused with why").isEmpty();
    }

    @Test
    void everyRule_namesARealField_andEveryStepItListsIsOneUpdateClusterRuns() {
        List<String> fields = leafFields(ClusterSpec.class, "");
        for (var e : AffectedSteps.all().entrySet()) {
            assertThat(fields).as("rule %s covers a field", e.getKey())
                    .anyMatch(f -> f.equals(e.getKey()) || f.startsWith(e.getKey() + "."));
            if (e.getValue() instanceof AffectedSteps.Steps s) {
                assertThat(s.steps()).as(e.getKey()).isNotEmpty();
                assertThat(AffectedSteps.ORDER).as(e.getKey()).containsAll(s.steps());
            }
        }
    }

    @Test
    void ruleFor_takesTheNearestAncestor_andBracketedMapKeys() {
        assertThat(AffectedSteps.ruleFor("$.network.create.cidr")).isInstanceOf(AffectedSteps.Refused.class);
        assertThat(AffectedSteps.ruleFor("$.addons.kubeOpsView.scheme")).isEqualTo(new AffectedSteps.Steps(List.of("applyKubernetes", "verifyCluster")));
        assertThat(AffectedSteps.ruleFor("$.tags['kubernetes.io/owner.team']")).isInstanceOf(AffectedSteps.Steps.class);
        assertThat(AffectedSteps.ruleFor("$.buffer.maxReplicas")).isInstanceOf(AffectedSteps.RegistryOnly.class);
    }

    @Test
    void aFieldWithoutARule_failsLoudly_namingIt() {
        assertThatThrownBy(() -> AffectedSteps.ruleFor("$.karpenter.futureField")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no update rule covers $.karpenter.futureField");
    }

    @Test
    void steps_areTheUnionInTheBootstrapsOrder() {
        assertThat(AffectedSteps.steps(List.of(new AffectedSteps.Steps(List.of("verifyCluster", "applyKubernetes")),
                new AffectedSteps.RegistryOnly(), new AffectedSteps.Steps(List.of("ensureAccessEntries", "applyKubernetes")))))
                .containsExactly("ensureAccessEntries", "applyKubernetes", "verifyCluster");
    }
}
