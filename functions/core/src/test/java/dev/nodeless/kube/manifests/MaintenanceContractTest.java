package dev.nodeless.kube.manifests;

import static dev.nodeless.testing.EventVariants.RECONCILE;
import static dev.nodeless.testing.EventVariants.REBALANCE;
import static dev.nodeless.testing.EventVariants.SPOT;
import static dev.nodeless.testing.EventVariants.forInstance;
import static dev.nodeless.testing.KubeFixtures.nodeClaim;
import static dev.nodeless.testing.KubeFixtures.nodePool;
import static dev.nodeless.testing.KubeFixtures.nodeWithPods;
import static org.assertj.core.api.Assertions.assertThat;

import dev.nodeless.bootstrap.ClusterFacts;
import dev.nodeless.buffer.BufferChange;
import dev.nodeless.buffer.BufferPolicies;
import dev.nodeless.buffer.BufferPolicy;
import dev.nodeless.buffer.BufferService;
import dev.nodeless.kube.buffer.KubeClusterApi;
import dev.nodeless.kube.buffer.KubeClusterApi.Backend;
import dev.nodeless.kube.emulator.KubeEmulator;
import dev.nodeless.maintenance.InstanceDirectory;
import dev.nodeless.maintenance.MaintenanceService;
import dev.nodeless.maintenance.MaintenanceStep;
import dev.nodeless.maintenance.ManagedClusters;
import dev.nodeless.spec.ClusterSpec;
import dev.nodeless.spec.ResourceNames;
import dev.nodeless.spec.SpecFixtures;
import dev.nodeless.spec.Specs;
import dev.nodeless.testing.Fixtures;
import dev.nodeless.testing.KubeFixtures;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleRef;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The seam between the bootstrap's manifests and the maintenance loop: the buffer object the Kubernetes phase applies
 * is the one {@link KubeClusterApi} finds and grows, and every request each maintenance function sends is allowed by
 * the RBAC the manifests bind to that function's group: sizeBuffer's to {@link ResourceNames#MAINTENANCE_GROUP},
 * resolveTarget's and reconcileCluster's (its dry run) to the read-only {@link ResourceNames#MAINTENANCE_READER_GROUP},
 * which must reject every write. The fabric8 CRUD mock enforces no RBAC, so each recorded request is checked against
 * the rules the manifests' bindings give the group.
 */
class MaintenanceContractTest {

    static final Instant T0 = Instant.parse("2026-11-20T09:30:00Z");
    final KubeEmulator kube = new KubeEmulator();
    final ClusterSpec spec = Specs.normalise(SpecFixtures.sample());
    final List<HasMetadata> manifests = ClusterManifests.build(spec, ClusterFacts.planned(spec),
            r -> List.of(new ConfigMapBuilder().withNewMetadata().withName(r.chart()).endMetadata().build()));

    @AfterEach
    void close() {
        kube.close();
    }

    @Test
    void rebalance_growsTheBufferTheManifestsCreate_andKeepsItsAtRiskAntiAffinity() {
        Deployment buffer = (Deployment) manifests.stream().filter(o -> o instanceof Deployment d
                && d.getMetadata().getName().equals(ResourceNames.BUFFER_NAME)).findFirst().orElseThrow();
        kube.client().resource(buffer).create();
        nodeWithPods(kube.client(), "n1", "i-0aaaaaaaaaaaaaaa1", "eu-west-1a", 5);

        BufferChange c = new BufferService(Clock.fixed(T0, ZoneOffset.UTC)).markAtRisk(spec.clusterName(), api(),
                BufferPolicies.from(spec), "rebalance", T0.plusSeconds(120), List.of(new BufferService.Target("n1", "i-0aaaaaaaaaaaaaaa1")));

        assertThat(c.action()).isEqualTo("grow");
        assertThat(c.replicasBefore()).isEqualTo(spec.buffer().baselineReplicas());
        Deployment live = kube.client().apps().deployments().inNamespace(ResourceNames.BUFFER_NAMESPACE).withName(ResourceNames.BUFFER_NAME).get();
        assertThat(live.getSpec().getReplicas()).isEqualTo(c.replicasAfter()).isGreaterThan(spec.buffer().baselineReplicas());
        assertThat(live.getMetadata().getAnnotations()).containsKey(ResourceNames.LEDGER_ANNOTATION);
        assertThat(live.getSpec().getTemplate().getSpec().getAffinity().getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution()
                .getNodeSelectorTerms().get(0).getMatchExpressions().get(0).getKey()).isEqualTo(ResourceNames.AT_RISK_LABEL);
        assertThat(live.getSpec().getTemplate().getMetadata().getLabels())
                .containsEntry(ResourceNames.BUFFER_POD_LABEL, ResourceNames.BUFFER_POD_LABEL_VALUE);
        assertThat(live.getSpec().getTemplate().getSpec().getPriorityClassName()).isEqualTo(ResourceNames.BUFFER_PRIORITY_CLASS);
    }

    /** sizeBuffer: an event's mark-and-grow and a reconcile request's real reconcile, both writing, as the writer group. */
    @Test
    void everyRequestOfSizeBuffer_isAllowedByTheRbacBoundToTheWriterGroup() {
        createBuffer(Backend.PAUSE_PODS);
        nodeWithPods(kube.client(), "n1", "i-0aaaaaaaaaaaaaaa1", "eu-west-1a", 5);
        MaintenanceService service = service("pause-pods", Map.of("i-0aaaaaaaaaaaaaaa1", List.of("n1")));
        MaintenanceStep resolved = service.resolve(service.classify(forInstance(REBALANCE, "i-0aaaaaaaaaaaaaaa1")));
        kube.clearRequests();

        assertThat(service.size(resolved).action()).isEqualTo("grow");
        service.size(service.classify(Fixtures.event(RECONCILE)));

        List<String> requests = kube.requests();
        assertThat(requests).anyMatch(r -> r.startsWith("PUT ")).anyMatch(r -> r.startsWith("PATCH ")).anyMatch(r -> r.startsWith("POST "))
                .anyMatch(r -> r.contains("nodeclaims")).anyMatch(r -> r.contains("nodepools"));
        assertThat(denied(ResourceNames.MAINTENANCE_GROUP, requests)).isEmpty();
        assertThat(requests).filteredOn(MaintenanceContractTest::writes).as("what only the writer may do")
                .isNotEmpty().noneMatch(r -> allowed(ResourceNames.MAINTENANCE_READER_GROUP, r));
    }

    /** resolveTarget: a Node found by its name hint, and one found only by paging through Nodes. Reads only. */
    @Test
    void everyRequestOfResolveTarget_isAllowedByTheReaderGroup() {
        createBuffer(Backend.PAUSE_PODS);
        nodeWithPods(kube.client(), "n1", "i-0aaaaaaaaaaaaaaa1", "eu-west-1a", 1);
        nodeWithPods(kube.client(), "n2", "i-0aaaaaaaaaaaaaaa2", "eu-west-1b", 1);
        MaintenanceService service = service("pause-pods",
                Map.of("i-0aaaaaaaaaaaaaaa1", List.of("n1"), "i-0aaaaaaaaaaaaaaa2", List.of("no-such-name")));
        kube.clearRequests();

        MaintenanceStep byHint = service.resolve(service.classify(forInstance(SPOT, "i-0aaaaaaaaaaaaaaa1")));
        MaintenanceStep byPaging = service.resolve(service.classify(forInstance(SPOT, "i-0aaaaaaaaaaaaaaa2")));
        service.resolve(service.classify(Fixtures.event(RECONCILE)));

        assertThat(byHint.targets()).extracting(MaintenanceStep.Target::node).containsExactly("n1");
        assertThat(byPaging.targets()).extracting(MaintenanceStep.Target::node).containsExactly("n2");
        List<String> requests = kube.requests();
        assertThat(requests).as("GET by name, then the paged list").anyMatch(r -> r.startsWith("GET /api/v1/nodes/n1"))
                .anyMatch(r -> r.startsWith("GET /api/v1/nodes?"));
        assertThat(requests).noneMatch(MaintenanceContractTest::writes);
        assertThat(denied(ResourceNames.MAINTENANCE_READER_GROUP, requests)).isEmpty();
    }

    /** reconcileCluster: the dry run reads what a reconcile reads (either backend) and writes nothing. */
    @ParameterizedTest
    @EnumSource(Backend.class)
    void everyRequestOfTheReconcileDryRun_isAllowedByTheReaderGroup(Backend backend) {
        createBuffer(backend);
        nodeWithPods(kube.client(), "n1", "i-0aaaaaaaaaaaaaaa1", "eu-west-1a", 3);
        kube.client().resource(nodeClaim("default-abc12", "n1", "i-0aaaaaaaaaaaaaaa1", T0.minusSeconds(3600), "65m")).create();
        kube.client().resource(nodePool("default", "1000", "10")).create();
        String specBackend = backend == Backend.CAPACITY_BUFFER ? "capacity-buffer" : "pause-pods";
        MaintenanceService service = service(specBackend, Map.of());
        kube.clearRequests();

        var plan = service.reconcileNeeded(service.managedClusters().get(0));

        assertThat(plan).as("the expiring node would grow the buffer").isPresent();
        List<String> requests = kube.requests();
        assertThat(requests).anyMatch(r -> r.startsWith("GET /api/v1/nodes?")).anyMatch(r -> r.contains("/nodeclaims"))
                .anyMatch(r -> r.startsWith("GET /api/v1/pods?")).anyMatch(r -> r.contains("/nodepools"))
                .anyMatch(r -> r.startsWith("GET ") && r.contains("/namespaces/nodeless/") && r.contains("/pause-pods"));
        assertThat(requests).noneMatch(MaintenanceContractTest::writes);
        assertThat(denied(ResourceNames.MAINTENANCE_READER_GROUP, requests)).isEmpty();
    }

    /** reconcileCluster with buffer.baselinePercent: the dry run also pages through all pods, which the reader may list. */
    @Test
    void theReconcileDryRunMeasuringAShare_isAllowedByTheReaderGroup() {
        createBuffer(Backend.PAUSE_PODS);
        nodeWithPods(kube.client(), "n1", "i-0aaaaaaaaaaaaaaa1", "eu-west-1a", 40);
        var withShare = SpecFixtures.sample();
        SpecFixtures.put(withShare, "/buffer/baselinePercent", "50");
        BufferPolicy half = BufferPolicies.from(Specs.normalise(withShare));
        MaintenanceService service = service("pause-pods", Map.of(), half);
        kube.clearRequests();

        var plan = service.reconcileNeeded(service.managedClusters().get(0));

        assertThat(plan).as("50% of 20 cores is above the baseline").isPresent();
        List<String> requests = kube.requests();
        assertThat(requests).contains("GET /api/v1/pods?limit=500");
        assertThat(requests).noneMatch(MaintenanceContractTest::writes);
        assertThat(denied(ResourceNames.MAINTENANCE_READER_GROUP, requests)).isEmpty();
        assertThat(denied(ResourceNames.MAINTENANCE_GROUP, requests)).as("sizeBuffer's real reconcile reads the same").isEmpty();
    }

    @Test
    void rbac_isBoundToTheMaintenanceGroup_andDeniesWhatTheLoopNeverDoes() {
        ClusterRoleBinding cb = (ClusterRoleBinding) manifests.stream().filter(o -> o instanceof ClusterRoleBinding b
                && b.getMetadata().getName().equals(ResourceNames.MAINTENANCE_ROLE)).findFirst().orElseThrow();
        RoleBinding rb = (RoleBinding) manifests.stream().filter(o -> o instanceof RoleBinding b
                && b.getMetadata().getName().equals(ResourceNames.MAINTENANCE_ROLE)).findFirst().orElseThrow();
        for (var s : List.of(cb.getSubjects().get(0), rb.getSubjects().get(0))) {
            assertThat(s.getKind()).isEqualTo("Group");
            assertThat(s.getName()).isEqualTo(ResourceNames.MAINTENANCE_GROUP);
        }
        assertThat(rb.getMetadata().getNamespace()).isEqualTo(ResourceNames.BUFFER_NAMESPACE);
        String writer = ResourceNames.MAINTENANCE_GROUP;
        assertThat(allowed(writer, "PUT /apis/apps/v1/namespaces/nodeless/deployments/inflate")).as("another Deployment").isFalse();
        assertThat(allowed(writer, "PUT /apis/apps/v1/namespaces/default/deployments/pause-pods")).as("another namespace").isFalse();
        assertThat(allowed(writer, "DELETE /api/v1/nodes/n1")).isFalse();
        assertThat(allowed(writer, "GET /api/v1/secrets")).isFalse();
        assertThat(allowed(writer, "PUT /apis/autoscaling.x-k8s.io/v1beta1/namespaces/nodeless/capacitybuffers/pause-pods")).isTrue();
    }

    @Test
    void readerRbac_isBoundToTheReaderGroup_grantsOnlyGetAndList_andRejectsEveryWriteOfTheLoop() {
        String reader = ResourceNames.MAINTENANCE_READER_GROUP;
        List<HasMetadata> readerObjects = manifests.stream()
                .filter(o -> o.getMetadata().getName().equals(ResourceNames.MAINTENANCE_READER_ROLE)).toList();
        assertThat(readerObjects).extracting(HasMetadata::getKind)
                .containsExactlyInAnyOrder("ClusterRole", "ClusterRoleBinding", "Role", "RoleBinding");
        assertThat(readerObjects).filteredOn(o -> o instanceof RoleBinding).singleElement()
                .satisfies(b -> assertThat(b.getMetadata().getNamespace()).isEqualTo(ResourceNames.BUFFER_NAMESPACE));
        for (HasMetadata o : readerObjects) {
            List<Subject> subjects = o instanceof ClusterRoleBinding b ? b.getSubjects() : o instanceof RoleBinding b ? b.getSubjects() : null;
            if (subjects != null) assertThat(subjects).singleElement().satisfies(s -> {
                assertThat(s.getKind()).isEqualTo("Group");
                assertThat(s.getName()).isEqualTo(reader);
            });
        }
        List<PolicyRule> all = new ArrayList<>(rules(reader, null));
        all.addAll(rules(reader, ResourceNames.BUFFER_NAMESPACE));
        assertThat(all).isNotEmpty().allSatisfy(r -> assertThat(r.getVerbs()).isSubsetOf("get", "list"));
        assertThat(rules(reader, ResourceNames.BUFFER_NAMESPACE)).filteredOn(r -> !rules(reader, null).contains(r))
                .allSatisfy(r -> assertThat(r.getResourceNames()).as("only the buffer object").containsExactly(ResourceNames.BUFFER_NAME));

        assertThat(allowed(reader, "GET /apis/apps/v1/namespaces/nodeless/deployments/pause-pods")).isTrue();
        assertThat(allowed(reader, "GET /apis/autoscaling.x-k8s.io/v1beta1/namespaces/nodeless/capacitybuffers/pause-pods")).isTrue();
        assertThat(allowed(reader, "GET /apis/apps/v1/namespaces/nodeless/deployments/inflate")).as("another Deployment").isFalse();
        assertThat(allowed(reader, "PUT /apis/apps/v1/namespaces/nodeless/deployments/pause-pods")).as("the buffer update").isFalse();
        assertThat(allowed(reader, "PUT /apis/autoscaling.x-k8s.io/v1beta1/namespaces/nodeless/capacitybuffers/pause-pods")).isFalse();
        assertThat(allowed(reader, "PATCH /api/v1/nodes/n1")).as("the at-risk label").isFalse();
        assertThat(allowed(reader, "POST /apis/events.k8s.io/v1/namespaces/nodeless/events")).as("the resize Event").isFalse();
        assertThat(allowed(reader, "GET /api/v1/nodes?watch=true")).isFalse();
        assertThat(allowed(reader, "GET /api/v1/namespaces/nodeless/secrets/x")).isFalse();
    }

    /**
     * A cluster with NodePool buffers (events/cluster-spec-node-pools.json: the gpu pool has its own): an event on a
     * GPU node and a reconcile, run through the maintenance service as the Lambdas run it, send only requests the
     * writer's RBAC allows, writes to both buffer objects among them; and that RBAC still refuses every other Deployment.
     */
    @Test
    void withPoolBuffers_everyRequestOfSizeBuffer_isAllowed_andOnlyTheBufferObjectsAreWritable() {
        ClusterSpec pools = Specs.normalise(SpecFixtures.json("events/cluster-spec-node-pools.json"));
        List<HasMetadata> poolManifests = ClusterManifests.build(pools, ClusterFacts.planned(pools),
                r -> List.of(new ConfigMapBuilder().withNewMetadata().withName(r.chart()).endMetadata().build()));
        ClusterManifests.buffer(pools).forEach(o -> kube.client().resource(o).create());
        nodeWithPods(kube.client(), "n1", "i-0aaaaaaaaaaaaaaa1", "eu-west-1a", 5);
        kube.client().nodes().withName("n1").edit(n -> { n.getMetadata().getLabels().put("karpenter.sh/nodepool", "gpu"); return n; });
        nodeWithPods(kube.client(), "n2", "i-0aaaaaaaaaaaaaaa2", "eu-west-1b", 5);
        kube.client().nodes().withName("n2").edit(n -> { n.getMetadata().getLabels().put("karpenter.sh/nodepool", "general"); return n; });
        Clock clock = Clock.fixed(T0, ZoneOffset.UTC);
        ManagedClusters.ManagedCluster managed = ManagedClusters.ManagedCluster.of(pools);
        ManagedClusters clusters = new ManagedClusters() {
            @Override public Optional<ManagedCluster> find(String name) { return Optional.of(managed); }
            @Override public List<ManagedCluster> all() { return List.of(managed); }
        };
        InstanceDirectory instances = ids -> {
            Map<String, InstanceDirectory.Instance> out = new LinkedHashMap<>();
            for (String id : ids) out.put(id, new InstanceDirectory.Instance(id, pools.clusterName(), List.of(id.endsWith("1") ? "n1" : "n2")));
            return out;
        };
        MaintenanceService service = new MaintenanceService(instances, clusters,
                c -> new KubeClusterApi(kube.rest(), KubeClusterApi.backendOf(c.backend()), clock), clock);
        MaintenanceStep resolved = service.resolve(service.classify(forInstance(REBALANCE, "i-0aaaaaaaaaaaaaaa1")));
        kube.clearRequests();

        MaintenanceStep sized = service.size(resolved);
        service.size(service.classify(Fixtures.event(RECONCILE)));

        assertThat(sized.action()).isEqualTo("grow");
        List<String> requests = kube.requests();
        assertThat(requests).anyMatch(r -> r.startsWith("PUT /apis/apps/v1/namespaces/nodeless/deployments/pause-pods-gpu"));
        assertThat(requests.stream().filter(r -> !allowed(poolManifests, ResourceNames.MAINTENANCE_GROUP, r)).toList()).isEmpty();
        String writer = ResourceNames.MAINTENANCE_GROUP;
        assertThat(allowed(poolManifests, writer, "PUT /apis/apps/v1/namespaces/nodeless/deployments/pause-pods")).isTrue();
        assertThat(allowed(poolManifests, writer, "PUT /apis/autoscaling.x-k8s.io/v1beta1/namespaces/nodeless/capacitybuffers/pause-pods-gpu")).isTrue();
        assertThat(allowed(poolManifests, writer, "PUT /apis/apps/v1/namespaces/nodeless/deployments/pause-pods-general"))
                .as("a pool without a buffer of its own has no object to write").isFalse();
        assertThat(allowed(poolManifests, writer, "PUT /apis/apps/v1/namespaces/nodeless/deployments/inflate")).isFalse();
        assertThat(allowed(poolManifests, ResourceNames.MAINTENANCE_READER_GROUP, "GET /apis/apps/v1/namespaces/nodeless/deployments/pause-pods-gpu")).isTrue();
        assertThat(allowed(poolManifests, ResourceNames.MAINTENANCE_READER_GROUP, "PUT /apis/apps/v1/namespaces/nodeless/deployments/pause-pods-gpu")).isFalse();
    }

    private void createBuffer(Backend backend) {
        if (backend == Backend.PAUSE_PODS) {
            kube.client().resource(manifests.stream().filter(o -> o instanceof Deployment d
                    && d.getMetadata().getName().equals(ResourceNames.BUFFER_NAME)).findFirst().orElseThrow()).create();
        } else {
            kube.client().resource(KubeFixtures.capacityBuffer(spec.buffer().baselineReplicas())).create();
        }
    }

    private KubeClusterApi api() {
        return new KubeClusterApi(kube.rest(), KubeClusterApi.Backend.PAUSE_PODS, Clock.fixed(T0, ZoneOffset.UTC));
    }

    /**
     * The maintenance service exactly as the Lambdas run it, over the emulator: every cluster name is managed (with
     * the sample spec's policy and the given backend); the instances map to this spec's cluster with the given hints.
     */
    private MaintenanceService service(String backend, Map<String, List<String>> hintsByInstance) {
        return service(backend, hintsByInstance, BufferPolicies.from(spec));
    }

    private MaintenanceService service(String backend, Map<String, List<String>> hintsByInstance, BufferPolicy policy) {
        Clock clock = Clock.fixed(T0, ZoneOffset.UTC);
        InstanceDirectory instances = ids -> {
            Map<String, InstanceDirectory.Instance> out = new LinkedHashMap<>();
            for (String id : ids) {
                if (hintsByInstance.containsKey(id)) out.put(id, new InstanceDirectory.Instance(id, spec.clusterName(), hintsByInstance.get(id)));
            }
            return out;
        };
        ManagedClusters clusters = new ManagedClusters() {
            @Override
            public Optional<ManagedCluster> find(String name) {
                return Optional.of(new ManagedCluster(name, policy, backend));
            }

            @Override
            public List<ManagedCluster> all() {
                return List.of(find(spec.clusterName()).orElseThrow());
            }
        };
        return new MaintenanceService(instances, clusters, c -> new KubeClusterApi(kube.rest(), KubeClusterApi.backendOf(c.backend()), clock), clock);
    }

    private static boolean writes(String request) {
        return !request.startsWith("GET ");
    }

    private List<String> denied(String group, List<String> requests) {
        return requests.stream().filter(r -> !allowed(group, r)).toList();
    }

    /**
     * The rules the manifests give {@code group} for a request in {@code namespace} ({@code null}: cluster-scoped), as
     * the API server's RBAC authorizer collects them: every ClusterRoleBinding of the group, plus the RoleBindings in
     * that namespace; each binding's roleRef resolved among the manifests (an unresolved ref grants nothing).
     */
    List<PolicyRule> rules(String group, String namespace) {
        return rules(manifests, group, namespace);
    }

    static List<PolicyRule> rules(List<HasMetadata> manifests, String group, String namespace) {
        List<PolicyRule> out = new ArrayList<>();
        for (HasMetadata o : manifests) {
            RoleRef ref;
            List<Subject> subjects;
            if (o instanceof ClusterRoleBinding b) {
                ref = b.getRoleRef();
                subjects = b.getSubjects();
            } else if (o instanceof RoleBinding b && b.getMetadata().getNamespace().equals(namespace)) {
                ref = b.getRoleRef();
                subjects = b.getSubjects();
            } else {
                continue;
            }
            if (subjects.stream().noneMatch(s -> s.getKind().equals("Group") && s.getName().equals(group))) continue;
            for (HasMetadata r : manifests) {
                if (!r.getMetadata().getName().equals(ref.getName())) continue;
                if (ref.getKind().equals("ClusterRole") && r instanceof ClusterRole cr) out.addAll(cr.getRules());
                if (ref.getKind().equals("Role") && r instanceof Role role && role.getMetadata().getNamespace().equals(o.getMetadata().getNamespace())) {
                    out.addAll(role.getRules());
                }
            }
        }
        return out;
    }

    /** "METHOD /path?query" as the emulator records it, checked for {@code group} the way the RBAC authorizer would. */
    boolean allowed(String group, String request) {
        return allowed(manifests, group, request);
    }

    static boolean allowed(List<HasMetadata> manifests, String group, String request) {
        String method = request.substring(0, request.indexOf(' '));
        String path = request.substring(request.indexOf(' ') + 1);
        String query = path.contains("?") ? path.substring(path.indexOf('?') + 1) : "";
        List<String> seg = Arrays.asList(path.replaceFirst("\\?.*", "").replaceFirst("^/", "").split("/"));
        String apiGroup = seg.get(0).equals("api") ? "" : seg.get(1);
        List<String> rest = seg.subList(seg.get(0).equals("api") ? 2 : 3, seg.size());
        String namespace = null;
        if (rest.size() >= 3 && rest.get(0).equals("namespaces")) {
            namespace = rest.get(1);
            rest = rest.subList(2, rest.size());
        }
        String resource = rest.get(0);
        String name = rest.size() > 1 ? rest.get(1) : null;
        String verb = switch (method) {
            case "GET" -> name != null ? "get" : query.contains("watch=true") ? "watch" : "list";
            case "POST" -> "create";
            case "PUT" -> "update";
            case "PATCH" -> "patch";
            case "DELETE" -> "delete";
            default -> method.toLowerCase();
        };
        List<PolicyRule> rules = rules(manifests, group, namespace);
        for (PolicyRule rule : rules) {
            boolean names = rule.getResourceNames() == null || rule.getResourceNames().isEmpty() || rule.getResourceNames().contains(name);
            if (rule.getApiGroups().contains(apiGroup) && rule.getResources().contains(resource) && rule.getVerbs().contains(verb) && names) return true;
        }
        return false;
    }
}
