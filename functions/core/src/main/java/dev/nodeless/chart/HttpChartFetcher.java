package dev.nodeless.chart;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;

/**
 * Downloads chart archives over HTTPS the way {@code helm pull} does, with the JDK HTTP client:
 * <ul>
 *   <li>classic repository: {@code <repo>/index.yaml} names each version's archive URL (resolved against the
 *       repository) and its sha256 {@code digest}; the archive must match it;</li>
 *   <li>OCI registry (Distribution API): the tag's manifest, its layer of media type {@value #HELM_CHART_LAYER}, then
 *       that blob, which must match the layer's digest. Anonymous pulls get a bearer token from the realm the
 *       registry names in its 401 {@code WWW-Authenticate} challenge (for public.ecr.aws: {@code /token/}).</li>
 * </ul>
 */
public final class HttpChartFetcher implements ChartFetcher {

    static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    static final String HELM_CHART_LAYER = "application/vnd.cncf.helm.chart.content.v1.tar.gz";

    private static final long MAX_ARCHIVE_BYTES = 32L << 20;
    /** Repository indexes list every version of every chart they hold; eks-charts' is several megabytes. */
    private static final long MAX_INDEX_BYTES = 64L << 20;
    private static final long MAX_JSON_BYTES = 1L << 20;
    private static final Pattern SHA256_DIGEST = Pattern.compile("sha256:([0-9a-f]{64})");
    private static final Pattern CHALLENGE_PARAM = Pattern.compile("(\\w+)=\"([^\"]*)\"");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper INDEX_YAML = new ObjectMapper(indexYamlFactory());

    private final Map<String, ChartRepository> repositories;
    private final ChartHttp http;

    /** The charts' published repositories, 10 s to connect and 60 s per request. */
    public HttpChartFetcher() {
        this(ChartRepository.upstream(), Duration.ofSeconds(10), Duration.ofSeconds(60));
    }

    /** @param repositories chart name to where it is published (tests point these at a local server) */
    public HttpChartFetcher(Map<String, ChartRepository> repositories, Duration connectTimeout, Duration requestTimeout) {
        this.repositories = Map.copyOf(repositories);
        this.http = new ChartHttp(connectTimeout, requestTimeout);
    }

    @Override
    public byte[] fetch(String chart, String version) {
        ChartRepository repository = repositories.get(chart);
        if (repository == null) {
            throw new ChartRenderException("fetching chart " + chart + " " + version + ": no repository known for it (known: "
                    + repositories.keySet().stream().sorted().toList() + ")");
        }
        String what = "fetching chart " + chart + " " + version;
        if (repository instanceof ChartRepository.Classic classic) return fromClassic(classic, chart, version, what);
        return fromOci((ChartRepository.Oci) repository, version, what);
    }

    private byte[] fromClassic(ChartRepository.Classic repo, String chart, String version, String what) {
        URI indexUri = repo.url().resolve("index.yaml");
        ChartHttp.Response index = ok(http.get(indexUri, Map.of(), MAX_INDEX_BYTES, what), what);
        JsonNode entry = findVersion(parse(INDEX_YAML, index, what), chart, version)
                .orElseThrow(() -> new ChartRenderException(what + ": " + indexUri + " lists no such version of " + chart));
        String url = entry.path("urls").path(0).asText("");
        if (url.isEmpty()) throw new ChartRenderException(what + ": the entry in " + indexUri + " has no urls");
        String digest = entry.path("digest").asText("");
        if (!digest.matches("[0-9a-f]{64}")) {
            throw new ChartRenderException(what + ": the entry in " + indexUri + " has no sha256 digest to check the archive against");
        }
        URI archiveUri = indexUri.resolve(url);
        byte[] archive = ok(http.get(archiveUri, Map.of(), MAX_ARCHIVE_BYTES, what), what).body();
        return verified(archive, digest, archiveUri, what);
    }

    private static Optional<JsonNode> findVersion(JsonNode index, String chart, String version) {
        for (JsonNode entry : index.path("entries").path(chart)) {
            if (version.equals(entry.path("version").asText())) return Optional.of(entry);
        }
        return Optional.empty();
    }

    private byte[] fromOci(ChartRepository.Oci repo, String version, String what) {
        // Helm stores a SemVer build suffix under a tag with '_', as '+' is not allowed in OCI tags.
        URI manifestUri = repo.registry().resolve("/v2/" + repo.repository() + "/manifests/" + version.replace('+', '_'));
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Accept", OCI_MANIFEST);
        ChartHttp.Response manifest = http.get(manifestUri, headers, MAX_JSON_BYTES, what);
        if (manifest.status() == 401) {
            headers.put("Authorization", "Bearer " + anonymousToken(manifest, repo, what));
            manifest = http.get(manifestUri, headers, MAX_JSON_BYTES, what);
        }
        JsonNode layer = chartLayer(parse(JSON, ok(manifest, what), what), manifestUri, what);
        Matcher digest = SHA256_DIGEST.matcher(layer.path("digest").asText(""));
        if (!digest.matches()) {
            throw new ChartRenderException(what + ": the chart layer in " + manifestUri + " has digest '"
                    + layer.path("digest").asText("") + "', expected sha256:<64 hex digits>");
        }
        headers.remove("Accept");
        URI blobUri = repo.registry().resolve("/v2/" + repo.repository() + "/blobs/" + digest.group());
        byte[] archive = ok(http.get(blobUri, headers, MAX_ARCHIVE_BYTES, what), what).body();
        return verified(archive, digest.group(1), blobUri, what);
    }

    private static JsonNode chartLayer(JsonNode manifest, URI manifestUri, String what) {
        List<String> seen = new ArrayList<>();
        for (JsonNode layer : manifest.path("layers")) {
            String type = layer.path("mediaType").asText();
            if (HELM_CHART_LAYER.equals(type)) return layer;
            seen.add(type);
        }
        throw new ChartRenderException(what + ": the manifest " + manifestUri + " has no layer of media type " + HELM_CHART_LAYER
                + " (layers: " + seen + "); is it a Helm chart?");
    }

    /**
     * The Docker/OCI token flow for an anonymous pull: the 401's {@code Bearer realm=...,service=...,scope=...}
     * challenge names where to ask; the pull scope of this repository is asked for as well, because some registries
     * (public.ecr.aws) challenge with a broader scope name than the one the pull needs.
     */
    private String anonymousToken(ChartHttp.Response unauthorized, ChartRepository.Oci repo, String what) {
        String challenge = unauthorized.headers().allValues("WWW-Authenticate").stream()
                .filter(v -> v.regionMatches(true, 0, "Bearer ", 0, 7)).findFirst()
                .orElseThrow(() -> new ChartRenderException(what + ": " + unauthorized.uri() + " requires credentials (challenge: "
                        + unauthorized.headers().allValues("WWW-Authenticate") + "); only anonymous bearer-token pulls are supported"));
        Map<String, String> params = new LinkedHashMap<>();
        Matcher m = CHALLENGE_PARAM.matcher(challenge);
        while (m.find()) params.put(m.group(1).toLowerCase(), m.group(2));
        String realm = params.get("realm");
        if (realm == null || realm.isEmpty()) throw new ChartRenderException(what + ": the challenge of " + unauthorized.uri() + " names no realm: " + challenge);
        Set<String> scopes = new LinkedHashSet<>();
        if (params.containsKey("scope")) scopes.add(params.get("scope"));
        scopes.add("repository:" + repo.repository() + ":pull");
        List<String> query = new ArrayList<>();
        if (params.containsKey("service")) query.add("service=" + encode(params.get("service")));
        scopes.forEach(s -> query.add("scope=" + encode(s)));
        URI tokenUri = unauthorized.uri().resolve(URI.create(realm + (realm.contains("?") ? "&" : "?") + String.join("&", query)));
        JsonNode token = parse(JSON, ok(http.get(tokenUri, Map.of(), MAX_JSON_BYTES, what), what), what);
        String value = token.hasNonNull("token") ? token.get("token").asText() : token.path("access_token").asText("");
        if (value.isEmpty()) throw new ChartRenderException(what + ": the token endpoint " + tokenUri + " returned no token");
        return value;
    }

    private static byte[] verified(byte[] archive, String expectedHex, URI from, String what) {
        String actual = sha256(archive);
        if (!actual.equals(expectedHex)) {
            throw new ChartRenderException(what + ": the archive from " + from + " has sha256 " + actual + " but its digest is "
                    + expectedHex + "; refusing it (corrupted or tampered download)");
        }
        return archive;
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private static ChartHttp.Response ok(ChartHttp.Response r, String what) {
        if (r.status() / 100 != 2) throw ChartHttp.unexpected(r, what);
        return r;
    }

    private static JsonNode parse(ObjectMapper mapper, ChartHttp.Response r, String what) {
        try {
            return mapper.readTree(r.body());
        } catch (IOException e) {
            throw new ChartRenderException(what + ": the response of " + r.uri() + " is not valid " + (mapper == JSON ? "JSON" : "YAML")
                    + ": " + e.getMessage(), e);
        }
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static YAMLFactory indexYamlFactory() {
        LoaderOptions options = new LoaderOptions();
        options.setCodePointLimit((int) MAX_INDEX_BYTES); // SnakeYAML's 3 MB default is below big repository indexes
        return YAMLFactory.builder().loaderOptions(options).build();
    }
}
