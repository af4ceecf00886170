package dev.nodeless.kube.manifests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nodeless.bootstrap.ClusterFacts;
import dev.nodeless.spec.ClusterSpec;
import dev.nodeless.spec.ResourceNames;
import dev.nodeless.spec.SpecFixtures;
import dev.nodeless.spec.Specs;
import dev.nodeless.testing.Reference;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplate;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code karpenter.nodePools[]} rendered: one NodePool per pool against the real CRD, one buffer per buffered pool, and nothing changed without pools. */
class NodePoolManifestsTest {

    private static final CrdSchema NODE_POOL_CRD = CrdSchema.load(Reference.crd("karpenter.sh_nodepools.yaml"), "v1");
    private static final CrdSchema CAPACITY_BUFFER_CRD = CrdSchema.load(Reference.crd("autoscaling.x-k8s.io_capacitybuffers.yaml"), "v1beta1");

    private static List<HasMetadata> build(ClusterSpec spec) {
        return ClusterManifests.build(spec, ClusterFacts.planned(spec),
                r -> List.of(new ConfigMapBuilder().withNewMetadata().withName(r.chart()).endMetadata().build()));
    }

    private static final ClusterSpec POOLS = Specs.normalise(SpecFixtures.json("events/cluster-spec-node-pools.json"));

    private static <T extends HasMetadata> List<T> all(List<HasMetadata> objects, String kind, Class<T> type) {
        return objects.stream().filter(o -> o.getKind().equals(kind)).map(type::cast).toList();
    }

    private static <T extends HasMetadata> T one(List<HasMetadata> objects, String kind, String name, Class<T> type) {
        List<T> found = all(objects, kind, type).stream().filter(o -> o.getMetadata().getName().equals(name)).toList();
        assertThat(found).as(kind + " " + name).hasSize(1);
        return found.get(0);
    }

    /**
     * Every object the Kubernetes phase applies for a spec without pools, serialised, is the same as what the code
     * before NodePools were listable rendered (golden files written by that code, commit c9cc9cf, same serialiser): an
     * existing cluster's re-run changes nothing, its NodePool, buffer and RBAC included.
     */
    @ParameterizedTest
    @ValueSource(strings = {"sample", "minimal", "capacity-buffer"})
    void withoutNodePools_everyObjectRendersExactlyAsBefore(String name) throws IOException {
        ObjectNode raw = switch (name) {
            case "sample" -> SpecFixtures.sample();
            case "minimal" -> SpecFixtures.minimal();
            default -> {
                ObjectNode n = SpecFixtures.sample();
                SpecFixtures.put(n, "/buffer/backend", "\"capacity-buffer\"");
                yield n;
            }
        };
        KubernetesSerialization json = new KubernetesSerialization();
        List<String> now = build(Specs.normalise(raw)).stream().map(json::asJson).toList();

        List<String> before = golden(name);
        assertThat(now).hasSameSizeAs(before);
        for (int i = 0; i < now.size(); i++) assertThat(now.get(i)).as("object " + i).isEqualTo(before.get(i));
        assertThat(before).anyMatch(l -> l.contains("\"kind\":\"NodePool\"")).anyMatch(l -> l.contains("\"name\":\"pause-pods\""));
    }

    private static List<String> golden(String name) throws IOException {
        try (InputStream in = NodePoolManifestsTest.class.getResourceAsStream("golden/" + name + ".jsonl")) {
            assertThat(in).as("golden file " + name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
    }

    /** docs/day2.md's way to keep the existing pool when adding others: listing just its name renders it unchanged. */
    @Test
    void listingOnlyDefaultByName_rendersTheSameNodePoolAsNoList() {
        ObjectNode listed = SpecFixtures.sample();
        SpecFixtures.put(listed, "/karpenter/nodePools", "[{\"name\": \"default\"}]");
        KubernetesSerialization json = new KubernetesSerialization();

        String withList = json.asJson(one(build(Specs.normalise(listed)), "NodePool", "default", GenericKubernetesResource.class));
        String without = json.asJson(one(build(SpecFixtures.sampleSpec()), "NodePool", "default", GenericKubernetesResource.class));

        assertThat(withList).isEqualTo(without);
    }

    @Test
    void eachListedPool_isOneNodePool_passingTheRealCrdSchema_allSharingOneNodeClass() {
        List<HasMetadata> objects = build(POOLS);

        List<GenericKubernetesResource> pools = all(objects, "NodePool", GenericKubernetesResource.class);
        assertThat(pools).extracting(p -> p.getMetadata().getName()).containsExactly("general", "on-demand", "gpu");
        for (GenericKubernetesResource p : pools) assertThat(NODE_POOL_CRD.problems(p)).as(p.getMetadata().getName()).isEmpty();
        assertThat(all(objects, "EC2NodeClass", GenericKubernetesResource.class)).singleElement();
        assertThat(pools).allSatisfy(p -> assertThat(p.<String>get("spec", "template", "spec", "nodeClassRef", "name")).isEqualTo(ResourceNames.NODE_CLASS));
        assertThat(all(objects, "NodePool", GenericKubernetesResource.class)).noneMatch(p -> p.getMetadata().getName().equals("default"));
    }

    @Test
    void generalPool_allowsArm64_andHasItsOwnLimits() {
        GenericKubernetesResource general = one(build(POOLS), "NodePool", "general", GenericKubernetesResource.class);

        assertThat(requirements(general)).contains(
                Map.of("key", "kubernetes.io/arch", "operator", "In", "values", List.of("amd64", "arm64")),
                Map.of("key", "karpenter.sh/capacity-type", "operator", "In", "values", List.of("spot", "on-demand")),
                Map.of("key", "karpenter.k8s.aws/instance-category", "operator", "In", "values", List.of("c", "m", "r")));
        assertThat(general.<Map<String, Object>>get("spec", "limits")).isEqualTo(Map.of("cpu", "800", "memory", "3200Gi"));
        assertThat(general.<Object>get("spec", "weight")).isNull();
        assertThat(general.<Object>get("spec", "template", "spec", "taints")).isNull();
    }

    @Test
    void onDemandPool_rendersTaintsLabelsWeightBudgetsAndGracePeriod() {
        GenericKubernetesResource pool = one(build(POOLS), "NodePool", "on-demand", GenericKubernetesResource.class);

        assertThat(pool.<Object>get("spec", "weight")).isEqualTo(10);
        assertThat(pool.<List<Map<String, Object>>>get("spec", "template", "spec", "taints"))
                .containsExactly(Map.of("key", "example.com/tier", "value", "critical", "effect", "NoSchedule"));
        assertThat(pool.<Map<String, Object>>get("spec", "template", "metadata", "labels"))
                .isEqualTo(Map.of("nodeless.dev/managed-by", "nodeless", "example.com/tier", "critical"));
        assertThat(pool.<Map<String, Object>>get("spec", "disruption")).isEqualTo(Map.of(
                "consolidationPolicy", "WhenEmpty", "consolidateAfter", "1m",
                "budgets", List.of(Map.of("nodes", "0", "schedule", "0 9 * * mon-fri", "duration", "8h"), Map.of("nodes", "1"))));
        assertThat(pool.<String>get("spec", "template", "spec", "expireAfter")).isEqualTo("336h");
        assertThat(pool.<String>get("spec", "template", "spec", "terminationGracePeriod")).isEqualTo("1h");
        assertThat(pool.<Map<String, Object>>get("spec", "limits")).isEqualTo(Map.of("cpu", "64"));
    }

    @Test
    void gpuPool_namesItsFamiliesWithoutCategories_andLimitsGpus() {
        GenericKubernetesResource gpu = one(build(POOLS), "NodePool", "gpu", GenericKubernetesResource.class);

        assertThat(requirements(gpu)).contains(Map.of("key", "karpenter.k8s.aws/instance-family", "operator", "In", "values", List.of("g5", "g6")))
                .noneMatch(r -> r.get("key").equals("karpenter.k8s.aws/instance-category"));
        assertThat(gpu.<Map<String, Object>>get("spec", "limits")).containsEntry("nvidia.com/gpu", "8");
        assertThat(gpu.<List<Map<String, Object>>>get("spec", "template", "spec", "taints"))
                .containsExactly(Map.of("key", "nvidia.com/gpu", "effect", "NoSchedule"));
    }

    @Test
    void crdSchema_refusesWhatTheValidatorRefuses_aWeightAbove100AndABadTaintEffect() {
        GenericKubernetesResource gpu = one(build(POOLS), "NodePool", "gpu", GenericKubernetesResource.class);
        gpu.<Map<String, Object>>get("spec").put("weight", 101);
        gpu.<Map<String, Object>>get("spec", "template", "spec").put("taints", List.of(Map.of("key", "nvidia.com/gpu", "effect", "Never")));

        assertThat(NODE_POOL_CRD.problems(gpu)).anyMatch(p -> p.contains("weight")).anyMatch(p -> p.contains("effect"));
    }

    @Test
    void gpuBuffer_isPinnedToItsPool_toleratesItsTaints_andRequestsAGpu() {
        Deployment buffer = one(build(POOLS), "Deployment", "pause-pods-gpu", Deployment.class);
        PodSpec pod = buffer.getSpec().getTemplate().getSpec();

        assertThat(buffer.getMetadata().getNamespace()).isEqualTo(ResourceNames.BUFFER_NAMESPACE);
        assertThat(buffer.getSpec().getReplicas()).isZero();
        assertThat(buffer.getMetadata().getAnnotations()).containsEntry(ResourceNames.CREATE_ONLY_FIELDS_ANNOTATION, "spec.replicas");
        assertThat(pod.getNodeSelector()).isEqualTo(Map.of("karpenter.sh/nodepool", "gpu"));
        assertThat(pod.getTolerations()).singleElement().satisfies(t -> {
            assertThat(t.getKey()).isEqualTo("nvidia.com/gpu");
            assertThat(t.getOperator()).isEqualTo("Exists");
            assertThat(t.getEffect()).isEqualTo("NoSchedule");
        });
        var resources = pod.getContainers().get(0).getResources();
        assertThat(resources.getRequests()).containsEntry("nvidia.com/gpu", new Quantity("1")).containsEntry("cpu", new Quantity("3"));
        assertThat(resources.getLimits()).containsEntry("nvidia.com/gpu", new Quantity("1"));
        assertThat(pod.getPriorityClassName()).isEqualTo(ResourceNames.BUFFER_PRIORITY_CLASS);
        // its own selector and spread: never overlapping the top-level buffer's pods ("true")
        assertThat(buffer.getSpec().getSelector().getMatchLabels()).isEqualTo(Map.of(ResourceNames.BUFFER_POD_LABEL, "pool.gpu"));
        assertThat(buffer.getSpec().getTemplate().getMetadata().getLabels()).containsEntry(ResourceNames.BUFFER_POD_LABEL, "pool.gpu");
        assertThat(pod.getTopologySpreadConstraints().get(0).getLabelSelector().getMatchLabels()).isEqualTo(Map.of(ResourceNames.BUFFER_POD_LABEL, "pool.gpu"));
        assertThat(pod.getAffinity().getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution().getNodeSelectorTerms().get(0)
                .getMatchExpressions()).singleElement().satisfies(e -> assertThat(e.getKey()).isEqualTo(ResourceNames.AT_RISK_LABEL));
    }

    @Test
    void topLevelBuffer_keepsItsName_andStaysOffThePoolsWithTheirOwn() {
        List<HasMetadata> objects = build(POOLS);
        Deployment top = one(objects, "Deployment", ResourceNames.BUFFER_NAME, Deployment.class);

        assertThat(all(objects, "Deployment", Deployment.class)).filteredOn(d -> d.getMetadata().getNamespace().equals(ResourceNames.BUFFER_NAMESPACE))
                .extracting(d -> d.getMetadata().getName())
                .containsExactly(ResourceNames.BUFFER_NAME, "pause-pods-gpu");
        assertThat(top.getSpec().getSelector().getMatchLabels()).isEqualTo(Map.of(ResourceNames.BUFFER_POD_LABEL, ResourceNames.BUFFER_POD_LABEL_VALUE));
        PodSpec pod = top.getSpec().getTemplate().getSpec();
        assertThat(pod.getNodeSelector()).isNullOrEmpty();
        assertThat(pod.getAffinity().getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution().getNodeSelectorTerms().get(0).getMatchExpressions())
                .anySatisfy(e -> {
                    assertThat(e.getKey()).isEqualTo("karpenter.sh/nodepool");
                    assertThat(e.getOperator()).isEqualTo("NotIn");
                    assertThat(e.getValues()).containsExactly("gpu");
                });
    }

    @Test
    void capacityBufferBackend_perPool_passesTheRealCrdSchema() {
        ObjectNode raw = SpecFixtures.json("events/cluster-spec-node-pools.json");
        SpecFixtures.put((ObjectNode) raw.at("/karpenter/nodePools/2"), "/buffer/backend", "\"capacity-buffer\"");
        List<HasMetadata> objects = build(Specs.normalise(raw));

        GenericKubernetesResource cb = one(objects, "CapacityBuffer", "pause-pods-gpu", GenericKubernetesResource.class);
        PodTemplate template = one(objects, "PodTemplate", "pause-pods-gpu", PodTemplate.class);
        assertThat(CAPACITY_BUFFER_CRD.problems(cb)).isEmpty();
        assertThat(cb.<Map<String, Object>>get("spec")).isEqualTo(Map.of("podTemplateRef", Map.of("name", "pause-pods-gpu"), "replicas", 0));
        assertThat(template.getTemplate().getSpec().getNodeSelector()).isEqualTo(Map.of("karpenter.sh/nodepool", "gpu"));
        assertThat(one(objects, "Deployment", ResourceNames.BUFFER_NAME, Deployment.class)).as("the top-level buffer keeps its backend").isNotNull();
    }

    @Test
    void maintenanceRoles_nameEveryBufferObject_andNothingElse() {
        List<HasMetadata> objects = build(POOLS);

        for (String role : List.of(ResourceNames.MAINTENANCE_ROLE, ResourceNames.MAINTENANCE_READER_ROLE)) {
            assertThat(one(objects, "Role", role, Role.class).getRules()).filteredOn(r -> r.getResourceNames() != null && !r.getResourceNames().isEmpty())
                    .hasSize(2).allSatisfy(r -> assertThat(r.getResourceNames()).containsExactly(ResourceNames.BUFFER_NAME, "pause-pods-gpu"));
        }
    }

    private static List<Map<String, Object>> requirements(GenericKubernetesResource pool) {
        return pool.get("spec", "template", "spec", "requirements");
    }
}
