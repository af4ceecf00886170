package dev.nodeless.kube.manifests;

import dev.nodeless.spec.ResourceNames;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicy;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicyBinding;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What RBAC cannot say: the maintenance writer ({@link ResourceNames#MAINTENANCE_GROUP}) may update the buffer object
 * and patch Nodes, but an update is the whole object, so RBAC alone would let it change the buffer's pod template
 * (any image, any privilege) or a Node's taints. This ValidatingAdmissionPolicy (admissionregistration.k8s.io/v1,
 * GA since Kubernetes 1.30; Nodeless supports 1.31 and later) lets that identity change only:
 * <ul>
 *   <li>on the buffer (Deployment or CapacityBuffer in the buffer namespace): {@code spec.replicas} and its own
 *       {@code nodeless.dev/*} annotations and labels (the ledger and the replicas still change in one write);</li>
 *   <li>on Nodes: its own {@code nodeless.dev/*} labels and annotations, nothing in {@code spec}.</li>
 * </ul>
 * Requests of every other identity are not matched (matchConditions), so the bootstrap and users are unaffected.
 */
public final class MaintenanceScopePolicy {

    public static final String NAME = "nodeless-maintenance-scope";
    static final String API = "admissionregistration.k8s.io/v1";
    /** Keys this identity owns on the objects it writes. */
    static final String OWN_PREFIX = "nodeless.dev/";

    private MaintenanceScopePolicy() {}

    /** Every key of {@code next} and {@code prev} outside {@link #OWN_PREFIX} is unchanged (CEL over two string maps). */
    static String foreignKeysKept(String next, String prev) {
        return next + ".all(k, k.startsWith('" + OWN_PREFIX + "') || (k in " + prev + " && " + prev + "[k] == " + next + "[k]))"
                + " && " + prev + ".all(k, k.startsWith('" + OWN_PREFIX + "') || k in " + next + ")";
    }

    /** The policy's variables, in order (each may use the ones before it as {@code variables.<name>}). */
    static List<Map<String, String>> variables() {
        return List.of(
                variable("newLabels", "has(object.metadata.labels) ? object.metadata.labels : {}"),
                variable("oldLabels", "has(oldObject.metadata.labels) ? oldObject.metadata.labels : {}"),
                variable("newAnnotations", "has(object.metadata.annotations) ? object.metadata.annotations : {}"),
                variable("oldAnnotations", "has(oldObject.metadata.annotations) ? oldObject.metadata.annotations : {}"),
                variable("isNode", "request.resource.resource == 'nodes'"));
    }

    /** Each validation: a CEL expression that must be true, and the message the API server returns when it is not. */
    static List<Map<String, String>> validations() {
        return List.of(
                validation(foreignKeysKept("variables.newLabels", "variables.oldLabels"),
                        "the Nodeless maintenance identity may change only nodeless.dev/* labels"),
                validation(foreignKeysKept("variables.newAnnotations", "variables.oldAnnotations"),
                        "the Nodeless maintenance identity may change only nodeless.dev/* annotations"),
                // a finalizer would block a Node's deletion, an owner reference hand the buffer to a garbage collector
                validation(sameOptional("metadata.finalizers") + " && " + sameOptional("metadata.ownerReferences"),
                        "the Nodeless maintenance identity may not change finalizers or owner references"),
                validation("!variables.isNode || object.spec == oldObject.spec",
                        "the Nodeless maintenance identity may not change a Node's spec (taints, unschedulable)"),
                // Buffer: every spec field but replicas stays as it was. Deployment and CapacityBuffer specs are typed
                // objects in CEL (no key iteration), so each field is named: the pod template above all.
                validation("request.resource.resource != 'deployments' || (" + unchanged(DEPLOYMENT_FIELDS) + ")",
                        "the Nodeless maintenance identity may change only spec.replicas of the buffer Deployment"),
                validation("request.resource.resource != 'capacitybuffers' || (" + unchanged(CAPACITY_BUFFER_FIELDS) + ")",
                        "the Nodeless maintenance identity may change only spec.replicas of the buffer CapacityBuffer"));
    }

    /** apps/v1 DeploymentSpec, every field but replicas. */
    static final List<String> DEPLOYMENT_FIELDS = List.of("selector", "template", "strategy", "minReadySeconds", "revisionHistoryLimit",
            "progressDeadlineSeconds", "paused");
    /** autoscaling.x-k8s.io/v1beta1 CapacityBuffer spec (Karpenter v1.14.1's CRD), every field but replicas. */
    static final List<String> CAPACITY_BUFFER_FIELDS = List.of("limits", "percentage", "podTemplateRef", "provisioningStrategy", "scalableRef");

    /** CEL: the optional field at {@code path} (under object/oldObject) is present in both or neither, and equal. */
    static String sameOptional(String path) {
        String parent = path.substring(0, path.lastIndexOf('.'));
        String field = path.substring(path.lastIndexOf('.') + 1);
        return "(has(object." + parent + "." + field + ") == has(oldObject." + parent + "." + field + ")"
                + " && (!has(object." + parent + "." + field + ") || object." + path + " == oldObject." + path + "))";
    }

    /** CEL: each named spec field is present in both or neither, and equal where present. */
    static String unchanged(List<String> fields) {
        return String.join(" && ", fields.stream().map(f -> "has(object.spec." + f + ") == has(oldObject.spec." + f + ")"
                + " && (!has(object.spec." + f + ") || object.spec." + f + " == oldObject.spec." + f + ")").toList());
    }

    static List<HasMetadata> objects() {
        Map<String, String> labels = Labels.of(NAME);
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("failurePolicy", "Fail");
        spec.put("matchConstraints", Map.of("resourceRules", List.of(
                rule("", "v1", "nodes"),
                rule("apps", "v1", "deployments"),
                rule("autoscaling.x-k8s.io", "*", "capacitybuffers"))));
        spec.put("matchConditions", List.of(Map.of("name", "nodeless-maintenance-writer",
                "expression", "has(request.userInfo.groups) && '" + ResourceNames.MAINTENANCE_GROUP + "' in request.userInfo.groups")));
        spec.put("variables", variables());
        spec.put("validations", validations());
        GenericKubernetesResource policy = new GenericKubernetesResourceBuilder().withApiVersion(API).withKind("ValidatingAdmissionPolicy")
                .withNewMetadata().withName(NAME).withLabels(labels).endMetadata().addToAdditionalProperties("spec", spec).build();
        GenericKubernetesResource binding = new GenericKubernetesResourceBuilder().withApiVersion(API).withKind("ValidatingAdmissionPolicyBinding")
                .withNewMetadata().withName(NAME).withLabels(labels).endMetadata()
                .addToAdditionalProperties("spec", Map.of("policyName", NAME, "validationActions", List.of("Deny"))).build();
        // Typed, so appliers and clients treat them as the built-in kinds they are (served since Kubernetes 1.30).
        KubernetesSerialization json = new KubernetesSerialization();
        return List.of(json.convertValue(policy, ValidatingAdmissionPolicy.class), json.convertValue(binding, ValidatingAdmissionPolicyBinding.class));
    }

    private static Map<String, Object> rule(String group, String version, String resource) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("apiGroups", List.of(group));
        r.put("apiVersions", List.of(version));
        r.put("operations", List.of("UPDATE"));
        r.put("resources", List.of(resource));
        return r;
    }

    private static Map<String, String> variable(String name, String expression) {
        Map<String, String> v = new LinkedHashMap<>();
        v.put("name", name);
        v.put("expression", expression);
        return v;
    }

    private static Map<String, String> validation(String expression, String message) {
        Map<String, String> v = new LinkedHashMap<>();
        v.put("expression", expression);
        v.put("message", message);
        return v;
    }
}
