package dev.nodeless.kube.buffer;

import dev.nodeless.buffer.BufferConflictException;
import dev.nodeless.buffer.BufferDecision;
import dev.nodeless.buffer.ClusterApi;
import dev.nodeless.buffer.DriftForecast;
import dev.nodeless.buffer.Ledger;
import dev.nodeless.buffer.PodView;
import dev.nodeless.buffer.Quantity;
import dev.nodeless.buffer.Resources;
import dev.nodeless.event.InstanceIds;
import dev.nodeless.kube.KubeRejectedException;
import dev.nodeless.spec.Durations;
import dev.nodeless.spec.ResourceNames;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.api.model.MicroTime;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeList;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodList;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.events.v1.Event;
import io.fabric8.kubernetes.api.model.events.v1.EventBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@link ClusterApi} on fabric8. The buffer object is the pause-pods Deployment or the CapacityBuffer
 * {@code nodeless/pause-pods}; its {@code spec.replicas} and the ledger annotation change in one PUT carrying the
 * resourceVersion that was read, so the API server rejects (409) a write based on a stale read.
 *
 * <p>Node lookup by instance id: Nodes carry no instance-id label and the API server has no field selector on
 * {@code spec.providerID}. On EKS a Node is named after the instance's private DNS name (or, with resource-name
 * hostnames, after the instance id), both known from DescribeInstances, so the caller passes them as hints and a
 * GET by name plus a providerID check finds the Node in one request. Only when no hint matches does it page
 * through Nodes (500 per page) and say so in the result's cost.
 */
public final class KubeClusterApi implements ClusterApi {

    public enum Backend { PAUSE_PODS, CAPACITY_BUFFER }

    static final ResourceDefinitionContext CAPACITY_BUFFERS = new ResourceDefinitionContext.Builder()
            .withGroup("autoscaling.x-k8s.io").withVersion("v1beta1").withKind("CapacityBuffer")
            .withPlural("capacitybuffers").withNamespaced(true).build();
    static final ResourceDefinitionContext NODE_POOLS = new ResourceDefinitionContext.Builder()
            .withGroup("karpenter.sh").withVersion("v1").withKind("NodePool").withPlural("nodepools").withNamespaced(false).build();
    static final ResourceDefinitionContext NODE_CLAIMS = new ResourceDefinitionContext.Builder()
            .withGroup("karpenter.sh").withVersion("v1").withKind("NodeClaim").withPlural("nodeclaims").withNamespaced(false).build();
    static final long PAGE = 500;
    static final String NODE_POOL_LABEL = "karpenter.sh/nodepool";

    private final KubernetesClient client;
    private final Backend backend;
    private final Clock clock;
    private final String namespace;
    private final String name;
    private static final AtomicLong EVENT_SEQ = new AtomicLong();

    public KubeClusterApi(KubernetesClient client, Backend backend, Clock clock) {
        this(client, backend, clock, ResourceNames.BUFFER_NAMESPACE, ResourceNames.BUFFER_NAME);
    }

    public KubeClusterApi(KubernetesClient client, Backend backend, Clock clock, String namespace, String name) {
        this.client = client;
        this.backend = backend;
        this.clock = clock;
        this.namespace = namespace;
        this.name = name;
    }

    public static Backend backendOf(String specBackend) {
        return "capacity-buffer".equals(specBackend) ? Backend.CAPACITY_BUFFER : Backend.PAUSE_PODS;
    }

    @Override
    public Optional<NodeRef> nodeForInstance(String instanceId, List<String> nameHints) {
        for (String hint : nameHints) {
            if (hint == null || hint.isBlank()) continue;
            Node n = client.nodes().withName(hint).get();
            if (n != null && instanceId.equals(instanceOf(n))) return Optional.of(new NodeRef(hint, instanceId));
        }
        String cont = null;
        do {
            NodeList page = client.nodes().list(new ListOptionsBuilder().withLimit(PAGE).withContinue(cont).build());
            for (Node n : page.getItems()) {
                if (instanceId.equals(instanceOf(n))) return Optional.of(new NodeRef(n.getMetadata().getName(), instanceId));
            }
            cont = page.getMetadata() == null ? null : page.getMetadata().getContinue();
        } while (cont != null && !cont.isEmpty());
        return Optional.empty();
    }

    private static String instanceOf(Node n) {
        return n.getSpec() == null ? null : InstanceIds.fromProviderId(n.getSpec().getProviderID()).orElse(null);
    }

    @Override
    public List<PodView> podsOn(String node) {
        List<PodView> views = new ArrayList<>();
        for (Pod p : client.pods().inAnyNamespace().withField("spec.nodeName", node).list().getItems()) {
            // the field selector does the work on a real API server; the check keeps emulators honest
            if (node.equals(p.getSpec().getNodeName())) views.add(PodViews.of(p));
        }
        return views;
    }

    @Override
    public BufferState readBuffer() {
        HasMetadata obj = switch (backend) {
            case PAUSE_PODS -> client.apps().deployments().inNamespace(namespace).withName(name).get();
            case CAPACITY_BUFFER -> client.genericKubernetesResources(CAPACITY_BUFFERS).inNamespace(namespace).withName(name).get();
        };
        if (obj == null) {
            throw new KubeRejectedException("buffer " + backend + " " + namespace + "/" + name + " not found: was the cluster bootstrapped by Nodeless?");
        }
        String version = obj.getMetadata().getResourceVersion();
        Map<String, String> ann = obj.getMetadata().getAnnotations();
        return new BufferState(replicasOf(obj), LedgerCodec.read(ann == null ? null : ann.get(ResourceNames.LEDGER_ANNOTATION)),
                version, Serialization.clone(obj), LastChanges.read(ann == null ? null : ann.get(LastChanges.ANNOTATION)));
    }

    private static int replicasOf(HasMetadata obj) {
        if (obj instanceof Deployment d) return d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
        Object spec = ((GenericKubernetesResource) obj).getAdditionalProperties().get("spec");
        Object r = spec instanceof Map<?, ?> m ? m.get("replicas") : null;
        return r instanceof Number n ? n.intValue() : 0;
    }

    @Override
    @SuppressWarnings("unchecked")
    public void writeBuffer(BufferState state, int replicas, Ledger ledger, LastChange change) {
        if (!(state.handle() instanceof HasMetadata read)) throw new IllegalArgumentException("not a state read by this adapter");
        HasMetadata obj = Serialization.clone(read);
        Map<String, String> ann = obj.getMetadata().getAnnotations() == null ? new LinkedHashMap<>() : new LinkedHashMap<>(obj.getMetadata().getAnnotations());
        ann.put(ResourceNames.LEDGER_ANNOTATION, LedgerCodec.write(ledger));
        if (change != null) ann.put(LastChanges.ANNOTATION, LastChanges.write(change)); // same write: replicas, ledger, change
        obj.getMetadata().setAnnotations(ann);
        obj.getMetadata().setResourceVersion(state.version());
        try {
            if (obj instanceof Deployment d) {
                d.getSpec().setReplicas(replicas);
                client.apps().deployments().inNamespace(namespace).resource(d).update();
            } else {
                GenericKubernetesResource g = (GenericKubernetesResource) obj;
                ((Map<String, Object>) g.getAdditionalProperties().computeIfAbsent("spec", k -> new LinkedHashMap<>())).put("replicas", replicas);
                client.genericKubernetesResources(CAPACITY_BUFFERS).inNamespace(namespace).resource(g).update();
            }
        } catch (KubernetesClientException e) {
            if (e.getCode() == 409) throw new BufferConflictException("buffer " + namespace + "/" + name + " changed since version " + state.version(), e);
            throw e;
        }
    }

    @Override
    public void recordChange(LastChange d) {
        Instant now = clock.instant();
        String kind = backend == Backend.PAUSE_PODS ? "Deployment" : "CapacityBuffer";
        String apiVersion = backend == Backend.PAUSE_PODS ? "apps/v1" : "autoscaling.x-k8s.io/v1beta1";
        String note = d.trigger() + ": replicas " + d.before() + " -> " + d.after() + "; " + d.reason();
        // Keyed by the change: a retry creates the same name, and "already exists" means it is recorded.
        String eventName = d.key() == null ? name + "." + Long.toHexString(now.toEpochMilli()) + Long.toHexString(EVENT_SEQ.incrementAndGet())
                : name + "." + LastChanges.id(d);
        Event e = new EventBuilder()
                .withNewMetadata().withNamespace(namespace)
                .withName(eventName).endMetadata()
                .withRegarding(new ObjectReferenceBuilder().withApiVersion(apiVersion).withKind(kind).withNamespace(namespace).withName(name).build())
                .withReason(d.after() > d.before() ? "BufferGrown" : "BufferShrunk")
                .withAction("Resize")
                .withType("Normal")
                .withNote(note.length() > 1000 ? note.substring(0, 1000) : note)
                .withEventTime(new MicroTime(DateTimeFormatter.ISO_INSTANT.format(now.truncatedTo(java.time.temporal.ChronoUnit.MICROS))))
                .withReportingController("nodeless.dev/maintenance")
                .withReportingInstance("maintain-buffer")
                .build();
        try {
            client.events().v1().events().inNamespace(namespace).resource(e).create();
        } catch (KubernetesClientException exists) {
            if (exists.getCode() != 409 || d.key() == null) throw exists; // 409 AlreadyExists: this change is recorded
        }
    }

    @Override
    public void labelAtRisk(String node, boolean atRisk) {
        String value = atRisk ? "\"true\"" : "null";
        try {
            // resource(stub) rather than withName(): fabric8 then sends the PATCH alone instead of a GET first
            client.nodes().resource(new io.fabric8.kubernetes.api.model.NodeBuilder().withNewMetadata().withName(node).endMetadata().build())
                    .patch(PatchContext.of(PatchType.JSON_MERGE),
                    "{\"metadata\":{\"labels\":{\"" + ResourceNames.AT_RISK_LABEL + "\":" + value + "}}}");
        } catch (KubernetesClientException e) {
            if (e.getCode() != 404) throw e; // the node is already gone: nothing to avoid
        }
    }

    @Override
    public ClusterApi withBuffer(String bufferName, String specBackend) {
        return new KubeClusterApi(client, backendOf(specBackend), clock, namespace, bufferName);
    }

    @Override
    public Optional<String> poolOf(String node) {
        Node n = client.nodes().withName(node).get();
        Map<String, String> labels = n == null ? null : n.getMetadata().getLabels();
        return Optional.ofNullable(labels == null ? null : labels.get(NODE_POOL_LABEL));
    }

    @Override
    public Set<String> nodesOfPool(String pool) {
        return new HashSet<>(MetadataLists.names(client, "api/v1/nodes", NODE_POOL_LABEL + "=" + pool, PAGE));
    }

    @Override
    public Optional<PoolLimits> poolLimits(java.util.function.Predicate<String> covered) {
        // paginated like every list, though a cluster has a handful of NodePools: one request in practice
        List<GenericKubernetesResource> pools = new ArrayList<>();
        String cont = null;
        do {
            var page = client.genericKubernetesResources(NODE_POOLS).list(new ListOptionsBuilder().withLimit(PAGE).withContinue(cont).build());
            pools.addAll(page.getItems());
            cont = page.getMetadata() == null ? null : page.getMetadata().getContinue();
        } while (cont != null && !cont.isEmpty());
        pools.removeIf(p -> !covered.test(p.getMetadata().getName()));
        if (pools.isEmpty()) return Optional.empty();
        Resources limits = Resources.ZERO;
        Resources used = Resources.ZERO;
        for (GenericKubernetesResource p : pools) {
            Map<String, Object> lim = path(p, "spec", "limits");
            if (lim == null || lim.keySet().stream().noneMatch(k -> !"nodes".equals(k))) return Optional.empty();
            limits = limits.plus(resources(lim));
            Map<String, Object> res = path(p, "status", "resources");
            if (res != null) used = used.plus(resources(res));
        }
        return Optional.of(new PoolLimits(limits, used));
    }

    /** Limits or usage: cpu, memory and extended resources ({@code nvidia.com/gpu}); {@code nodes} and {@code pods} are not sized on. */
    private static Resources resources(Map<String, Object> m) {
        Map<String, Long> extended = new java.util.TreeMap<>();
        m.forEach((k, v) -> {
            if (!Set.of("cpu", "memory", "nodes", "pods", "ephemeral-storage").contains(k)) extended.put(k, Quantity.bytes(String.valueOf(v)));
        });
        return new Resources(m.containsKey("cpu") ? Quantity.milliCpu(String.valueOf(m.get("cpu"))) : 0,
                m.containsKey("memory") ? Quantity.bytes(String.valueOf(m.get("memory"))) : 0, extended);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> path(GenericKubernetesResource r, String a, String b) {
        Object x = r.getAdditionalProperties().get(a);
        Object y = x instanceof Map<?, ?> m ? m.get(b) : null;
        return y instanceof Map<?, ?> ? (Map<String, Object>) y : null;
    }

    /** Metadata-only and paginated: the reconcile needs the names, not the Nodes' status (kilobytes each). */
    @Override
    public Set<String> liveNodes() {
        return new HashSet<>(MetadataLists.names(client, "api/v1/nodes", null, PAGE));
    }

    /** Metadata-only and paginated too: after a storm hundreds of Nodes can carry the label. */
    @Override
    public Set<String> labeledAtRisk() {
        return new HashSet<>(MetadataLists.names(client, "api/v1/nodes", ResourceNames.AT_RISK_LABEL + "=true", PAGE));
    }

    @Override
    public Resources workloadRequests(java.util.function.Predicate<String> onNode) {
        Resources total = Resources.ZERO;
        String cont = null;
        do {
            PodList page = client.pods().inAnyNamespace().list(new ListOptionsBuilder().withLimit(PAGE).withContinue(cont).build());
            for (Pod p : page.getItems()) {
                PodView v = PodViews.of(p);
                if (v.evictable() && onNode.test(v.node())) total = total.plus(v.requests());
            }
            cont = page.getMetadata() == null ? null : page.getMetadata().getContinue();
        } while (cont != null && !cont.isEmpty());
        return total;
    }

    /** When the NodeClaim's {@code Drifted} condition became True, or null when it is not True. */
    @SuppressWarnings("unchecked")
    static Instant driftedSince(String claim, Map<String, Object> status) {
        if (!(status.get("conditions") instanceof List<?> conditions)) return null;
        for (Object o : conditions) {
            if (!(o instanceof Map<?, ?> m) || !DriftForecast.REASON.equals(m.get("type")) || !"True".equals(m.get("status"))) continue;
            Object since = m.get("lastTransitionTime");
            try {
                return Instant.parse(String.valueOf(since));
            } catch (RuntimeException bad) { // an API server always sets it; a hand-made snapshot may not
                throw new IllegalArgumentException("NodeClaim " + claim + ": the Drifted condition's lastTransitionTime '" + since
                        + "' is not readable: " + bad.getMessage(), bad);
            }
        }
        return null;
    }

    @Override
    @SuppressWarnings("unchecked")
    public Map<String, List<DriftForecast.Budget>> disruptionBudgets() {
        Map<String, List<DriftForecast.Budget>> out = new java.util.LinkedHashMap<>();
        for (GenericKubernetesResource p : client.genericKubernetesResources(NODE_POOLS).list().getItems()) {
            Map<String, Object> disruption = path(p, "spec", "disruption");
            Object budgets = disruption == null ? null : disruption.get("budgets");
            List<DriftForecast.Budget> list = new ArrayList<>();
            if (budgets instanceof List<?> items) {
                for (Object o : items) {
                    if (!(o instanceof Map<?, ?> b)) continue;
                    Object reasons = b.get("reasons");
                    list.add(new DriftForecast.Budget(b.get("nodes") == null ? null : String.valueOf(b.get("nodes")),
                            reasons instanceof List<?> r ? r.stream().map(String::valueOf).toList() : null,
                            b.get("schedule") == null ? null : String.valueOf(b.get("schedule"))));
                }
            }
            out.put(p.getMetadata().getName(), list.isEmpty() ? DriftForecast.CRD_DEFAULT : List.copyOf(list));
        }
        return out;
    }

    @Override
    @SuppressWarnings("unchecked")
    public List<Claim> nodeClaims() {
        List<Claim> claims = new ArrayList<>();
        String cont = null;
        do {
            var page = client.genericKubernetesResources(NODE_CLAIMS).list(new ListOptionsBuilder().withLimit(PAGE).withContinue(cont).build());
            for (GenericKubernetesResource c : page.getItems()) {
                Map<String, Object> spec = (Map<String, Object>) c.getAdditionalProperties().getOrDefault("spec", Map.of());
                Map<String, Object> status = (Map<String, Object>) c.getAdditionalProperties().getOrDefault("status", Map.of());
                String created = c.getMetadata().getCreationTimestamp();
                Object expireAfter = spec.get("expireAfter");
                Instant expiresAt = null;
                if (created != null && expireAfter != null) {
                    try {
                        expiresAt = Durations.parse(String.valueOf(expireAfter)).map(Instant.parse(created)::plus).orElse(null);
                    } catch (RuntimeException bad) { // an API server never sends these; a hand-made snapshot may
                        throw new IllegalArgumentException("NodeClaim " + c.getMetadata().getName() + ": creationTimestamp '" + created
                                + "' or expireAfter '" + expireAfter + "' is not readable: " + bad.getMessage(), bad);
                    }
                }
                String pool = c.getMetadata().getLabels() == null ? null : c.getMetadata().getLabels().get(NODE_POOL_LABEL);
                claims.add(new Claim(c.getMetadata().getName(), (String) status.get("nodeName"),
                        InstanceIds.fromProviderId((String) status.get("providerID")).orElse(null), expiresAt, pool,
                        driftedSince(c.getMetadata().getName(), status), c.getMetadata().getDeletionTimestamp() != null));
            }
            cont = page.getMetadata() == null ? null : page.getMetadata().getContinue();
        } while (cont != null && !cont.isEmpty());
        return claims;
    }
}
