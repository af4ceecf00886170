package dev.nodeless.kube.buffer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nodeless.buffer.BufferConflictException;
import dev.nodeless.buffer.ClusterApi;
import dev.nodeless.buffer.DriftForecast;
import dev.nodeless.buffer.Ledger;
import dev.nodeless.buffer.PodView;
import dev.nodeless.buffer.Quantity;
import dev.nodeless.buffer.Resources;
import dev.nodeless.event.InstanceIds;
import dev.nodeless.kube.KubeApiException;
import dev.nodeless.kube.KubeRejectedException;
import dev.nodeless.kube.KubeRest;
import dev.nodeless.spec.Durations;
import dev.nodeless.spec.ResourceNames;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * {@link ClusterApi} on the Kubernetes REST API itself ({@link KubeRest}: JSON trees, one kept-alive connection), with
 * no typed client: the maintenance functions' cold start loads neither fabric8's models nor the JDK HttpClient. The
 * buffer object is the pause-pods Deployment or the CapacityBuffer {@code nodeless/pause-pods}; its
 * {@code spec.replicas} and the ledger annotation change in one PUT carrying the resourceVersion that was read, so the
 * API server rejects (409) a write based on a stale read.
 *
 * <p>Node lookup by instance id: Nodes carry no instance-id label and the API server has no field selector on
 * {@code spec.providerID}. On EKS a Node is named after the instance's private DNS name (or, with resource-name
 * hostnames, after the instance id), both known from DescribeInstances, so the caller passes them as hints and a
 * GET by name plus a providerID check finds the Node in one request. Only when no hint matches does it page
 * through Nodes (500 per page).
 *
 * <p>Failures: a {@link KubeApiException} with the HTTP code, which the handlers sort with
 * {@link dev.nodeless.kube.KubeFailures}; a 409 on the buffer write is a {@link BufferConflictException}.
 */
public final class KubeClusterApi implements ClusterApi {

    public enum Backend { PAUSE_PODS, CAPACITY_BUFFER }

    static final long PAGE = 500;
    static final String NODE_POOL_LABEL = "karpenter.sh/nodepool";
    static final String NODES = "/api/v1/nodes";
    static final String NODE_POOLS = "/apis/karpenter.sh/v1/nodepools";
    static final String NODE_CLAIMS = "/apis/karpenter.sh/v1/nodeclaims";
    /**
     * Metadata-only lists: the API server answers with each object's metadata only (name, labels, owners,
     * timestamps). A Node's status alone (images, conditions, addresses) weighs kilobytes; the reconcile needs only
     * names. A server that ignores the header (an older one, or the emulator) sends full objects, of which only
     * {@code metadata} is read.
     */
    static final String METADATA_ONLY = "application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1,application/json";

    private final KubeRest api;
    private final Backend backend;
    private final Clock clock;
    private final String namespace;
    private final String name;
    private static final AtomicLong EVENT_SEQ = new AtomicLong();

    public KubeClusterApi(KubeRest api, Backend backend, Clock clock) {
        this(api, backend, clock, ResourceNames.BUFFER_NAMESPACE, ResourceNames.BUFFER_NAME);
    }

    public KubeClusterApi(KubeRest api, Backend backend, Clock clock, String namespace, String name) {
        this.api = api;
        this.backend = backend;
        this.clock = clock;
        this.namespace = namespace;
        this.name = name;
    }

    public static Backend backendOf(String specBackend) {
        return "capacity-buffer".equals(specBackend) ? Backend.CAPACITY_BUFFER : Backend.PAUSE_PODS;
    }

    private String bufferPath() {
        return switch (backend) {
            case PAUSE_PODS -> "/apis/apps/v1/namespaces/" + namespace + "/deployments/" + name;
            case CAPACITY_BUFFER -> "/apis/autoscaling.x-k8s.io/v1beta1/namespaces/" + namespace + "/capacitybuffers/" + name;
        };
    }

    private static String q(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** Every item of a paginated list ({@value #PAGE} per page, following {@code continue}). */
    private void pages(String path, String labelSelector, String accept, Consumer<JsonNode> each) {
        pagesUntil(path, labelSelector, accept, item -> {
            each.accept(item);
            return false;
        });
    }

    /** The same, asking for no further page once {@code found} accepted an item. */
    private void pagesUntil(String path, String labelSelector, String accept, Predicate<JsonNode> found) {
        String cont = "";
        do {
            StringBuilder target = new StringBuilder(path).append("?limit=").append(PAGE);
            if (labelSelector != null) target.append("&labelSelector=").append(q(labelSelector));
            if (!cont.isEmpty()) target.append("&continue=").append(q(cont));
            JsonNode page = api.get(target.toString(), accept);
            boolean done = false;
            for (JsonNode item : page.path("items")) done |= found.test(item);
            if (done) return;
            cont = page.path("metadata").path("continue").asText("");
        } while (!cont.isEmpty());
    }

    private static ObjectNode object(ObjectNode parent, String field) {
        return parent.get(field) instanceof ObjectNode o ? o : parent.putObject(field);
    }

    private Set<String> names(String labelSelector) {
        Set<String> names = new HashSet<>();
        pages(NODES, labelSelector, METADATA_ONLY, n -> names.add(n.path("metadata").path("name").asText()));
        return names;
    }

    @Override
    public Optional<NodeRef> nodeForInstance(String instanceId, List<String> nameHints) {
        for (String hint : nameHints) {
            if (hint == null || hint.isBlank()) continue;
            JsonNode n = api.getOrNull(NODES + "/" + hint, KubeRest.JSON_TYPE);
            if (n != null && instanceId.equals(instanceOf(n))) return Optional.of(new NodeRef(hint, instanceId));
        }
        List<String> found = new ArrayList<>(1);
        pagesUntil(NODES, null, KubeRest.JSON_TYPE, n -> {
            if (found.isEmpty() && instanceId.equals(instanceOf(n))) found.add(n.path("metadata").path("name").asText());
            return !found.isEmpty();
        });
        return found.stream().findFirst().map(node -> new NodeRef(node, instanceId));
    }

    private static String instanceOf(JsonNode node) {
        JsonNode id = node.path("spec").get("providerID");
        return id == null || id.isNull() ? null : InstanceIds.fromProviderId(id.asText()).orElse(null);
    }

    @Override
    public List<PodView> podsOn(String node) {
        List<PodView> views = new ArrayList<>();
        for (JsonNode p : api.get("/api/v1/pods?fieldSelector=" + q("spec.nodeName=" + node), KubeRest.JSON_TYPE).path("items")) {
            // the field selector does the work on a real API server; the check keeps emulators honest
            if (node.equals(p.path("spec").path("nodeName").asText(null))) views.add(PodViews.of(p));
        }
        return views;
    }

    @Override
    public BufferState readBuffer() {
        JsonNode obj = api.getOrNull(bufferPath(), KubeRest.JSON_TYPE);
        if (obj == null) {
            throw new KubeRejectedException("buffer " + backend + " " + namespace + "/" + name + " not found: was the cluster bootstrapped by Nodeless?");
        }
        JsonNode ann = obj.path("metadata").path("annotations");
        return new BufferState(replicasOf(obj), LedgerCodec.read(ann.path(ResourceNames.LEDGER_ANNOTATION).asText(null)),
                obj.path("metadata").path("resourceVersion").asText(null), obj.deepCopy(), LastChanges.read(ann.path(LastChanges.ANNOTATION).asText(null)));
    }

    private int replicasOf(JsonNode obj) {
        JsonNode r = obj.path("spec").get("replicas");
        if (r != null && r.isNumber()) return r.intValue();
        return backend == Backend.PAUSE_PODS ? 1 : 0; // a Deployment defaults to one replica, a CapacityBuffer to none
    }

    @Override
    public void writeBuffer(BufferState state, int replicas, Ledger ledger, LastChange change) {
        if (!(state.handle() instanceof ObjectNode read)) throw new IllegalArgumentException("not a state read by this adapter");
        ObjectNode obj = read.deepCopy();
        ObjectNode meta = object(obj, "metadata");
        ObjectNode ann = object(meta, "annotations");
        ann.put(ResourceNames.LEDGER_ANNOTATION, LedgerCodec.write(ledger));
        if (change != null) ann.put(LastChanges.ANNOTATION, LastChanges.write(change)); // same write: replicas, ledger, change
        meta.put("resourceVersion", state.version());
        object(obj, "spec").put("replicas", replicas);
        try {
            api.send("PUT", bufferPath(), KubeRest.JSON_TYPE, obj);
        } catch (KubeApiException e) {
            if (e.code() == 409) throw new BufferConflictException("buffer " + namespace + "/" + name + " changed since version " + state.version(), e);
            throw e;
        }
    }

    @Override
    public void recordChange(LastChange d) {
        Instant now = clock.instant();
        String note = d.trigger() + ": replicas " + d.before() + " -> " + d.after() + "; " + d.reason();
        // Keyed by the change: a retry creates the same name, and "already exists" means it is recorded.
        String eventName = d.key() == null ? name + "." + Long.toHexString(now.toEpochMilli()) + Long.toHexString(EVENT_SEQ.incrementAndGet())
                : name + "." + LastChanges.id(d);
        ObjectNode e = KubeRest.json().createObjectNode();
        e.put("apiVersion", "events.k8s.io/v1").put("kind", "Event");
        e.putObject("metadata").put("name", eventName).put("namespace", namespace);
        e.putObject("regarding")
                .put("apiVersion", backend == Backend.PAUSE_PODS ? "apps/v1" : "autoscaling.x-k8s.io/v1beta1")
                .put("kind", backend == Backend.PAUSE_PODS ? "Deployment" : "CapacityBuffer")
                .put("namespace", namespace).put("name", name);
        e.put("reason", d.after() > d.before() ? "BufferGrown" : "BufferShrunk")
                .put("action", "Resize")
                .put("type", "Normal")
                .put("note", note.length() > 1000 ? note.substring(0, 1000) : note)
                .put("eventTime", DateTimeFormatter.ISO_INSTANT.format(now.truncatedTo(ChronoUnit.MICROS)))
                .put("reportingController", "nodeless.dev/maintenance")
                .put("reportingInstance", "maintain-buffer");
        try {
            api.send("POST", "/apis/events.k8s.io/v1/namespaces/" + namespace + "/events", KubeRest.JSON_TYPE, e);
        } catch (KubeApiException exists) {
            if (exists.code() != 409 || d.key() == null) throw exists; // 409 AlreadyExists: this change is recorded
        }
    }

    @Override
    public void labelAtRisk(String node, boolean atRisk) {
        ObjectNode patch = KubeRest.json().createObjectNode();
        ObjectNode labels = patch.putObject("metadata").putObject("labels");
        if (atRisk) labels.put(ResourceNames.AT_RISK_LABEL, "true");
        else labels.putNull(ResourceNames.AT_RISK_LABEL);
        try {
            api.send("PATCH", NODES + "/" + node, KubeRest.MERGE_PATCH, patch); // the PATCH alone, no GET first
        } catch (KubeApiException e) {
            if (e.code() != 404) throw e; // the node is already gone: nothing to avoid
        }
    }

    @Override
    public ClusterApi withBuffer(String bufferName, String specBackend) {
        return new KubeClusterApi(api, backendOf(specBackend), clock, namespace, bufferName);
    }

    @Override
    public Optional<String> poolOf(String node) {
        JsonNode n = api.getOrNull(NODES + "/" + node, KubeRest.JSON_TYPE);
        return Optional.ofNullable(n == null ? null : n.path("metadata").path("labels").path(NODE_POOL_LABEL).asText(null));
    }

    @Override
    public Set<String> nodesOfPool(String pool) {
        return names(NODE_POOL_LABEL + "=" + pool);
    }

    @Override
    public Optional<PoolLimits> poolLimits(Predicate<String> covered) {
        // paginated like every list, though a cluster has a handful of NodePools: one request in practice
        List<JsonNode> pools = new ArrayList<>();
        pages(NODE_POOLS, null, KubeRest.JSON_TYPE, p -> {
            if (covered.test(p.path("metadata").path("name").asText())) pools.add(p);
        });
        if (pools.isEmpty()) return Optional.empty();
        Resources limits = Resources.ZERO;
        Resources used = Resources.ZERO;
        for (JsonNode p : pools) {
            JsonNode lim = p.path("spec").path("limits");
            boolean sized = false;
            for (var it = lim.fieldNames(); it.hasNext(); ) sized |= !"nodes".equals(it.next());
            if (!lim.isObject() || !sized) return Optional.empty();
            limits = limits.plus(resources(lim));
            JsonNode res = p.path("status").path("resources");
            if (res.isObject()) used = used.plus(resources(res));
        }
        return Optional.of(new PoolLimits(limits, used));
    }

    /** Limits or usage: cpu, memory and extended resources ({@code nvidia.com/gpu}); {@code nodes} and {@code pods} are not sized on. */
    private static Resources resources(JsonNode m) {
        Map<String, Long> extended = new TreeMap<>();
        m.fields().forEachRemaining(e -> {
            if (!Set.of("cpu", "memory", "nodes", "pods", "ephemeral-storage").contains(e.getKey())) extended.put(e.getKey(), Quantity.bytes(e.getValue().asText()));
        });
        return new Resources(m.has("cpu") ? Quantity.milliCpu(m.get("cpu").asText()) : 0,
                m.has("memory") ? Quantity.bytes(m.get("memory").asText()) : 0, extended);
    }

    /** Metadata-only and paginated: the reconcile needs the names, not the Nodes' status (kilobytes each). */
    @Override
    public Set<String> liveNodes() {
        return names(null);
    }

    /** Metadata-only and paginated too: after a storm hundreds of Nodes can carry the label. */
    @Override
    public Set<String> labeledAtRisk() {
        return names(ResourceNames.AT_RISK_LABEL + "=true");
    }

    @Override
    public Resources workloadRequests(Predicate<String> onNode) {
        Resources[] total = {Resources.ZERO};
        pages("/api/v1/pods", null, KubeRest.JSON_TYPE, p -> {
            PodView v = PodViews.of(p);
            if (v.evictable() && onNode.test(v.node())) total[0] = total[0].plus(v.requests());
        });
        return total[0];
    }

    /** When the NodeClaim's {@code Drifted} condition became True, or null when it is not True. */
    static Instant driftedSince(String claim, JsonNode status) {
        for (JsonNode c : status.path("conditions")) {
            if (!DriftForecast.REASON.equals(c.path("type").asText(null)) || !"True".equals(c.path("status").asText(null))) continue;
            String since = c.path("lastTransitionTime").asText(null);
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
    public Map<String, List<DriftForecast.Budget>> disruptionBudgets() {
        Map<String, List<DriftForecast.Budget>> out = new LinkedHashMap<>();
        for (JsonNode p : api.get(NODE_POOLS, KubeRest.JSON_TYPE).path("items")) {
            List<DriftForecast.Budget> list = new ArrayList<>();
            for (JsonNode b : p.path("spec").path("disruption").path("budgets")) {
                if (!b.isObject()) continue;
                JsonNode reasons = b.get("reasons");
                List<String> r = null;
                if (reasons != null && reasons.isArray()) {
                    r = new ArrayList<>();
                    for (JsonNode x : reasons) r.add(x.asText());
                }
                list.add(new DriftForecast.Budget(b.path("nodes").asText(null), r, b.path("schedule").asText(null)));
            }
            out.put(p.path("metadata").path("name").asText(), list.isEmpty() ? DriftForecast.CRD_DEFAULT : List.copyOf(list));
        }
        return out;
    }

    @Override
    public List<Claim> nodeClaims() {
        List<Claim> claims = new ArrayList<>();
        pages(NODE_CLAIMS, null, KubeRest.JSON_TYPE, c -> {
            JsonNode meta = c.path("metadata");
            JsonNode status = c.path("status");
            String claim = meta.path("name").asText();
            String created = meta.path("creationTimestamp").asText(null);
            JsonNode expireAfter = c.path("spec").get("expireAfter");
            Instant expiresAt = null;
            if (created != null && expireAfter != null && !expireAfter.isNull()) {
                try {
                    expiresAt = Durations.parse(expireAfter.asText()).map(Instant.parse(created)::plus).orElse(null);
                } catch (RuntimeException bad) { // an API server never sends these; a hand-made snapshot may
                    throw new IllegalArgumentException("NodeClaim " + claim + ": creationTimestamp '" + created
                            + "' or expireAfter '" + expireAfter.asText() + "' is not readable: " + bad.getMessage(), bad);
                }
            }
            claims.add(new Claim(claim, status.path("nodeName").asText(null),
                    InstanceIds.fromProviderId(status.path("providerID").asText(null)).orElse(null), expiresAt,
                    meta.path("labels").path(NODE_POOL_LABEL).asText(null),
                    driftedSince(claim, status), meta.hasNonNull("deletionTimestamp")));
        });
        return claims;
    }
}
