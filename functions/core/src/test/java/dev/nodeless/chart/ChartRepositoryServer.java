package dev.nodeless.chart;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Hand-written stand-in for a classic Helm chart repository and an OCI registry (no emulator of either exists here),
 * on the JDK's HTTP server at 127.0.0.1. It speaks the parts {@link HttpChartFetcher} uses, shaped like the real ones:
 * <ul>
 *   <li>classic: {@code /<repo>/index.yaml} with {@code entries.<chart>[].version/urls/digest}, archives under a
 *       relative URL;</li>
 *   <li>OCI (Distribution API, as public.ecr.aws answers it): {@code /v2/...} without a token is 401 with
 *       {@code WWW-Authenticate: Bearer realm="<base>/token/",service="test-registry",scope="aws"}; the realm hands out
 *       an anonymous token only for a {@code repository:<name>:pull} scope; manifests need
 *       {@code Accept: application/vnd.oci.image.manifest.v1+json}.</li>
 * </ul>
 * Every request is recorded, so tests can assert what was (or was not) sent.
 */
final class ChartRepositoryServer implements AutoCloseable {

    static final String TOKEN = "anonymous-pull-token";

    record Request(String method, String path, String query, String authorization, String accept) {}

    record Response(int status, String contentType, byte[] body, Map<String, String> headers) {
        static Response of(int status, String contentType, byte[] body) {
            return new Response(status, contentType, body, Map.of());
        }
    }

    private final HttpServer server;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    /** Classic repository files and any fixed answers, by path. */
    private final Map<String, Response> files = new ConcurrentHashMap<>();
    /** OCI: repository -> tag -> manifest JSON, and digest -> blob. */
    private final Map<String, Map<String, String>> manifests = new ConcurrentHashMap<>();
    private final Map<String, byte[]> blobs = new ConcurrentHashMap<>();
    private final Map<String, URI> redirects = new ConcurrentHashMap<>();

    ChartRepositoryServer() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", this::handle);
        server.start();
    }

    URI base() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    List<Request> requests() {
        return List.copyOf(requests);
    }

    /** Serves {@code body} at {@code path} (classic repository files, or a fixed answer such as a 503). */
    void serve(String path, Response response) {
        files.put(path, response);
    }

    /** A classic repository at {@code /<repo>/} holding one chart version, its archive at {@code charts/<file>}. */
    void classicChart(String repo, String chart, String version, byte[] archive, String indexedDigest) {
        String file = chart + "-" + version + ".tgz";
        serve("/" + repo + "/charts/" + file, Response.of(200, "application/gzip", archive));
        String index = """
                apiVersion: v1
                entries:
                  %s:
                  - apiVersion: v2
                    name: %s
                    version: %s
                    digest: %s
                    urls:
                    - charts/%s
                  - apiVersion: v2
                    name: %s
                    version: 0.0.1
                    digest: 0000000000000000000000000000000000000000000000000000000000000000
                    urls:
                    - charts/%s-0.0.1.tgz
                generated: "2026-01-01T00:00:00Z"
                """.formatted(chart, chart, version, indexedDigest, file, chart, chart);
        serve("/" + repo + "/index.yaml", Response.of(200, "application/x-yaml", index.getBytes(StandardCharsets.UTF_8)));
    }

    /** An OCI repository holding {@code archive} as a Helm chart under {@code tag}, as {@code helm push} stores it. */
    void ociChart(String repository, String tag, byte[] archive) {
        String config = "{\"name\":\"chart\",\"version\":\"" + tag + "\"}";
        String configDigest = "sha256:" + HttpChartFetcher.sha256(config.getBytes(StandardCharsets.UTF_8));
        String layerDigest = "sha256:" + HttpChartFetcher.sha256(archive);
        blobs.put(configDigest, config.getBytes(StandardCharsets.UTF_8));
        blobs.put(layerDigest, archive);
        String manifest = """
                {"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json",
                 "config":{"mediaType":"application/vnd.cncf.helm.config.v1+json","digest":"%s","size":%d},
                 "layers":[{"mediaType":"application/vnd.cncf.helm.chart.content.v1.tar.gz","digest":"%s","size":%d}],
                 "annotations":{"org.opencontainers.image.title":"chart"}}
                """.formatted(configDigest, config.length(), layerDigest, archive.length);
        manifests.computeIfAbsent(repository, r -> new ConcurrentHashMap<>()).put(tag, manifest);
    }

    /** Replaces the blob stored under {@code digest} (to serve content that does not match its digest). */
    void replaceBlob(String digest, byte[] content) {
        blobs.put(digest, content);
    }

    /** Blobs of this digest answer 307 to {@code location}, as registries send blobs to pre-signed storage URLs. */
    void redirectBlob(String digest, URI location) {
        redirects.put(digest, location);
    }

    private void handle(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        requests.add(new Request(ex.getRequestMethod(), path, ex.getRequestURI().getRawQuery(),
                ex.getRequestHeaders().getFirst("Authorization"), ex.getRequestHeaders().getFirst("Accept")));
        try (ex) {
            Response r = answer(ex, path);
            r.headers().forEach((k, v) -> ex.getResponseHeaders().add(k, v));
            if (r.contentType() != null) ex.getResponseHeaders().add("Content-Type", r.contentType());
            ex.sendResponseHeaders(r.status(), r.body().length == 0 ? -1 : r.body().length);
            if (r.body().length > 0) ex.getResponseBody().write(r.body());
        }
    }

    private Response answer(HttpExchange ex, String path) {
        if (files.containsKey(path)) return files.get(path);
        if (path.equals("/token/")) return token(ex.getRequestURI().getRawQuery());
        if (path.startsWith("/v2/")) return registry(ex, path.substring("/v2/".length()));
        return Response.of(404, "text/plain", "no such file".getBytes(StandardCharsets.UTF_8));
    }

    private Response token(String query) {
        List<String> scopes = query == null ? List.of() : Arrays.stream(query.split("&"))
                .filter(p -> p.startsWith("scope=")).map(p -> URLDecoder.decode(p.substring(6), StandardCharsets.UTF_8)).toList();
        boolean pull = scopes.stream().anyMatch(s -> s.matches("repository:.+:pull"));
        if (!pull) return Response.of(400, "application/json", "{\"errors\":[{\"code\":\"DENIED\",\"message\":\"no pull scope\"}]}".getBytes(StandardCharsets.UTF_8));
        return Response.of(200, "application/json", ("{\"token\":\"" + TOKEN + "\"}").getBytes(StandardCharsets.UTF_8));
    }

    private Response registry(HttpExchange ex, String rest) {
        if (!("Bearer " + TOKEN).equals(ex.getRequestHeaders().getFirst("Authorization"))) {
            return new Response(401, "application/json", "{\"errors\":[{\"code\":\"UNAUTHORIZED\"}]}".getBytes(StandardCharsets.UTF_8),
                    Map.of("WWW-Authenticate", "Bearer realm=\"" + base() + "/token/\",service=\"test-registry\",scope=\"aws\""));
        }
        int manifestsAt = rest.indexOf("/manifests/");
        if (manifestsAt > 0) {
            String manifest = manifests.getOrDefault(rest.substring(0, manifestsAt), Map.of()).get(rest.substring(manifestsAt + "/manifests/".length()));
            boolean acceptsOci = String.valueOf(ex.getRequestHeaders().getFirst("Accept")).contains(HttpChartFetcher.OCI_MANIFEST);
            if (manifest == null || !acceptsOci) return Response.of(404, "application/json", "{\"errors\":[{\"code\":\"MANIFEST_UNKNOWN\"}]}".getBytes(StandardCharsets.UTF_8));
            return Response.of(200, HttpChartFetcher.OCI_MANIFEST, manifest.getBytes(StandardCharsets.UTF_8));
        }
        int blobsAt = rest.indexOf("/blobs/");
        if (blobsAt > 0) {
            String digest = rest.substring(blobsAt + "/blobs/".length());
            if (redirects.containsKey(digest)) return new Response(307, null, new byte[0], Map.of("Location", redirects.get(digest).toString()));
            byte[] blob = blobs.get(digest);
            if (blob != null) return Response.of(200, "application/octet-stream", blob);
        }
        return Response.of(404, "application/json", "{\"errors\":[{\"code\":\"BLOB_UNKNOWN\"}]}".getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
