package dev.nodeless.aws.eks;

import static dev.nodeless.aws.AwsTestSupport.input;
import static org.assertj.core.api.Assertions.assertThat;

import dev.nodeless.aws.AwsTestSupport;
import dev.nodeless.bootstrap.StepInput;
import dev.nodeless.bootstrap.StepResult;
import dev.nodeless.spec.ClusterSpec;
import dev.nodeless.testing.EksUpgradeStub;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.eks.model.InsightStatusValue;

/**
 * The upgrade steps against moto (clusters, tags, IAM, network) with {@link EksUpgradeStub} for the EKS calls moto 5.2
 * lacks (UpdateClusterVersion, DescribeUpdate, ListInsights, DescribeInsight, DescribeAddonVersions, add-ons).
 */
class ClusterUpgradeTest {

    private AwsTestSupport.Fixture f;
    private EksUpgradeStub eks;
    private final ClusterSpec at132 = AwsTestSupport.withVersion(AwsTestSupport.spec("demo"), "1.32");
    private final ClusterSpec at134 = AwsTestSupport.withVersion(at132, "1.34");

    @BeforeEach
    void clusterAt132WithAddons() {
        f = AwsTestSupport.fresh(moto -> new EksUpgradeStub(moto, 2));
        eks = (EksUpgradeStub) f.eks();
        AwsTestSupport.clusterReady(f, at132);
        for (String addon : Addons.TARGETS) f.steps().addons().ensure(input(at132, addon));
    }

    @Test
    void twoMinors_oneUpdateEach_addonsToEachDefault_thenNothingToDo() {
        List<String> history = runUpgrade(at134, "1.14.1");

        assertThat(history).containsExactly("planUpgrade PLANNED 1.33", "preflightUpgrade 1.33 ACTIVE", "upgradeControlPlane 1.33 UPDATED",
                "upgradeAddons 1.33 ACTIVE", "planUpgrade PLANNED 1.34", "preflightUpgrade 1.34 ACTIVE", "upgradeControlPlane 1.34 UPDATED",
                "upgradeAddons 1.34 ACTIVE", "planUpgrade UNCHANGED ");
        assertThat(eks.versionRequests).containsExactly("1.33", "1.34");
        assertThat(eks.addonUpdates).containsExactly("vpc-cni v1.33.1-eksbuild.1", "kube-proxy v1.33.1-eksbuild.1", "coredns v1.33.1-eksbuild.1",
                "metrics-server v1.33.1-eksbuild.1", "aws-ebs-csi-driver v1.33.1-eksbuild.1",
                "vpc-cni v1.34.1-eksbuild.1", "kube-proxy v1.34.1-eksbuild.1", "coredns v1.34.1-eksbuild.1",
                "metrics-server v1.34.1-eksbuild.1", "aws-ebs-csi-driver v1.34.1-eksbuild.1");
        assertThat(eks.describeCluster(r -> r.name("demo")).cluster().version()).isEqualTo("1.34");
        // The upgrade keeps coredns on Fargate (its configuration is not reset by the version change).
        assertThat(eks.describeAddon(r -> r.clusterName("demo").addonName("coredns")).addon().configurationValues()).isEqualTo(Addons.COREDNS_ON_FARGATE);

        assertThat(runUpgrade(at134, "1.14.1")).containsExactly("planUpgrade UNCHANGED ");
        assertThat(f.steps().clusterUpgrade().controlPlane(input(at134, "1.34")).status()).isEqualTo(StepResult.UPDATED);
        assertThat(f.steps().addonUpgrade().ensure(input(at134, "1.34")).status()).isEqualTo(StepResult.ACTIVE);
        assertThat(eks.versionRequests).hasSize(2);
        assertThat(eks.addonUpdates).as("no add-on moved again").hasSize(10);
    }

    @Test
    void downgrade_isRefusedBeforeAnyChange() {
        runUpgrade(AwsTestSupport.withVersion(at132, "1.33"), "1.14.1"); // 1.32 is the oldest EKS still offers
        int updates = eks.versionRequests.size();

        StepResult r = f.steps().clusterUpgrade().plan(input(at132, null), "1.14.1");

        assertThat(r.status()).isEqualTo(StepResult.FAILED);
        assertThat(r.reason()).startsWith("the cluster runs Kubernetes 1.33 and the spec asks 1.32: EKS cannot downgrade");
        assertThat(eks.versionRequests).hasSize(updates);
    }

    @Test
    void runningKarpenterTooOldForAStep_isRefusedBeforeAnyChange() {
        StepResult r = f.steps().clusterUpgrade().plan(input(at134, null), "1.5.2");

        assertThat(r.status()).isEqualTo(StepResult.FAILED);
        assertThat(r.reason()).startsWith("the cluster runs Karpenter 1.5.2 does not support Kubernetes 1.34");
    }

    @Test
    void anErrorInsight_stopsWithItsText_aWarningDoesNot() {
        eks.addInsight("1.33", InsightStatusValue.WARNING, "Kubelet version skew", "Node kubelet versions lag", "");
        assertThat(f.steps().clusterUpgrade().preflight(input(at134, "1.33"), null).status()).isEqualTo(StepResult.ACTIVE);

        eks.addInsight("1.33", InsightStatusValue.ERROR, "Deprecated APIs removed in Kubernetes v1.33",
                "Deprecated API usage detected within last 30 days.", "Update manifests and clients to use newer APIs.");
        StepResult r = f.steps().clusterUpgrade().preflight(input(at134, "1.33"), null);

        assertThat(r.status()).isEqualTo(StepResult.FAILED);
        assertThat(r.reason()).isEqualTo("EKS upgrade insights block the move to 1.33: Deprecated APIs removed in Kubernetes v1.33: "
                + "Deprecated API usage detected within last 30 days. Recommendation: Update manifests and clients to use newer APIs.");
        assertThat(eks.versionRequests).isEmpty();
    }

    @Test
    void aFailedUpdate_failsTheStepWithItsErrors_andALaterRunTriesAgain() {
        eks.failNextUpdate("ClusterUnreachable", "The control plane could not reach the cluster's nodes");
        StepInput first = input(at134, "1.33");
        StepResult r = f.steps().clusterUpgrade().controlPlane(first);
        while (!r.done()) r = f.steps().clusterUpgrade().controlPlane(new StepInput(at134, "1.33", Map.of(ClusterUpgrade.CONTROL_PLANE, asOutput(r))));

        assertThat(r.status()).isEqualTo(StepResult.FAILED);
        assertThat(r.reason()).isEqualTo("EKS update update-1 to 1.33 is Failed: ClusterUnreachable: The control plane could not reach the cluster's nodes");

        StepResult again = AwsTestSupport.untilDone(x -> f.steps().clusterUpgrade().controlPlane(input(at134, "1.33")), "upgradeControlPlane");
        assertThat(again.status()).isEqualTo(StepResult.UPDATED);
        assertThat(eks.versionRequests).containsExactly("1.33", "1.33");
    }

    @Test
    void aVersionThatIsNotTheNextMinor_isRefused() {
        StepResult r = f.steps().clusterUpgrade().controlPlane(input(at134, "1.34"));

        assertThat(r.status()).isEqualTo(StepResult.FAILED);
        assertThat(r.reason()).contains("EKS moves one minor version per update, so 1.34 is not the next step");
        assertThat(eks.versionRequests).isEmpty();
    }

    /** Drives the steps the way the state machine's version loop does; answers "step [target] status [next]" per done step. */
    private List<String> runUpgrade(ClusterSpec spec, String karpenter) {
        List<String> history = new ArrayList<>();
        for (int turn = 0; turn < 10; turn++) {
            StepResult plan = f.steps().clusterUpgrade().plan(input(spec, null), karpenter);
            history.add(plan.step() + " " + plan.status() + " " + plan.details().get("next"));
            String next = plan.details().get("next");
            if (next.isEmpty()) return history;
            StepResult pre = f.steps().clusterUpgrade().preflight(input(spec, next), karpenter);
            history.add(pre.step() + " " + next + " " + pre.status());
            StepResult cp = AwsTestSupport.untilDone(x -> f.steps().clusterUpgrade().controlPlane(input(spec, next)), "upgradeControlPlane");
            history.add(cp.step() + " " + next + " " + cp.status());
            StepResult addons = AwsTestSupport.untilDone(x -> f.steps().addonUpgrade().ensure(input(spec, next)), "upgradeAddons");
            history.add(addons.step() + " " + next + " " + addons.status());
        }
        throw new AssertionError("no end after 10 turns: " + history);
    }

    private static Map<String, Object> asOutput(StepResult r) {
        return Map.of("step", r.step(), "status", r.status(), "details", r.details());
    }
}
