package dev.nodeless.kube;

import dev.nodeless.bootstrap.StepResult;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Step 10 of the bootstrap: the cluster is "nodeless" and working when (1) every coredns pod and (2) every
 * karpenter pod is Running and Ready on a Fargate node (not on an EC2 node: the runbook's coredns patch is
 * what this proves), and (3) every NodePool reports {@code Ready=True}. Until then the step returns
 * {@code done=false} with everything it still waits for, and the state machine calls it again.
 */
public final class ClusterVerifier {

    public static final String STEP = "verifyCluster";

    /** A system component found by its standard label, in any namespace. */
    record Component(String name, String labelKey, String labelValue) {}

    static final List<Component> COMPONENTS = List.of(
            new Component("coredns", "k8s-app", "kube-dns"),
            new Component("karpenter", "app.kubernetes.io/name", "karpenter"));
    static final String KUBE_OPS_VIEW_LABEL = "app.kubernetes.io/name";
    static final String KUBE_OPS_VIEW = "kube-ops-view";

    public StepResult verify(KubernetesClient client, String endpoint) {
        try {
            List<String> waiting = new ArrayList<>();
            Set<String> fargateNodes = client.nodes().withLabel(KarpenterApi.COMPUTE_TYPE_LABEL, "fargate").list().getItems().stream()
                    .filter(n -> "fargate".equals(labels(n).get(KarpenterApi.COMPUTE_TYPE_LABEL)))
                    .map(n -> n.getMetadata().getName()).collect(Collectors.toSet());
            for (Component c : COMPONENTS) waiting.addAll(checkPods(client, c, fargateNodes));
            waiting.addAll(checkNodePools(client));

            Map<String, String> details = new LinkedHashMap<>();
            details.put("endpoint", endpoint);
            Optional<String> opsView = kubeOpsViewUrl(client);
            opsView.ifPresent(url -> details.put("kubeOpsViewUrl", url));
            if (!waiting.isEmpty()) return StepResult.waiting(STEP, null, "waiting for: " + String.join("; ", waiting), details);
            String note = opsView.isPresent() ? "" : " (kube-ops-view has no load balancer address yet)";
            return StepResult.done(STEP, null, StepResult.ACTIVE, "coredns and karpenter Ready on Fargate, NodePools Ready" + note, details);
        } catch (KubernetesClientException e) {
            throw KubeFailures.classify("verifying the cluster", e);
        }
    }

    private static List<String> checkPods(KubernetesClient client, Component c, Set<String> fargateNodes) {
        List<Pod> pods = client.pods().inAnyNamespace().withLabel(c.labelKey(), c.labelValue()).list().getItems().stream()
                .filter(p -> c.labelValue().equals(labels(p).get(c.labelKey())))
                .toList();
        if (pods.isEmpty()) return List.of("no " + c.name() + " pods yet");
        List<String> out = new ArrayList<>();
        for (Pod p : pods) {
            String name = c.name() + " pod " + p.getMetadata().getName();
            String node = p.getSpec() == null ? null : p.getSpec().getNodeName();
            String phase = p.getStatus() == null ? null : p.getStatus().getPhase();
            if (node == null) out.add(name + " is not scheduled");
            else if (!fargateNodes.contains(node)) out.add(name + " runs on " + node + ", which is not a Fargate node");
            else if (!"Running".equals(phase)) out.add(name + " is " + phase);
            else if (!ready(p)) out.add(name + " is not Ready");
        }
        return out;
    }

    private static boolean ready(Pod p) {
        return p.getStatus().getConditions() != null
                && p.getStatus().getConditions().stream().anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    private static List<String> checkNodePools(KubernetesClient client) {
        List<GenericKubernetesResource> pools;
        try {
            pools = client.genericKubernetesResources(KarpenterApi.NODE_POOLS).list().getItems();
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404) return List.of("the NodePool CRD is not installed");
            throw e;
        }
        if (pools.isEmpty()) return List.of("no NodePool yet");
        List<String> out = new ArrayList<>();
        for (GenericKubernetesResource pool : pools) {
            Map<String, Object> ready = condition(pool, "Ready");
            if (ready == null || !"True".equals(ready.get("status"))) {
                out.add("NodePool " + pool.getMetadata().getName() + " not Ready"
                        + (ready == null ? "" : " (" + ready.get("reason") + (ready.get("message") == null ? "" : ": " + ready.get("message")) + ")"));
            }
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> condition(GenericKubernetesResource o, String type) {
        Object status = o.getAdditionalProperties().get("status");
        if (!(status instanceof Map<?, ?> s) || !(s.get("conditions") instanceof List<?> conditions)) return null;
        for (Object c : conditions) {
            if (c instanceof Map<?, ?> m && type.equals(m.get("type"))) return (Map<String, Object>) m;
        }
        return null;
    }

    /** The kube-ops-view Service's load balancer address, once the load balancer controller has provisioned it. */
    private static Optional<String> kubeOpsViewUrl(KubernetesClient client) {
        for (Service s : client.services().inAnyNamespace().withLabel(KUBE_OPS_VIEW_LABEL, KUBE_OPS_VIEW).list().getItems()) {
            if (!KUBE_OPS_VIEW.equals(labels(s).get(KUBE_OPS_VIEW_LABEL)) || s.getStatus() == null || s.getStatus().getLoadBalancer() == null
                    || s.getStatus().getLoadBalancer().getIngress() == null) continue;
            for (var ingress : s.getStatus().getLoadBalancer().getIngress()) {
                String host = ingress.getHostname() != null ? ingress.getHostname() : ingress.getIp();
                if (host != null) return Optional.of("http://" + host + port(s));
            }
        }
        return Optional.empty();
    }

    private static String port(Service s) {
        if (s.getSpec() == null || s.getSpec().getPorts() == null || s.getSpec().getPorts().isEmpty()) return "";
        Integer port = s.getSpec().getPorts().get(0).getPort();
        return port == null || port == 80 ? "" : ":" + port;
    }

    static Map<String, String> labels(HasMetadata o) {
        return o.getMetadata().getLabels() == null ? Map.of() : o.getMetadata().getLabels();
    }

    static boolean isFargate(Node n) { return "fargate".equals(labels(n).get(KarpenterApi.COMPUTE_TYPE_LABEL)); }
}
