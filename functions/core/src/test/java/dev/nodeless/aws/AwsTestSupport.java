package dev.nodeless.aws;

import dev.nodeless.bootstrap.StepInput;
import dev.nodeless.spec.ClusterSpec;
import dev.nodeless.testing.EksAddonAndAccessEntryStub;
import dev.nodeless.testing.MotoServer;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Specs and step wiring shared by the AWS step tests (all against one moto server, reset per test). */
public final class AwsTestSupport {

    public static final String REGION = "eu-west-1";
    public static final String AUTOMATION_ROLE = "arn:aws:iam::123456789012:role/nodeless-bootstrap-kubernetes";
    /** The owner id of the stack under test (in production: its registry table's name). */
    public static final String OWNER = "nodeless-RegistryTable-TEST";
    public static final String ADMIN = "arn:aws:iam::123456789012:role/platform-admin";

    private AwsTestSupport() {}

    /** A spec like events/bootstrap-input.json: created network over 3 AZs, every controller on. */
    public static ClusterSpec spec(String name) {
        return new ClusterSpec(name, REGION, "1.33",
                new ClusterSpec.Endpoint(true, true, List.of("203.0.113.0/24")),
                new ClusterSpec.Network(null, null, new ClusterSpec.Network.Create("10.0.0.0/16", 3)),
                List.of(ADMIN),
                new ClusterSpec.Karpenter("1.14.1", List.of("spot", "on-demand"), 1000, "1000Gi", "720h", "30s", List.of("c", "m", "r"), "al2023@latest"),
                new ClusterSpec.Buffer(ClusterSpec.Buffer.PAUSE_PODS, 1, 10, new ClusterSpec.Buffer.Pod("1", "2Gi"), "10m", "5m"),
                new ClusterSpec.Addons(new ClusterSpec.Addons.Toggle(true),
                        new ClusterSpec.Addons.ExternalDns(true, "demo.example.com", "Z0123456789ABCDEFGHIJ"),
                        new ClusterSpec.Addons.KubeOpsView(true, "internal", List.of()),
                        new ClusterSpec.Addons.Inflate(false, 0, "1")),
                Map.of("team", "platform"));
    }

    public static ClusterSpec withNetwork(ClusterSpec s, ClusterSpec.Network network) {
        return new ClusterSpec(s.clusterName(), s.region(), s.kubernetesVersion(), s.endpoint(), network, s.admins(), s.karpenter(),
                s.buffer(), s.addons(), s.tags());
    }

    public static ClusterSpec withAdmins(ClusterSpec s, List<String> admins) {
        return withAccess(s, admins, s.viewers(), s.confirmAccessRemoval());
    }

    public static ClusterSpec withAccess(ClusterSpec s, List<String> admins, List<String> viewers, List<String> confirmAccessRemoval) {
        return new ClusterSpec(s.clusterName(), s.region(), s.kubernetesVersion(), s.endpoint(), s.network(), admins, viewers,
                confirmAccessRemoval, s.karpenter(), s.buffer(), s.addons(), s.tags());
    }

    public static ClusterSpec withVersion(ClusterSpec s, String version) {
        return new ClusterSpec(s.clusterName(), s.region(), version, s.endpoint(), s.network(), s.admins(), s.karpenter(),
                s.buffer(), s.addons(), s.tags());
    }

    public static ClusterSpec withAddons(ClusterSpec s, ClusterSpec.Addons addons) {
        return new ClusterSpec(s.clusterName(), s.region(), s.kubernetesVersion(), s.endpoint(), s.network(), s.admins(), s.karpenter(),
                s.buffer(), addons, s.tags());
    }

    public static ClusterSpec withTags(ClusterSpec s, Map<String, String> tags) {
        return new ClusterSpec(s.clusterName(), s.region(), s.kubernetesVersion(), s.endpoint(), s.network(), s.admins(), s.karpenter(),
                s.buffer(), s.addons(), tags);
    }

    /** The spec with teardown's confirmation of the cluster's name (a protected cluster is deleted only with it). */
    public static ClusterSpec confirmDeletion(ClusterSpec s) {
        return s.withControlPlane(s.logging(), s.encryption(), s.upgradePolicy(), s.deletionProtection(), s.clusterName());
    }

    public static StepInput input(ClusterSpec spec, String target) {
        return new StepInput(spec, target, Map.of());
    }

    /** A fresh moto and the step services, with the in-memory add-on/access-entry stub in front of moto's EKS. */
    public static Fixture fresh() {
        return fresh(EksAddonAndAccessEntryStub::new);
    }

    /** A fresh moto with the given stub in front of moto's EKS (for calls moto lacks). */
    public static Fixture fresh(java.util.function.Function<software.amazon.awssdk.services.eks.EksClient, EksAddonAndAccessEntryStub> stub) {
        MotoServer moto = MotoServer.get();
        moto.reset();
        AwsClients clients = moto.clients(REGION);
        EksAddonAndAccessEntryStub eks = stub.apply(clients.eks());
        return new Fixture(moto, clients, eks, new AwsSteps(clients, eks, OWNER, Optional.of(AUTOMATION_ROLE)));
    }

    /** Runs the steps a cluster needs (base roles, network, cluster) so that later steps can be tested alone. */
    public static void clusterReady(Fixture f, ClusterSpec spec) {
        for (String role : List.of("cluster", "fargate", "node")) f.steps().iamRoles().ensure(input(spec, role));
        WholeAwsBootstrapTwiceTest.untilDone(x -> f.steps().network().ensure(input(spec, null)), "ensureNetwork");
        WholeAwsBootstrapTwiceTest.untilDone(x -> f.steps().cluster().ensure(input(spec, null)), "ensureCluster");
    }

    /** Calls a step until it is done (at most 10 times), failing the test on FAILED or no end. */
    public static dev.nodeless.bootstrap.StepResult untilDone(java.util.function.Function<Integer, dev.nodeless.bootstrap.StepResult> call, String what) {
        return WholeAwsBootstrapTwiceTest.untilDone(call, what);
    }

    public record Fixture(MotoServer moto, AwsClients clients, EksAddonAndAccessEntryStub eks, AwsSteps steps) {}
}
