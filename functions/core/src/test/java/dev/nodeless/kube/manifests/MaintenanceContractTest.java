package dev.nodeless.kube.manifests;

import static dev.nodeless.testing.KubeFixtures.nodeWithPods;
import static org.assertj.core.api.Assertions.assertThat;

import dev.nodeless.bootstrap.ClusterFacts;
import dev.nodeless.buffer.BufferChange;
import dev.nodeless.buffer.BufferPolicies;
import dev.nodeless.buffer.BufferService;
import dev.nodeless.kube.buffer.KubeClusterApi;
import dev.nodeless.kube.emulator.KubeEmulator;
import dev.nodeless.spec.ClusterSpec;
import dev.nodeless.spec.ResourceNames;
import dev.nodeless.spec.SpecFixtures;
import dev.nodeless.spec.Specs;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The seam between the bootstrap's manifests and the maintenance loop: the buffer object the Kubernetes phase applies
 * is the one {@link KubeClusterApi} finds and grows, and every request the maintenance code sends is allowed by the
 * RBAC the manifests bind to the maintenance group (the fabric8 CRUD mock enforces no RBAC, so each recorded request is
 * checked against the rules here).
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
    void spotWarning_growsTheBufferTheManifestsCreate_andKeepsItsAtRiskAntiAffinity() {
        Deployment buffer = (Deployment) manifests.stream().filter(o -> o instanceof Deployment d
                && d.getMetadata().getName().equals(ResourceNames.BUFFER_NAME)).findFirst().orElseThrow();
        kube.client().resource(buffer).create();
        nodeWithPods(kube.client(), "n1", "i-0aaaaaaaaaaaaaaa1", "eu-west-1a", 5);

        BufferChange c = new BufferService(Clock.fixed(T0, ZoneOffset.UTC)).markAtRisk(spec.clusterName(), api(),
                BufferPolicies.from(spec), "spot-interruption", T0.plusSeconds(120), List.of(new BufferService.Target("n1", "i-0aaaaaaaaaaaaaaa1")));

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

    @Test
    void everyRequestOfTheMaintenanceLoop_isAllowedByTheRbacBoundToTheMaintenanceGroup() {
        kube.client().resource(manifests.stream().filter(o -> o instanceof Deployment d
                && d.getMetadata().getName().equals(ResourceNames.BUFFER_NAME)).findFirst().orElseThrow()).create();
        nodeWithPods(kube.client(), "n1", "i-0aaaaaaaaaaaaaaa1", "eu-west-1a", 5);
        kube.clearRequests();
        BufferService service = new BufferService(Clock.fixed(T0, ZoneOffset.UTC));
        service.markAtRisk(spec.clusterName(), api(), BufferPolicies.from(spec), "spot-interruption", T0.plusSeconds(120),
                List.of(new BufferService.Target("n1", "i-0aaaaaaaaaaaaaaa1")));
        api().nodeForInstance("i-0aaaaaaaaaaaaaaa1", List.of("no-such-name"));
        service.reconcile(spec.clusterName(), api(), BufferPolicies.from(spec));

        List<String> requests = kube.requests();
        assertThat(requests).anyMatch(r -> r.startsWith("PUT ")).anyMatch(r -> r.startsWith("PATCH ")).anyMatch(r -> r.startsWith("POST "))
                .anyMatch(r -> r.contains("nodeclaims")).anyMatch(r -> r.contains("nodepools"));
        List<String> denied = new ArrayList<>();
        for (String r : requests) if (!allowed(r)) denied.add(r);
        assertThat(denied).isEmpty();
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
        assertThat(allowed("PUT /apis/apps/v1/namespaces/nodeless/deployments/inflate")).as("another Deployment").isFalse();
        assertThat(allowed("PUT /apis/apps/v1/namespaces/default/deployments/pause-pods")).as("another namespace").isFalse();
        assertThat(allowed("DELETE /api/v1/nodes/n1")).isFalse();
        assertThat(allowed("GET /api/v1/secrets")).isFalse();
        assertThat(allowed("PUT /apis/autoscaling.x-k8s.io/v1beta1/namespaces/nodeless/capacitybuffers/pause-pods")).isTrue();
    }

    private KubeClusterApi api() {
        return new KubeClusterApi(kube.client(), KubeClusterApi.Backend.PAUSE_PODS, Clock.fixed(T0, ZoneOffset.UTC));
    }

    /** "METHOD /path?query" as the emulator records it, checked the way the API server's RBAC authorizer would. */
    static boolean allowed(String request) {
        String method = request.substring(0, request.indexOf(' '));
        String path = request.substring(request.indexOf(' ') + 1);
        String query = path.contains("?") ? path.substring(path.indexOf('?') + 1) : "";
        List<String> seg = Arrays.asList(path.replaceFirst("\\?.*", "").replaceFirst("^/", "").split("/"));
        String group = seg.get(0).equals("api") ? "" : seg.get(1);
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
        List<PolicyRule> rules = new ArrayList<>(MaintenanceRbac.clusterRules());
        if (ResourceNames.BUFFER_NAMESPACE.equals(namespace)) rules.addAll(MaintenanceRbac.namespaceRules());
        for (PolicyRule rule : rules) {
            boolean names = rule.getResourceNames() == null || rule.getResourceNames().isEmpty() || rule.getResourceNames().contains(name);
            if (rule.getApiGroups().contains(group) && rule.getResources().contains(resource) && rule.getVerbs().contains(verb) && names) return true;
        }
        return false;
    }
}
