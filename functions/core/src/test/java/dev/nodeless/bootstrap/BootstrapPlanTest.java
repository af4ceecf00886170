package dev.nodeless.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nodeless.spec.ClusterSpec;
import dev.nodeless.spec.SpecFixtures;
import dev.nodeless.spec.Specs;
import java.util.List;
import org.junit.jupiter.api.Test;

class BootstrapPlanTest {

    private static String key(PlannedStep s) {
        return s.target() == null ? s.step() : s.step() + ":" + s.target();
    }

    private static int orderOf(List<PlannedStep> plan, String key) {
        return plan.stream().filter(s -> key(s).equals(key)).findFirst().orElseThrow(() -> new AssertionError("no step " + key)).order();
    }

    @Test
    void runbookCluster_followsArchitectureSection3_inOrder() {
        List<PlannedStep> plan = BootstrapPlan.bootstrap(SpecFixtures.sampleSpec());

        assertThat(plan).extracting(BootstrapPlanTest::key).containsExactly(
                "validateSpec", "planUpgrade", "registerCluster:BOOTSTRAPPING",
                "ensureIamRole:cluster", "ensureIamRole:fargate", "ensureIamRole:node",
                "ensureNetwork", "ensureCluster", "ensureCluster", "ensureOidcProvider",
                "ensureIrsaRole:karpenter", "ensureIrsaRole:load-balancer-controller", "ensureIrsaRole:external-dns", "ensureIrsaRole:ebs-csi-driver",
                "ensureFargateProfile:karpenter", "ensureFargateProfile:kube-system",
                "ensureAddon:vpc-cni", "ensureAddon:kube-proxy", "ensureAddon:coredns", "ensureAddon:metrics-server", "ensureAddon:aws-ebs-csi-driver",
                "ensureAccessEntries", "ensureInterruptionQueue", "applyKubernetes", "verifyCluster", "registerCluster:ACTIVE");
        assertThat(orderOf(plan, "ensureIamRole:cluster")).as("IAM roles in parallel")
                .isEqualTo(orderOf(plan, "ensureIamRole:node")).isEqualTo(orderOf(plan, "ensureIamRole:fargate"));
        assertThat(orderOf(plan, "ensureFargateProfile:karpenter")).as("one Fargate profile operation at a time")
                .isLessThan(orderOf(plan, "ensureFargateProfile:kube-system"));
        assertThat(plan).extracting(PlannedStep::order).isSorted();
        assertThat(plan).filteredOn(p -> p.step().equals("ensureCluster")).extracting(PlannedStep::service).as("the key, then the cluster with it")
                .containsExactly("kms", "eks");
    }

    @Test
    void namesComeFromResourceNames() {
        List<PlannedStep> plan = BootstrapPlan.bootstrap(SpecFixtures.sampleSpec());

        assertThat(plan).filteredOn(s -> key(s).equals("ensureIamRole:node")).singleElement()
                .extracting(PlannedStep::resourceName).isEqualTo("nodeless-nodeless-demo-node");
        assertThat(plan).filteredOn(s -> key(s).equals("ensureInterruptionQueue")).singleElement()
                .extracting(PlannedStep::resourceName).isEqualTo("nodeless_nodeless-demo");
        assertThat(plan).filteredOn(s -> key(s).equals("ensureNetwork")).singleElement()
                .satisfies(s -> assertThat(s.action()).startsWith("create VPC 10.0.0.0/16 with a public and a private subnet in 3 AZs"));
    }

    @Test
    void disabledAddons_getNoIrsaRole_andGivenSubnetsAreOnlyChecked() {
        ObjectNode n = SpecFixtures.minimal();
        SpecFixtures.put(n, "/network/subnetIds", "[\"subnet-0123456789abcdef0\", \"subnet-0123456789abcdef1\"]");
        SpecFixtures.put(n, "/addons/kubeOpsView/enabled", "false");
        SpecFixtures.put(n, "/addons/loadBalancerController/enabled", "false");
        ClusterSpec spec = Specs.normalise(n);

        List<PlannedStep> plan = BootstrapPlan.bootstrap(spec);

        assertThat(plan).extracting(BootstrapPlanTest::key).contains("ensureIrsaRole:karpenter")
                .doesNotContain("ensureIrsaRole:load-balancer-controller", "ensureIrsaRole:external-dns");
        assertThat(plan).filteredOn(s -> s.step().equals("ensureNetwork")).singleElement()
                .satisfies(s -> assertThat(s.action()).startsWith("check and tag the given subnets"));
    }

    @Test
    void teardown_removesInReverse_kubernetesFirst_registryLast() {
        List<PlannedStep> teardown = BootstrapPlan.teardown(SpecFixtures.sampleSpec());

        assertThat(teardown).extracting(BootstrapPlanTest::key).containsExactly(
                "teardownStep:deletion-protection", "registerCluster:DELETING", "teardownKubernetes",
                "teardownStep:interruption-queue", "teardownStep:access-entries", "teardownStep:addons",
                "teardownStep:fargate-profile:karpenter", "teardownStep:fargate-profile:kube-system", "teardownStep:cluster",
                "teardownStep:kms-key", "teardownStep:irsa-roles", "teardownStep:oidc-provider", "teardownStep:iam-roles", "teardownStep:network",
                "teardownStep:registry");
        // what the bootstrap created later is deleted earlier
        List<PlannedStep> bootstrap = BootstrapPlan.bootstrap(SpecFixtures.sampleSpec());
        assertThat(orderOf(bootstrap, "ensureInterruptionQueue")).isGreaterThan(orderOf(bootstrap, "ensureCluster"));
        assertThat(orderOf(teardown, "teardownStep:interruption-queue")).isLessThan(orderOf(teardown, "teardownStep:cluster"));
        assertThat(orderOf(bootstrap, "ensureNetwork")).isLessThan(orderOf(bootstrap, "ensureCluster"));
        assertThat(orderOf(teardown, "teardownStep:network")).isGreaterThan(orderOf(teardown, "teardownStep:cluster"));
    }
}
