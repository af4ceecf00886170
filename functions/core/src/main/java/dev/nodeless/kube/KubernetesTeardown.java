package dev.nodeless.kube;

import dev.nodeless.bootstrap.StepResult;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * First step of the teardown: remove what controllers created in AWS before the cluster goes, or it is
 * billed forever. (1) Delete LoadBalancer Services and Ingresses, so the load balancer controller deletes
 * their NLBs/ALBs; (2) delete NodePools and EC2NodeClasses, so Karpenter terminates its instances; (3) loop
 * ({@code done=false}) until no Karpenter node or NodeClaim and no such Service or Ingress remains. Every call
 * deletes only what is not already being deleted, so calling it again is harmless.
 */
public final class KubernetesTeardown {

    public static final String STEP = "teardownKubernetes";

    public StepResult teardown(KubernetesClient client) {
        try {
            List<String> deleted = new ArrayList<>();
            for (Service s : loadBalancerServices(client)) deleteIfLive(s, () -> client.resource(s).delete(), deleted);
            for (Ingress i : ingresses(client)) deleteIfLive(i, () -> client.resource(i).delete(), deleted);
            for (var kind : List.of(KarpenterApi.NODE_POOLS, KarpenterApi.EC2_NODE_CLASSES)) {
                for (GenericKubernetesResource o : custom(client, kind)) {
                    deleteIfLive(o, () -> client.genericKubernetesResources(kind).withName(o.getMetadata().getName()).delete(), deleted);
                }
            }

            // Named, so that a teardown that runs out of attempts says which object blocks it (and its finalizers).
            List<String> remaining = new ArrayList<>();
            count(remaining, "LoadBalancer Services", loadBalancerServices(client));
            count(remaining, "Ingresses", ingresses(client));
            count(remaining, "Karpenter nodes", karpenterNodes(client));
            count(remaining, "NodeClaims", custom(client, KarpenterApi.NODE_CLAIMS));
            count(remaining, "NodePools", custom(client, KarpenterApi.NODE_POOLS));
            count(remaining, "EC2NodeClasses", custom(client, KarpenterApi.EC2_NODE_CLASSES));

            Map<String, String> details = deleted.isEmpty() ? Map.of() : Map.of("deleted", String.join(", ", deleted));
            if (!remaining.isEmpty()) {
                return StepResult.waiting(STEP, null, "waiting for controllers to remove " + String.join(", ", remaining), details);
            }
            return StepResult.done(STEP, null, StepResult.DELETED, "no load balancers, Karpenter nodes or node pools left", details);
        } catch (KubernetesClientException e) {
            throw KubeFailures.classify("tearing down Kubernetes objects", e);
        }
    }

    private static void deleteIfLive(HasMetadata o, Runnable delete, List<String> deleted) {
        if (o.getMetadata().getDeletionTimestamp() != null) return; // already going; its finalizer is doing the work
        delete.run();
        deleted.add(o.getKind() + " " + (o.getMetadata().getNamespace() == null ? "" : o.getMetadata().getNamespace() + "/") + o.getMetadata().getName());
    }

    private static List<Service> loadBalancerServices(KubernetesClient client) {
        // the API cannot select on spec.type, so filter here
        return client.services().inAnyNamespace().list().getItems().stream()
                .filter(s -> s.getSpec() != null && "LoadBalancer".equals(s.getSpec().getType())).toList();
    }

    private static List<Ingress> ingresses(KubernetesClient client) {
        return client.network().v1().ingresses().inAnyNamespace().list().getItems();
    }

    /** Nodes Karpenter launched: selected by label on the server, checked again here (selectors may be ignored by proxies and mocks). */
    private static List<io.fabric8.kubernetes.api.model.Node> karpenterNodes(KubernetesClient client) {
        return client.nodes().withLabel(KarpenterApi.NODE_POOL_LABEL).list().getItems().stream()
                .filter(n -> ClusterVerifier.labels(n).containsKey(KarpenterApi.NODE_POOL_LABEL)).toList();
    }

    /** Custom resources of a kind; none when Karpenter's CRDs were never installed. */
    private static List<GenericKubernetesResource> custom(KubernetesClient client, ResourceDefinitionContext kind) {
        try {
            return client.genericKubernetesResources(kind).list().getItems();
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404) return List.of();
            throw e;
        }
    }

    /** At most this many names per kind in the reason; the rest are counted. */
    static final int NAMED = 5;

    /** "2 LoadBalancer Services (shop/web, shop/api; finalizers: service.k8s.aws/resources)" */
    private static void count(List<String> remaining, String what, List<? extends HasMetadata> left) {
        if (left.isEmpty()) return;
        List<String> names = left.stream().limit(NAMED).map(o -> (o.getMetadata().getNamespace() == null ? "" : o.getMetadata().getNamespace() + "/")
                + o.getMetadata().getName()).toList();
        java.util.Set<String> finalizers = new java.util.TreeSet<>();
        left.forEach(o -> finalizers.addAll(o.getMetadata().getFinalizers() == null ? List.of() : o.getMetadata().getFinalizers()));
        remaining.add(left.size() + " " + what + " (" + String.join(", ", names) + (left.size() > NAMED ? ", and " + (left.size() - NAMED) + " more" : "")
                + (finalizers.isEmpty() ? "" : "; finalizers: " + String.join(", ", finalizers)) + ")");
    }
}
