package dev.nodeless.upgrade;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UpgradePathTest {

    @Test
    void twoMinors_areTwoSteps_inOrder() {
        UpgradePath p = UpgradePath.between("1.32", "1.34");

        assertThat(p.steps()).containsExactly("1.33", "1.34");
        assertThat(p.next()).isEqualTo("1.33");
    }

    @Test
    void sameVersion_orNewCluster_hasNoStep() {
        assertThat(UpgradePath.between("1.33", "1.33").steps()).isEmpty();
        assertThat(UpgradePath.between("1.33", "1.33").next()).isNull();
        assertThat(UpgradePath.between(null, "1.33").steps()).isEmpty();
    }

    @Test
    void downgrade_isRefusedWithTheReason() {
        assertThat(UpgradePath.refusal("1.34", "1.32")).hasValue("the cluster runs Kubernetes 1.34 and the spec asks 1.32: EKS cannot "
                + "downgrade a control plane; keep kubernetesVersion at 1.34 or higher, or create a new cluster at 1.32");
        assertThatThrownBy(() -> UpgradePath.between("1.34", "1.33")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cannot downgrade");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "1.33 | 1.36 | kubernetesVersion 1.36 is not one EKS offers (Nodeless knows [1.32, 1.33, 1.34])",
            "1.29 | 1.32 | moving 1.29 to 1.32 passes through 1.30, which EKS no longer offers (Nodeless knows [1.32, 1.33, 1.34])",
            "1.33 | 2.0  | kubernetesVersion '2.0' is not a Kubernetes minor version like 1.33",
            "v1.33 | 1.34 | the cluster reports version 'v1.33', which Nodeless cannot read as a Kubernetes minor version"})
    void unknownVersions_areRefused(String current, String target, String reason) {
        assertThat(UpgradePath.refusal(current, target)).hasValue(reason);
    }

    @Test
    void aClusterOneBelowTheOldestOffered_canStillStepUp() {
        assertThat(UpgradePath.between("1.31", "1.33").steps()).isEqualTo(List.of("1.32", "1.33"));
    }
}
