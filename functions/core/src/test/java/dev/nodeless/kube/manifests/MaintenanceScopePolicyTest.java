package dev.nodeless.kube.manifests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import dev.nodeless.spec.ResourceNames;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicy;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicyBinding;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * No API server runs here, so the policy's CEL is evaluated with Google's CEL for Java (the library family the
 * Kubernetes API server's cel-go belongs to), on objects as the API server would hand them: the maintenance writer's
 * real requests (replicas + ledger annotation in one write; an at-risk label on a Node) are admitted, anything else
 * it might send is denied, and other identities are not matched at all.
 */
class MaintenanceScopePolicyTest {

    private static final CelCompiler COMPILER = CelCompilerFactory.standardCelCompilerBuilder().setStandardMacros(CelStandardMacro.STANDARD_MACROS)
            .addVar("object", SimpleType.DYN).addVar("oldObject", SimpleType.DYN).addVar("request", SimpleType.DYN)
            .addVar("variables", MapType.create(SimpleType.STRING, SimpleType.DYN)).build();
    private static final CelRuntime RUNTIME = CelRuntimeFactory.standardCelRuntimeBuilder().build();

    private static Object eval(String expression, Map<String, Object> vars) throws Exception {
        return RUNTIME.createProgram(COMPILER.compile(expression).getAst()).eval(vars);
    }

    /** Runs the policy as the API server does: matchConditions, then variables in order, then every validation. */
    private static List<String> denials(String resource, List<String> groups, Map<String, Object> oldObject, Map<String, Object> object) throws Exception {
        ValidatingAdmissionPolicy policy = (ValidatingAdmissionPolicy) MaintenanceScopePolicy.objects().get(0);
        Map<String, Object> request = Map.of("resource", Map.of("resource", resource), "userInfo", Map.of("groups", groups));
        Map<String, Object> vars = new HashMap<>(Map.of("object", object, "oldObject", oldObject, "request", request));
        for (var c : policy.getSpec().getMatchConditions()) {
            if (!Boolean.TRUE.equals(eval(c.getExpression(), vars))) return List.of();
        }
        Map<String, Object> variables = new HashMap<>();
        vars.put("variables", variables);
        for (var v : policy.getSpec().getVariables()) variables.put(v.getName(), eval(v.getExpression(), vars));
        List<String> denied = new ArrayList<>();
        for (var v : policy.getSpec().getValidations()) {
            if (!Boolean.TRUE.equals(eval(v.getExpression(), vars))) denied.add(v.getMessage());
        }
        return denied;
    }

    private static final List<String> WRITER = List.of(ResourceNames.MAINTENANCE_GROUP, "system:authenticated");

    private static Map<String, Object> deployment(long replicas, String image, Map<String, Object> annotations) {
        Map<String, Object> meta = new LinkedHashMap<>(Map.of("name", "pause-pods", "namespace", "nodeless", "labels", Map.of("app", "pause-pods")));
        if (annotations != null) meta.put("annotations", annotations);
        return Map.of("metadata", meta, "spec", Map.of("replicas", replicas,
                "selector", Map.of("matchLabels", Map.of("nodeless.dev/buffer", "true")),
                "template", Map.of("spec", Map.of("containers", List.of(Map.of("name", "pause", "image", image))))));
    }

    private static Map<String, Object> node(Map<String, Object> labels, List<Object> taints) {
        return Map.of("metadata", Map.of("name", "ip-10-0-1-1", "labels", labels), "spec", Map.of("providerID", "aws:///eu-west-1a/i-0abc", "taints", taints));
    }

    @Test
    void writersRealRequests_areAdmitted() throws Exception {
        var before = deployment(2, "registry.k8s.io/pause:3.10", Map.of("nodeless.dev/create-only-fields", "spec.replicas"));
        var after = deployment(7, "registry.k8s.io/pause:3.10", Map.of("nodeless.dev/create-only-fields", "spec.replicas", "nodeless.dev/at-risk-ledger", "{...}"));
        assertThat(denials("deployments", WRITER, before, after)).isEmpty();

        var cb = Map.<String, Object>of("metadata", Map.of("name", "pause-pods"), "spec", Map.of("replicas", 2L, "podTemplateRef", Map.of("name", "pause-pods")));
        var cbAfter = Map.<String, Object>of("metadata", Map.of("name", "pause-pods", "annotations", Map.of("nodeless.dev/at-risk-ledger", "x")),
                "spec", Map.of("replicas", 9L, "podTemplateRef", Map.of("name", "pause-pods")));
        assertThat(denials("capacitybuffers", WRITER, cb, cbAfter)).isEmpty();

        var n = node(Map.of("kubernetes.io/hostname", "ip-10-0-1-1"), List.of());
        var marked = node(Map.of("kubernetes.io/hostname", "ip-10-0-1-1", "nodeless.dev/at-risk", "true"), List.of());
        assertThat(denials("nodes", WRITER, n, marked)).isEmpty();
        assertThat(denials("nodes", WRITER, marked, n)).as("clearing its own label").isEmpty();
    }

    @Test
    void writersOtherChanges_areDenied() throws Exception {
        var before = deployment(2, "registry.k8s.io/pause:3.10", null);
        assertThat(denials("deployments", WRITER, before, deployment(2, "evil/miner:latest", null)))
                .containsExactly("the Nodeless maintenance identity may change only spec.replicas of the buffer Deployment");
        assertThat(denials("deployments", WRITER, before, deployment(2, "registry.k8s.io/pause:3.10", Map.of("team", "x"))))
                .containsExactly("the Nodeless maintenance identity may change only nodeless.dev/* annotations");

        var cb = Map.<String, Object>of("metadata", Map.of("name", "b"), "spec", Map.of("replicas", 2L, "podTemplateRef", Map.of("name", "pause-pods")));
        var retargeted = Map.<String, Object>of("metadata", Map.of("name", "b"), "spec", Map.of("replicas", 2L, "podTemplateRef", Map.of("name", "other")));
        assertThat(denials("capacitybuffers", WRITER, cb, retargeted)).hasSize(1);

        var n = node(Map.of("kubernetes.io/hostname", "a"), List.of());
        Map<String, Object> finalized = new java.util.HashMap<>(n);
        finalized.put("metadata", Map.of("name", "ip-10-0-1-1", "labels", Map.of("kubernetes.io/hostname", "a"), "finalizers", List.of("evil/keep")));
        assertThat(denials("nodes", WRITER, n, finalized))
                .containsExactly("the Nodeless maintenance identity may not change finalizers or owner references");
        assertThat(denials("nodes", WRITER, n, node(Map.of("kubernetes.io/hostname", "a", "team", "x"), List.of())))
                .containsExactly("the Nodeless maintenance identity may change only nodeless.dev/* labels");
        assertThat(denials("nodes", WRITER, n, node(Map.of("kubernetes.io/hostname", "b"), List.of()))).hasSize(1);
        assertThat(denials("nodes", WRITER, n, node(Map.of("kubernetes.io/hostname", "a"), List.of(Map.of("key", "x", "effect", "NoSchedule")))))
                .containsExactly("the Nodeless maintenance identity may not change a Node's spec (taints, unschedulable)");
    }

    @Test
    void otherIdentities_areNotMatched_andTheBindingDenies() throws Exception {
        var before = deployment(2, "registry.k8s.io/pause:3.10", null);
        assertThat(denials("deployments", List.of("system:masters"), before, deployment(2, "anything:else", null))).isEmpty();

        var binding = (ValidatingAdmissionPolicyBinding) MaintenanceScopePolicy.objects().get(1);
        assertThat(binding.getSpec().getPolicyName()).isEqualTo(MaintenanceScopePolicy.NAME);
        assertThat(binding.getSpec().getValidationActions()).containsExactly("Deny");
        var policy = (ValidatingAdmissionPolicy) MaintenanceScopePolicy.objects().get(0);
        assertThat(policy.getSpec().getFailurePolicy()).isEqualTo("Fail");
        assertThat(policy.getSpec().getMatchConstraints().getResourceRules()).extracting(r -> r.getResources().get(0))
                .containsExactly("nodes", "deployments", "capacitybuffers");
    }

    /**
     * Every buffer object of a cluster with NodePool buffers, as the bootstrap renders it (events/cluster-spec-node-pools.json):
     * the writer's replicas-and-ledger update is admitted on each; changing a pool buffer's pin or tolerations is not.
     */
    @Test
    @SuppressWarnings("unchecked")
    void everyPoolsBuffer_admitsTheWritersUpdate_andDeniesMovingItsPods() throws Exception {
        var spec = dev.nodeless.spec.Specs.normalise(dev.nodeless.spec.SpecFixtures.json("events/cluster-spec-node-pools.json"));
        var json = new io.fabric8.kubernetes.client.utils.KubernetesSerialization();
        List<io.fabric8.kubernetes.api.model.HasMetadata> buffers = ClusterManifests.buffer(spec);
        assertThat(buffers).extracting(o -> o.getMetadata().getName()).containsExactly("pause-pods", "pause-pods-gpu");
        for (var buffer : buffers) {
            Map<String, Object> before = json.convertValue(buffer, Map.class);
            Map<String, Object> after = json.convertValue(buffer, Map.class);
            ((Map<String, Object>) after.get("spec")).put("replicas", 7L);
            ((Map<String, Object>) ((Map<String, Object>) after.get("metadata")).get("annotations")).put(ResourceNames.LEDGER_ANNOTATION, "{}");
            assertThat(denials("deployments", WRITER, before, after)).as(buffer.getMetadata().getName()).isEmpty();
        }
        Map<String, Object> gpu = json.convertValue(buffers.get(1), Map.class);
        Map<String, Object> moved = json.convertValue(buffers.get(1), Map.class);
        Map<String, Object> podSpec = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>) moved.get("spec")).get("template")).get("spec");
        podSpec.put("nodeSelector", Map.of("karpenter.sh/nodepool", "general"));
        podSpec.remove("tolerations");
        assertThat(denials("deployments", WRITER, gpu, moved))
                .containsExactly("the Nodeless maintenance identity may change only spec.replicas of the buffer Deployment");
    }
}
