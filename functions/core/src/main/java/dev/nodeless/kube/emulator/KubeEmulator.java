package dev.nodeless.kube.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.CustomResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.KubernetesAttributesExtractor;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.crud.Attribute;
import io.fabric8.mockwebserver.crud.AttributeSet;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.Closeable;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * fabric8's Kubernetes mock server in CRUD mode, with three things a test, the replay tool and the benchmark need:
 * <ul>
 *   <li>every request line is recorded ({@link #requests()}), so tests assert on what the code sends;</li>
 *   <li>faults can be injected (HTTP status or delay) into the next requests that match;</li>
 *   <li>the {@code spec.nodeName} field selector on pods is honoured from an index, as a real API server does
 *       (the CRUD mode ignores field selectors and would answer with every pod of the cluster);</li>
 *   <li>one object by name is read from an index ({@link NameIndex}), not by testing every stored object;</li>
 *   <li>lists sent with {@code limit} are paginated as an API server does ({@code metadata.continue} until the last
 *       page; the CRUD mode would answer everything at once), so request counts per page are real;</li>
 *   <li>each request's {@code Accept} header is recorded ({@link #accepts()}): the CRUD mode answers full objects to a
 *       metadata-only list, so a test proves the code asked for metadata only by the header it sent.</li>
 * </ul>
 * Used by tests and offline tools only (kubernetes-server-mock is an optional dependency of core).
 */
public final class KubeEmulator implements Closeable {

    /** A fault for the next request matching {@code when}: an HTTP status, or a delay before the normal answer. */
    public record Fault(Predicate<String> when, int status, Duration delay) {
        public static Fault status(Predicate<String> when, int status) { return new Fault(when, status, Duration.ZERO); }
        public static Fault delay(Predicate<String> when, Duration delay) { return new Fault(when, 0, delay); }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Dispatcher dispatcher = new Dispatcher();
    private final KubernetesMockServer server;
    private final KubernetesClient client;

    public KubeEmulator() {
        this(false);
    }

    /** @param https serve TLS with the mock server's self-signed certificate ({@link #caData()}), as an EKS endpoint does */
    public KubeEmulator(boolean https) {
        this.https = https;
        server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), dispatcher, https);
        server.init();
        // the custom resources the maintenance loop reads, so clients can discover them as on a real cluster
        server.expectCustomResource(crd("autoscaling.x-k8s.io", "v1beta1", "CapacityBuffer", "capacitybuffers", true));
        server.expectCustomResource(crd("karpenter.sh", "v1", "NodePool", "nodepools", false));
        server.expectCustomResource(crd("karpenter.sh", "v1", "NodeClaim", "nodeclaims", false));
        client = server.createClient();
    }

    private static CustomResourceDefinitionContext crd(String group, String version, String kind, String plural, boolean namespaced) {
        return new CustomResourceDefinitionContext.Builder().withGroup(group).withVersion(version).withKind(kind)
                .withPlural(plural).withScope(namespaced ? "Namespaced" : "Cluster").build();
    }

    public KubernetesClient client() { return client; }

    private final boolean https;
    private dev.nodeless.kube.KubeRest rest;

    /**
     * The maintenance path's own client ({@link dev.nodeless.kube.KubeRest}) on this server, as production builds it
     * (retries and timeout of {@link dev.nodeless.kube.KubeClients.Options#DEFAULT}; over TLS trusting only
     * {@link #caData()} when https); one kept connection, closed with the emulator.
     */
    public synchronized dev.nodeless.kube.KubeRest rest() {
        if (rest == null) rest = rest(dev.nodeless.kube.KubeClients.Options.DEFAULT);
        return rest;
    }

    /** A new one with other options (the caller closes it). */
    public dev.nodeless.kube.KubeRest rest(dev.nodeless.kube.KubeClients.Options options) {
        return dev.nodeless.kube.KubeRest.connect(url(), https ? caData() : null, () -> "emulator-token", options);
    }

    /** The API server's URL, without a trailing slash. */
    public String url() { return server.url("/").replaceAll("/$", ""); }

    /** The self-signed certificate an https emulator serves, as DescribeCluster gives a CA: base64 of the PEM. */
    public String caData() {
        try {
            byte[] pem = java.nio.file.Files.readAllBytes(java.nio.file.Path.of(server.getSelfSignedCertificate().certificatePath()));
            return java.util.Base64.getEncoder().encodeToString(pem);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("reading the emulator's certificate", e);
        }
    }

    /** A new client on the same server, e.g. one per concurrent Lambda invocation. */
    public KubernetesClient newClient() { return server.createClient(); }

    /** "METHOD path?query" of every request so far. */
    public List<String> requests() { return Collections.unmodifiableList(dispatcher.log); }

    /** "METHOD path?query Accept: value" of every request so far, in the order of {@link #requests()}. */
    public List<String> accepts() { return Collections.unmodifiableList(dispatcher.accepts); }

    /** Every answer as {@code "<status> <METHOD path>"} (injected ones end in {@code " (injected)"}), in order. */
    public List<String> answers() { return Collections.unmodifiableList(dispatcher.answers); }

    public void clearRequests() {
        dispatcher.log.clear();
        dispatcher.accepts.clear();
    }

    public void inject(Fault fault) { dispatcher.faults.add(fault); }

    /** Creates every item of a Kubernetes List (as {@code kubectl get ... -o yaml} prints it). */
    public int load(String listYamlOrJson) {
        Object parsed = Serialization.unmarshal(listYamlOrJson);
        List<HasMetadata> items = new ArrayList<>();
        if (parsed instanceof KubernetesList l) items.addAll(l.getItems());
        else if (parsed instanceof HasMetadata h) items.add(h);
        else if (parsed instanceof List<?> l) l.forEach(o -> items.add((HasMetadata) o));
        for (HasMetadata item : items) {
            item.getMetadata().setResourceVersion(null);
            client.resource(item).create();
        }
        return items.size();
    }

    /**
     * Creates objects in-process, without HTTP (for large benchmark clusters): the same CRUD handler as a POST, and
     * the object keeps its own creationTimestamp as with {@link #load}. Only kinds with a fixed path: Node, Pod,
     * Deployment, NodeClaim.
     */
    public void seed(HasMetadata item) {
        String ns = item.getMetadata().getNamespace();
        String path = switch (item.getKind()) {
            case "Node" -> "/api/v1/nodes";
            case "Pod" -> "/api/v1/namespaces/" + ns + "/pods";
            case "Deployment" -> "/apis/apps/v1/namespaces/" + ns + "/deployments";
            case "NodeClaim" -> "/apis/karpenter.sh/v1/nodeclaims";
            default -> throw new IllegalArgumentException("seed supports Node, Pod, Deployment and NodeClaim, not " + item.getKind());
        };
        byte[] body = Serialization.asJson(item).getBytes(StandardCharsets.UTF_8);
        MockResponse r = dispatcher.handleCreate(new RecordedRequest("HTTP/1.1", io.fabric8.mockwebserver.dsl.HttpMethod.POST, path,
                io.fabric8.mockwebserver.http.Headers.builder().add("Content-Type", "application/json").build(),
                new io.fabric8.mockwebserver.http.Buffer(body)));
        if (r.code() >= 300) throw new IllegalStateException("seeding " + path + " answered " + r.code());
        dispatcher.keepCreationTimestamp(path, new String(body, StandardCharsets.UTF_8), r);
        dispatcher.podsByNode = null;
    }

    /**
     * Adds pods to the {@code spec.nodeName} index only, not to the CRUD store: the CRUD mode looks every object up
     * by scanning all of them, so 60,000 stored pods would make each request of a benchmark cost what the emulator
     * spends, not what the code under test spends. Pods seeded this way answer field-selected lists only.
     */
    public void seedPodsIndexOnly(List<io.fabric8.kubernetes.api.model.Pod> pods) {
        for (io.fabric8.kubernetes.api.model.Pod p : pods) {
            dispatcher.seeded.computeIfAbsent(p.getSpec().getNodeName(), k -> new CopyOnWriteArrayList<>())
                    .add(Serialization.asJson(p));
        }
    }

    @Override
    public void close() {
        synchronized (this) {
            if (rest != null) rest.close();
        }
        client.close();
        server.destroy();
    }

    private static final class Dispatcher extends KubernetesCrudDispatcher {
        final List<String> log = new CopyOnWriteArrayList<>();
        final List<String> accepts = new CopyOnWriteArrayList<>();
        /** Each answer as "<status> <request line>", injected faults marked, so tests can prove a fault or a conflict happened. */
        final List<String> answers = new CopyOnWriteArrayList<>();
        final ConcurrentLinkedQueue<Fault> faults = new ConcurrentLinkedQueue<>();
        private volatile Map<String, List<String>> podsByNode;
        /** Pods by node as JSON text: 60,000 pods as trees of small objects would weigh on the heap the benchmark shares. */
        final Map<String, List<String>> seeded = new java.util.concurrent.ConcurrentHashMap<>();
        private final NameIndex index = new NameIndex();

        /** One object by name from the index (a real API server reads it by key); anything else as the CRUD mode does. */
        @Override
        public MockResponse handleGet(String path) {
            if (path.contains("watch=")) return super.handleGet(path);
            AttributeSet query = getKey(path);
            Optional<Map.Entry<AttributeSet, String>> hit = indexed(query);
            if (hit.isPresent()) return new MockResponse().setResponseCode(200).setBody(hit.get().getValue());
            if (index.authoritative(query)) return new MockResponse().setResponseCode(404);
            return super.handleGet(path);
        }

        /** Used by the CRUD mode's POST, PUT and PATCH handlers (under its write lock). */
        @Override
        public Map.Entry<AttributeSet, String> findResource(AttributeSet query) {
            Optional<Map.Entry<AttributeSet, String>> hit = indexed(query);
            if (hit.isPresent()) return hit.get();
            return index.authoritative(query) ? null : super.findResource(query);
        }

        private Optional<Map.Entry<AttributeSet, String>> indexed(AttributeSet query) {
            return index.find(query).flatMap(key -> {
                String stored = getMap().get(key);
                return stored != null && key.matches(query) ? Optional.of(Map.entry(key, stored)) : Optional.empty();
            });
        }

        /** Every change of the store goes through here: keep the index in step. */
        @Override
        public void processEvent(String path, AttributeSet pathAttributes, AttributeSet oldAttributes,
                                 GenericKubernetesResource resource, String newState) {
            super.processEvent(path, pathAttributes, oldAttributes, resource, newState);
            if (oldAttributes != null) index.removed(oldAttributes);
            if (newState == null) return;
            // the key the CRUD mode has just stored, derived the way it derives it; if that ever differs, re-index
            KubernetesAttributesExtractor extractor = (KubernetesAttributesExtractor) attributeExtractor;
            AttributeSet key = resource != null ? extractor.extract(resource) : extractor.fromResource(newState);
            if (!key.containsKey(KubernetesAttributesExtractor.PLURAL)) key = AttributeSet.merge(pathAttributes, key);
            if (getMap().containsKey(key)) {
                index.stored(key);
            } else {
                index.clear();
                synchronized (getMap()) {
                    getMap().keySet().forEach(index::stored);
                }
            }
        }

        @Override
        public void reset() {
            super.reset();
            index.clear();
        }

        @Override
        public MockResponse dispatch(RecordedRequest request) {
            String line = request.getMethod() + " " + URLDecoder.decode(request.getPath(), StandardCharsets.UTF_8);
            log.add(line);
            accepts.add(line + " Accept: " + request.getHeader("Accept"));
            for (Fault f : faults) {
                if (f.when().test(line) && faults.remove(f)) {
                    if (f.status() > 0) {
                        answers.add(f.status() + " " + line + " (injected)");
                        return new MockResponse().setResponseCode(f.status()).setBody("{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"code\":"
                                + f.status() + ",\"message\":\"injected fault\"}");
                    }
                    sleep(f.delay());
                    answers.add("delay " + line + " (injected)");
                    break;
                }
            }
            if (!"GET".equals(request.getMethod()) && request.getPath().contains("/pods")) podsByNode = null;
            String nodeName = nodeNameSelector(line);
            if ("GET".equals(request.getMethod()) && nodeName != null) return podsOn(nodeName);
            // the body can be read once: keep it for the creationTimestamp fix before the CRUD handler consumes it
            String sent = "POST".equals(request.getMethod()) ? request.getUtf8Body() : null;
            MockResponse response = super.dispatch(sent == null ? request : replay(request, sent));
            if (sent != null && response.code() == 201) keepCreationTimestamp(request.getPath(), sent, response);
            if ("GET".equals(request.getMethod()) && response.code() == 200 && !line.contains("watch=")) page(line, response);
            answers.add(response.code() + " " + line);
            return response;
        }

        /**
         * The CRUD mode stamps every created object with the current time; a loaded snapshot must keep its
         * own creationTimestamp (Karpenter expiry is forecast from it).
         */
        private static RecordedRequest replay(RecordedRequest r, String body) {
            return new RecordedRequest(r.getHttpVersion(), r.method(), r.getPath(), r.getHeaders(),
                    new io.fabric8.mockwebserver.http.Buffer(body.getBytes(StandardCharsets.UTF_8)));
        }

        private void keepCreationTimestamp(String path, String body, MockResponse response) {
            try {
                JsonNode sent = JSON.readTree(body);
                String wanted = sent.path("metadata").path("creationTimestamp").asText("");
                if (wanted.isEmpty()) return;
                ObjectNode stored = (ObjectNode) JSON.readTree(new String(response.getBody().getBytes(), StandardCharsets.UTF_8));
                ((ObjectNode) stored.get("metadata")).put("creationTimestamp", wanted);
                String json = stored.toString();
                AttributeSet query = getKey(path).add(new Attribute(KubernetesAttributesExtractor.NAME, stored.path("metadata").path("name").asText()));
                Map.Entry<AttributeSet, String> entry = findResource(query);
                if (entry != null) getMap().put(entry.getKey(), json);
                response.setBody(json);
            } catch (Exception e) {
                throw new IllegalStateException("keeping creationTimestamp of " + path, e);
            }
        }

        /**
         * A list asked for with {@code limit=n}: the items from the offset its {@code continue} token names, at most n,
         * and a token for the rest (an API server's token is opaque; this one is the offset).
         */
        private static void page(String line, MockResponse response) {
            String limit = query(line, "limit");
            if (limit == null) return;
            try {
                ObjectNode list = (ObjectNode) JSON.readTree(new String(response.getBody().getBytes(), StandardCharsets.UTF_8));
                if (!list.path("items").isArray()) return;
                com.fasterxml.jackson.databind.node.ArrayNode items = (com.fasterxml.jackson.databind.node.ArrayNode) list.get("items");
                String cont = query(line, "continue");
                int from = cont == null ? 0 : Integer.parseInt(cont.substring("offset-".length()));
                int to = (int) Math.min(items.size(), from + Long.parseLong(limit));
                com.fasterxml.jackson.databind.node.ArrayNode page = JSON.createArrayNode();
                for (int i = from; i < to; i++) page.add(items.get(i));
                list.set("items", page);
                ObjectNode meta = list.has("metadata") ? (ObjectNode) list.get("metadata") : list.putObject("metadata");
                if (to < items.size()) meta.put("continue", "offset-" + to); else meta.remove("continue");
                response.setBody(list.toString());
            } catch (Exception e) {
                throw new IllegalStateException("paging " + line, e);
            }
        }

        private static String query(String line, String key) {
            int q = line.indexOf('?');
            if (q < 0) return null;
            for (String p : line.substring(q + 1).split("&")) {
                if (p.startsWith(key + "=")) return p.substring(key.length() + 1);
            }
            return null;
        }

        private static String nodeNameSelector(String line) {
            if (!line.startsWith("GET /api/v1/") || !line.contains("pods?")) return null;
            int i = line.indexOf("fieldSelector=spec.nodeName=");
            if (i < 0) return null;
            String v = line.substring(i + "fieldSelector=spec.nodeName=".length());
            int amp = v.indexOf('&');
            return amp < 0 ? v : v.substring(0, amp);
        }

        private MockResponse podsOn(String node) {
            Map<String, List<String>> index = podsByNode;
            if (index == null) {
                index = new HashMap<>();
                try {
                    JsonNode all = JSON.readTree(super.handleGet("/api/v1/pods").getBody().readUtf8());
                    for (JsonNode p : all.path("items")) {
                        index.computeIfAbsent(p.path("spec").path("nodeName").asText(""), k -> new ArrayList<>()).add(p.toString());
                    }
                } catch (Exception e) {
                    throw new IllegalStateException("indexing pods of the emulator", e);
                }
                podsByNode = index;
            }
            StringJoiner items = new StringJoiner(",", "{\"apiVersion\":\"v1\",\"kind\":\"PodList\",\"metadata\":{\"resourceVersion\":\"1\"},\"items\":[", "]}");
            index.getOrDefault(node, List.of()).forEach(items::add);
            seeded.getOrDefault(node, List.of()).forEach(items::add);
            return new MockResponse().setResponseCode(200).setBody(items.toString());
        }

        private static void sleep(Duration d) {
            try {
                Thread.sleep(d.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
