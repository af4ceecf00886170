package dev.nodeless.upgrade;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nodeless.bootstrap.PlannedStep;
import dev.nodeless.spec.ClusterSpec;
import dev.nodeless.spec.Specs;
import org.junit.jupiter.api.Test;

class UpgradePlanTest {

    static ClusterSpec spec(String kubernetes, String karpenter) {
        return Specs.normalise("{\"clusterName\": \"demo\", \"region\": \"eu-west-1\", \"admins\": [\"arn:aws:iam::123456789012:role/Admin\"], \"kubernetesVersion\": \"" + kubernetes + "\", "
                + "\"karpenter\": {\"version\": \"" + karpenter + "\"}, \"network\": {\"create\": {\"cidr\": \"10.0.0.0/16\"}}}");
    }

    @Test
    void twoMinors_twoVersionSteps_eachWithItsVersionAsTarget() {
        UpgradePlan p = UpgradePlan.of(spec("1.34", "1.14.1"), spec("1.32", "1.14.1"));

        assertThat(p.steps()).extracting(UpgradePlan.VersionStep::target).containsExactly("1.33", "1.34");
        assertThat(p.steps()).extracting(UpgradePlan.VersionStep::from).containsExactly("1.32", "1.33");
        assertThat(p.steps().get(1).actions()).extracting(PlannedStep::step)
                .containsExactly("preflightUpgrade", "upgradeControlPlane", "upgradeAddons", "restartFargatePods");
        assertThat(p.steps().get(1).actions()).allSatisfy(a -> assertThat(a.target()).isEqualTo("1.34"));
        assertThat(p.steps().get(1).actions().get(1).action()).isEqualTo("UpdateClusterVersion 1.33 -> 1.34, wait until the update is Successful");
        assertThat(p.notes()).anySatisfy(n -> assertThat(n).startsWith("EC2NodeClass amiSelectorTerms alias al2023@latest"));
        assertThat(p.notes()).noneSatisfy(n -> assertThat(n).startsWith("Karpenter 1.14.1 ->"));
    }

    @Test
    void karpenterOnly_noVersionStep_aChartNote() {
        UpgradePlan p = UpgradePlan.of(spec("1.33", "1.14.1"), spec("1.33", "1.6.0"));

        assertThat(p.steps()).isEmpty();
        assertThat(p.notes()).containsExactly("Karpenter 1.6.0 -> 1.14.1: applyKubernetes, after the version loop, applies the 1.14.1 chart "
                + "with its CRDs first");
    }

    @Test
    void refusals_areTheBootstrapsOwn() {
        assertThat(UpgradePlan.refusal(spec("1.32", "1.14.1"), spec("1.34", "1.14.1"))).get().asString().contains("cannot downgrade");
        assertThat(UpgradePlan.refusal(spec("1.34", "1.14.1"), spec("1.32", "1.2.0"))).get().asString()
                .startsWith("the cluster runs Karpenter 1.2.0 does not support Kubernetes 1.33");
        assertThatThrownBy(() -> UpgradePlan.of(spec("1.34", "1.14.1"), spec("1.32", "1.2.0"))).isInstanceOf(IllegalArgumentException.class);
    }
}
