package dev.nodeless.adopt;

import static dev.nodeless.testing.AdoptionWorld.ADMIN_POLICY;
import static dev.nodeless.testing.AdoptionWorld.ADOPTION_ROLE;
import static dev.nodeless.testing.AdoptionWorld.RECONCILE;
import static dev.nodeless.testing.AdoptionWorld.RESOLVE;
import static dev.nodeless.testing.AdoptionWorld.WRITER;
import static org.assertj.core.api.Assertions.assertThat;

import dev.nodeless.bootstrap.StepInput;
import dev.nodeless.bootstrap.StepResult;
import dev.nodeless.cluster.ClusterRecord;
import dev.nodeless.cluster.Registration;
import dev.nodeless.maintenance.RegisteredClusters;
import dev.nodeless.testing.AdoptionWorld;
import dev.nodeless.testing.Specs;
import io.fabric8.kubernetes.api.model.scheduling.v1.PriorityClassBuilder;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * adopt-cluster's steps against moto (EKS, DynamoDB) and the Kubernetes emulator with Karpenter's real CRDs
 * ({@link AdoptionWorld}). Access entries go through the in-memory stub, since moto 5.2 has no access-entry API.
 */
class AdoptionTest {

    static final String IMAGE = "public.ecr.aws/karpenter/controller:1.14.1@sha256:723130949e4cab989461ff07d1be4cd781d63515432494641b33c235f300ae23";
    static final Map<String, String> FOREIGN_TAGS = Map.of("team", "payments", "alpha.eksctl.io/cluster-name", "payments");
    static final Map<String, Object> ADOPT = Map.of("clusterName", "payments", "grantAccess", true,
            "buffer", Map.of("baselineReplicas", 3, "maxReplicas", 12, "pod", Map.of("cpu", "500m", "memory", "1Gi")));

    final Clock clock = Clock.fixed(Instant.parse("2026-12-04T09:00:00Z"), ZoneOffset.UTC);
    AdoptionWorld world;

    @BeforeEach
    void foreignClusterWithKarpenter() {
        world = new AdoptionWorld(clock);
        world.cluster("payments", FOREIGN_TAGS);
        world.karpenter(IMAGE, "ReservedCapacity=true,SpotToSpotConsolidation=false,CapacityBuffer=false");
    }

    @AfterEach
    void close() {
        world.close();
    }

    @Test
    void adopt_withGrantAccess_createsTaggedEntries_installsOnlyTheBufferAndItsRbac_andRegistersTheClusterAsAdopted() {
        Map<String, StepResult> run = world.adopt(ADOPT);

        assertThat(run.values()).as("%s", run).allSatisfy(r -> assertThat(r.status()).isNotEqualTo(StepResult.FAILED));
        // access: exactly the four roles, each as it needs, tagged so that release finds them
        assertThat(world.eks.listAccessEntries(r -> r.clusterName("payments")).accessEntries())
                .containsExactlyInAnyOrder(ADOPTION_ROLE, WRITER, RESOLVE, RECONCILE);
        assertThat(world.eks.associatedPolicies("payments", ADOPTION_ROLE)).containsExactly(ADMIN_POLICY);
        assertThat(world.eks.associatedPolicies("payments", WRITER)).isEmpty();
        assertThat(groups(WRITER)).containsExactly("nodeless:maintenance");
        assertThat(groups(RESOLVE)).containsExactly("nodeless:maintenance-reader");
        assertThat(world.eks.describeAccessEntry(r -> r.clusterName("payments").principalArn(WRITER)).accessEntry().tags())
                .containsEntry("nodeless.dev/managed-by", AdoptionWorld.OWNER).containsEntry("nodeless.dev/adopted", "true");
        // AWS: the cluster itself is not tagged
        assertThat(world.aws.eks().describeCluster(r -> r.name("payments")).cluster().tags()).isEqualTo(FOREIGN_TAGS);
        // Kubernetes: the buffer, its PriorityClass, the maintenance RBAC and scope policy; no global default class
        var k = world.kube.client();
        assertThat(k.apps().deployments().inNamespace("nodeless").withName("pause-pods").get().getSpec().getReplicas()).isEqualTo(3);
        assertThat(k.scheduling().v1().priorityClasses().withName("pause-pods").get().getValue()).isEqualTo(-1);
        assertThat(k.scheduling().v1().priorityClasses().withName("default").get()).isNull();
        assertThat(k.rbac().clusterRoles().withName("nodeless-maintenance").get()).isNotNull();
        assertThat(k.rbac().roleBindings().inNamespace("nodeless").withName("nodeless-maintenance-reader").get()).isNotNull();
        assertThat(k.admissionRegistration().v1().validatingAdmissionPolicies().withName("nodeless-maintenance-scope").get()).isNotNull();
        assertThat(k.namespaces().withName("nodeless").get().getMetadata().getLabels()).containsEntry("pod-security.kubernetes.io/enforce", "restricted");
        assertThat(run.get("install").details()).containsEntry("karpenterVersion", "1.14.1").containsEntry("nodePools", "default")
                .containsEntry("autoMode", "false").containsEntry("capacityBufferSupported", "false")
                .containsEntry("karpenterVersionSource", "Deployment kube-system/karpenter image tag");
        // registry: adopted, ACTIVE, and served by maintenance like a created cluster
        ClusterRecord record = world.registry.find("payments").orElseThrow();
        assertThat(record.status()).isEqualTo(ClusterRecord.ACTIVE);
        assertThat(record.adopted()).isTrue();
        assertThat(record.spec().karpenter().version()).isEqualTo("1.14.1");
        assertThat(record.spec().kubernetesVersion()).isEqualTo("1.33");
        assertThat(record.outputs().get(ClusterRecord.ADOPTION_OUTPUT)).contains("\"nodePools\":\"default\"", "\"adoptedAt\":\"2026-12-04T09:00:00Z\"");
        var managed = new RegisteredClusters(world.registry).find("payments").orElseThrow();
        assertThat(managed.policy().baseline()).isEqualTo(3);
        assertThat(managed.policy().maxReplicas()).isEqualTo(12);
        assertThat(managed.backend()).isEqualTo("pause-pods");
    }

    /**
     * The scheduled reconcile serves an adopted cluster like a created one: production MaintenanceService and
     * ReconcileScheduler over the registry adopt wrote and the buffer it installed; a NodeClaim expiring inside the
     * look-ahead starts maintain-buffer, as long as the record is live (not after release started).
     */
    @Test
    void theReconcile_servesTheAdoptedCluster_andStopsWhenReleaseStarts() {
        world.adopt(ADOPT);
        var k = world.kube.client();
        Instant now = clock.instant();
        dev.nodeless.testing.KubeFixtures.nodeWithPods(k, "ip-10-1-0-7.eu-west-1.compute.internal", "i-0000000000000007a", "eu-west-1a", 2);
        k.resource(dev.nodeless.testing.KubeFixtures.nodeClaim("default-a7", "ip-10-1-0-7.eu-west-1.compute.internal", "i-0000000000000007a",
                now.minus(java.time.Duration.ofHours(720)).plus(java.time.Duration.ofMinutes(5)), "720h")).create();
        // the real NodeClaim CRD has a status subresource, so the create dropped status: Karpenter sets it afterwards
        k.genericKubernetesResources("karpenter.sh/v1", "NodeClaim").withName("default-a7").editStatus(c -> {
            c.setAdditionalProperty("status", Map.of("nodeName", "ip-10-1-0-7.eu-west-1.compute.internal",
                    "providerID", "aws:///eu-west-1a/i-0000000000000007a"));
            return c;
        });
        List<String> started = new java.util.ArrayList<>();
        var service = new dev.nodeless.maintenance.MaintenanceService(ids -> Map.of(), new RegisteredClusters(world.registry),
                c -> new dev.nodeless.kube.buffer.KubeClusterApi(world.kube.rest(), dev.nodeless.kube.buffer.KubeClusterApi.backendOf(c.backend()), clock),
                clock);
        var scheduler = new dev.nodeless.maintenance.ReconcileScheduler(service, (name, input) -> started.add(name));

        assertThat(scheduler.list().clusters()).extracting(dev.nodeless.maintenance.ReconcileScheduler.Item::cluster).containsExactly("payments");
        assertThat(scheduler.reconcile("payments").outcome()).isEqualTo("reconciled");
        assertThat(started).containsExactly(dev.nodeless.maintenance.ExecutionNames.forReconcile("payments", now));

        world.adoption().run("release", Map.of("clusterName", "payments", "action", "release"), Map.of());
        assertThat(scheduler.list().clusters()).as("RELEASING is not live").isEmpty();
    }

    @Test
    void adoptTwice_changesNothingTheSecondTime_andKeepsTheReplicasMaintenanceChose() {
        world.adopt(ADOPT);
        var buffer = world.kube.client().apps().deployments().inNamespace("nodeless").withName("pause-pods");
        buffer.edit(d -> { d.getSpec().setReplicas(7); return d; });
        ClusterRecord first = world.registry.find("payments").orElseThrow();

        Map<String, StepResult> again = world.adopt(ADOPT);

        assertThat(again.get("check").status()).isEqualTo(StepResult.UNCHANGED);
        assertThat(again.get("install").status()).as(again.get("install").reason()).isEqualTo(StepResult.UNCHANGED);
        assertThat(again.get("record").status()).isEqualTo(StepResult.UNCHANGED);
        assertThat(buffer.get().getSpec().getReplicas()).isEqualTo(7);
        assertThat(world.registry.find("payments").orElseThrow()).isEqualTo(first);
    }

    @Test
    void changedBufferSettings_updateNodelesssOwnBufferObject_andTheRegistryPolicy() {
        world.adopt(ADOPT);

        Map<String, StepResult> again = world.adopt(Map.of("clusterName", "payments", "grantAccess", true,
                "buffer", Map.of("baselineReplicas", 3, "maxReplicas", 12, "pod", Map.of("cpu", "2", "memory", "4Gi"))));

        assertThat(again.get("install").status()).isEqualTo(StepResult.UPDATED);
        assertThat(again.get("install").details()).containsEntry("configured", "Deployment nodeless/pause-pods");
        var pod = world.kube.client().apps().deployments().inNamespace("nodeless").withName("pause-pods").get().getSpec().getTemplate().getSpec();
        assertThat(pod.getContainers()).hasSize(1);
        assertThat(pod.getContainers().get(0).getResources().getRequests().get("cpu").toString()).isEqualTo("2");
        assertThat(world.kube.client().apps().deployments().inNamespace("nodeless").withName("pause-pods").get().getSpec().getReplicas())
                .as("replicas are the maintenance loop's").isEqualTo(3);
        assertThat(world.registry.find("payments").orElseThrow().spec().buffer().pod().memory()).isEqualTo("4Gi");
    }

    @Test
    void withoutGrantAccess_refusesNamingEveryMissingRole_andChangesNothing() {
        Map<String, StepResult> run = world.adopt(Map.of("clusterName", "payments"));

        StepResult check = run.get("check");
        assertThat(check.status()).isEqualTo(StepResult.FAILED);
        assertThat(check.reason()).contains("no access entry for " + ADOPTION_ROLE, "no access entry for " + WRITER,
                "Kubernetes group nodeless:maintenance", ADMIN_POLICY, "\"grantAccess\": true", "Nothing was changed");
        assertThat(run).doesNotContainKey("install");
        assertThat(world.eks.listAccessEntries(r -> r.clusterName("payments")).accessEntries()).isEmpty();
        assertThat(world.registry.find("payments")).isEmpty();
        assertThat(world.kube.client().namespaces().withName("nodeless").get()).isNull();
    }

    @Test
    void entriesTheOperatorMade_areUsed_andReleaseLeavesThem() {
        operatorEntry(ADOPTION_ROLE, List.of());
        operatorEntry(WRITER, List.of("nodeless:maintenance"));
        operatorEntry(RESOLVE, List.of("nodeless:maintenance-reader"));
        operatorEntry(RECONCILE, List.of("nodeless:maintenance-reader"));

        Map<String, StepResult> run = world.adopt(Map.of("clusterName", "payments"));
        assertThat(run.get("record").status()).as("%s", run).isEqualTo(StepResult.CREATED);
        assertThat(run.get("check").details()).containsEntry("accessEntriesCreated", "")
                .containsEntry("accessEntriesFound", String.join(",", ADOPTION_ROLE, WRITER, RESOLVE, RECONCILE));
        assertThat(run.get("check").details().get("notes")).contains(ADOPTION_ROLE + " has no " + ADMIN_POLICY);

        Map<String, StepResult> released = world.release("payments");
        assertThat(released.get("finish").details()).containsEntry("accessEntriesRemoved", "");
        assertThat(world.eks.listAccessEntries(r -> r.clusterName("payments")).accessEntries()).hasSize(4);
    }

    @Test
    void aMaintenanceEntryWithAnotherGroup_isRefused_notChanged() {
        operatorEntry(WRITER, List.of("cluster-admins"));

        StepResult check = world.adopt(ADOPT).get("check");

        assertThat(check.status()).isEqualTo(StepResult.FAILED);
        assertThat(check.reason()).contains(WRITER + " has type STANDARD and groups [cluster-admins], needs STANDARD with [nodeless:maintenance]");
        assertThat(groups(WRITER)).containsExactly("cluster-admins");
    }

    @Test
    void refusals_notFound_createdByThisStack_registeredByTheBootstrap_configMapOnly() {
        assertThat(world.adopt(Map.of("clusterName", "nowhere", "grantAccess", true)).get("check").reason())
                .contains("cluster nowhere not found in eu-west-1");

        world.cluster("ours", Map.of("nodeless.dev/managed-by", AdoptionWorld.OWNER));
        assertThat(world.adopt(Map.of("clusterName", "ours", "grantAccess", true)).get("check").reason())
                .contains("was created by this Nodeless stack");

        world.cluster("demo", Map.of());
        new Registration(world.registry, clock).register(new StepInput(Specs.spec("demo", "pause-pods"), ClusterRecord.BOOTSTRAPPING, Map.of()));
        assertThat(world.adopt(Map.of("clusterName", "demo", "grantAccess", true)).get("check").reason())
                .contains("already managed by Nodeless (registry status BOOTSTRAPPING");

        world.cluster("legacy", Map.of());
        world.eks.configMapOnly.add("legacy");
        assertThat(world.adopt(Map.of("clusterName", "legacy", "grantAccess", true)).get("check").reason())
                .contains("authenticationMode CONFIG_MAP", "API_AND_CONFIG_MAP");
        for (String c : List.of("ours", "demo", "legacy")) {
            assertThat(world.eks.listAccessEntries(r -> r.clusterName(c)).accessEntries()).as(c).isEmpty();
        }
    }

    @Test
    void badInput_isRefusedWithEveryProblem() {
        StepResult check = world.adopt(Map.of("clusterName", "payments", "grantAcess", true, "buffer",
                Map.of("backend", "balloons", "baselineReplicas", 30, "maxReplicas", 10))).get("check");

        assertThat(check.status()).isEqualTo(StepResult.FAILED);
        assertThat(check.reason()).startsWith("invalid adopt-cluster input (3 problems), nothing was changed: ").contains("$.grantAcess: unknown field", "$.buffer.backend: must be 'pause-pods' or 'capacity-buffer'",
                "$.buffer.maxReplicas: must be at least baselineReplicas (30)");
    }

    @Test
    void noKarpenter_isRefusedAfterTheCheck_andNothingIsInstalled() {
        world.kube.client().apiextensions().v1().customResourceDefinitions().withName("nodepools.karpenter.sh").delete();

        Map<String, StepResult> run = world.adopt(ADOPT);

        assertThat(run.get("install").status()).isEqualTo(StepResult.FAILED);
        assertThat(run.get("install").reason()).contains("no Karpenter v1 API (CRD nodepools.karpenter.sh with version v1 is absent)",
                "Nothing was installed");
        assertThat(world.registry.find("payments")).isEmpty();
        assertThat(world.kube.client().namespaces().withName("nodeless").get()).isNull();
    }

    @Test
    void autoMode_isDetectedFromDescribeCluster_andAdoptedWithThePausePodsBuffer_butNotACapacityBuffer() {
        world.kube.client().apps().deployments().inNamespace("kube-system").withName("karpenter").delete();
        world.eks.autoMode.add("payments");

        StepResult refused = world.adopt(Map.of("clusterName", "payments", "grantAccess", true, "buffer", Map.of("backend", "capacity-buffer")))
                .get("install");
        assertThat(refused.reason()).contains("capacity-buffer needs Karpenter with the CapacityBuffer feature gate", "EKS Auto Mode");

        Map<String, StepResult> run = world.adopt(ADOPT);
        assertThat(run.get("record").status()).as("%s", run).isEqualTo(StepResult.CREATED);
        assertThat(run.get("install").details()).containsEntry("autoMode", "true").doesNotContainKey("karpenterVersion");
        assertThat(run.get("install").details().get("karpenterVersionSource")).startsWith("EKS Auto Mode");
        assertThat(world.registry.find("payments").orElseThrow().spec().karpenter()).isNull();
    }

    @Test
    void capacityBuffer_isInstalledWhereKarpenterRunsWithItsFeatureGate() {
        world.kube.client().apps().deployments().inNamespace("kube-system").withName("karpenter").edit(d -> {
            d.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().get(0).setValue("CapacityBuffer=true,NodeRepair=false");
            return d;
        });

        Map<String, StepResult> run = world.adopt(Map.of("clusterName", "payments", "grantAccess", true, "buffer", Map.of("backend", "capacity-buffer")));

        assertThat(run.get("record").status()).as("%s", run).isEqualTo(StepResult.CREATED);
        var cb = world.kube.client().genericKubernetesResources("autoscaling.x-k8s.io/v1beta1", "CapacityBuffer").inNamespace("nodeless")
                .withName("pause-pods").get();
        assertThat(cb).isNotNull();
        assertThat(world.kube.client().scheduling().v1().priorityClasses().withName("pause-pods").get()).as("no preemption, no class").isNull();
    }

    @Test
    void aForeignObjectInTheWay_refusesTheWholeInstall() {
        world.kube.client().scheduling().v1().priorityClasses().resource(new PriorityClassBuilder().withNewMetadata().withName("pause-pods")
                .endMetadata().withValue(-10).build()).create();

        StepResult install = world.adopt(ADOPT).get("install");

        assertThat(install.status()).isEqualTo(StepResult.FAILED);
        assertThat(install.reason()).contains("PriorityClass pause-pods exists and is not Nodeless's", "Nothing was changed");
        assertThat(world.kube.client().namespaces().withName("nodeless").get()).as("checked before the first write").isNull();
        assertThat(world.kube.client().scheduling().v1().priorityClasses().withName("pause-pods").get().getValue()).isEqualTo(-10);
    }

    @Test
    void release_removesOnlyWhatAdoptInstalledAndCreated_andTwiceIsTheSame() {
        world.adopt(ADOPT);
        world.kube.client().configMaps().inNamespace("kube-system").resource(new io.fabric8.kubernetes.api.model.ConfigMapBuilder()
                .withNewMetadata().withName("theirs").withLabels(Map.of("app.kubernetes.io/managed-by", "Helm")).endMetadata().build()).create();

        Map<String, StepResult> first = world.release("payments");
        Map<String, StepResult> second = world.release("payments");

        assertThat(first.get("uninstall").status()).isEqualTo(StepResult.DELETED);
        assertThat(first.get("uninstall").details().get("deleted")).contains("Deployment nodeless/pause-pods", "PriorityClass pause-pods",
                "ClusterRole nodeless-maintenance", "ValidatingAdmissionPolicy nodeless-maintenance-scope", "Namespace nodeless");
        assertThat(first.get("finish").details().get("accessEntriesRemoved").split(",")).containsExactlyInAnyOrder(ADOPTION_ROLE, WRITER, RESOLVE, RECONCILE);
        var k = world.kube.client();
        assertThat(k.namespaces().withName("nodeless").get()).isNull();
        assertThat(k.rbac().clusterRoles().withName("nodeless-maintenance-reader").get()).isNull();
        assertThat(k.apps().deployments().inNamespace("kube-system").withName("karpenter").get()).as("theirs stays").isNotNull();
        assertThat(k.genericKubernetesResources("karpenter.sh/v1", "NodePool").withName("default").get()).isNotNull();
        assertThat(k.configMaps().inNamespace("kube-system").withName("theirs").get()).isNotNull();
        assertThat(world.eks.listAccessEntries(r -> r.clusterName("payments")).accessEntries()).isEmpty();
        assertThat(world.registry.find("payments")).isEmpty();
        assertThat(world.aws.eks().describeCluster(r -> r.name("payments")).cluster().tags()).isEqualTo(FOREIGN_TAGS);
        assertThat(second).as("nothing left: no uninstall without access").doesNotContainKey("uninstall");
        assertThat(second.get("release").status()).isEqualTo(StepResult.ABSENT);
        assertThat(second.get("finish").status()).isEqualTo(StepResult.ABSENT);
    }

    @Test
    void release_refusesAClusterTheBootstrapRegistered() {
        new Registration(world.registry, clock).register(new StepInput(Specs.spec("payments", "pause-pods"), ClusterRecord.ACTIVE, Map.of()));

        StepResult release = world.release("payments").get("release");

        assertThat(release.status()).isEqualTo(StepResult.FAILED);
        assertThat(release.reason()).contains("was created by the bootstrap", "teardown-cluster removes it");
        assertThat(world.registry.find("payments")).isPresent();
    }

    @Test
    void teardownAndBootstrap_refuseAnAdoptedCluster_atTheirFirstRegistryStep() {
        world.adopt(ADOPT);
        ClusterRecord before = world.registry.find("payments").orElseThrow();
        Registration registration = new Registration(world.registry, clock);

        for (String target : List.of(ClusterRecord.DELETING, ClusterRecord.BOOTSTRAPPING)) {
            StepResult r = registration.register(new StepInput(Specs.spec("payments", "pause-pods"), target, Map.of()));
            assertThat(r.status()).as(target).isEqualTo(StepResult.FAILED);
            assertThat(r.reason()).contains("adopted for maintenance only", "\"action\": \"release\"");
        }
        assertThat(world.registry.find("payments").orElseThrow()).isEqualTo(before);
        assertThat(world.kube.client().apps().deployments().inNamespace("nodeless").withName("pause-pods").get()).isNotNull();
    }

    private List<String> groups(String principal) {
        return world.eks.describeAccessEntry(r -> r.clusterName("payments").principalArn(principal)).accessEntry().kubernetesGroups();
    }

    private void operatorEntry(String principal, List<String> groups) {
        world.eks.createAccessEntry(r -> r.clusterName("payments").principalArn(principal).kubernetesGroups(groups.isEmpty() ? null : groups)
                .tags(Map.of("owner", "platform-team")));
    }
}
