package dev.nodeless.chart;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * GET requests for chart downloads on the JDK client, with the failure classification every caller needs: a
 * connection error, a timeout, 429 or 5xx is a {@link RetryableChartException}; any other status is returned for the
 * caller to judge (an OCI registry's 401 starts its token flow). Redirects are followed here rather than by the
 * client, because registries redirect blobs to pre-signed storage URLs that reject a second credential: the
 * {@code Authorization} header is dropped when a redirect leaves the origin, and a redirect from HTTPS to HTTP is
 * refused.
 */
final class ChartHttp {

    private static final int MAX_REDIRECTS = 5;

    record Response(URI uri, int status, HttpHeaders headers, byte[] body) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private final HttpClient client;
    private final Duration requestTimeout;

    ChartHttp(Duration connectTimeout, Duration requestTimeout) {
        this.client = HttpClient.newBuilder()
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        this.requestTimeout = requestTimeout;
    }

    /**
     * @param what     what the download is for, e.g. "fetching chart karpenter 1.14.1"; every message starts with it
     * @param maxBytes larger bodies are refused (a chart is well below a megabyte; this bounds what lands in memory)
     */
    Response get(URI uri, Map<String, String> headers, long maxBytes, String what) {
        Map<String, String> sent = new LinkedHashMap<>(headers);
        URI current = uri;
        for (int hop = 0; ; hop++) {
            Response r = send(current, sent, maxBytes, what);
            if (!isRedirect(r.status())) return r;
            String location = r.headers().firstValue("Location").orElseThrow(() -> new ChartRenderException(
                    what + ": GET " + r.uri() + " answered HTTP " + r.status() + " without a Location header"));
            if (hop == MAX_REDIRECTS) throw new ChartRenderException(what + ": more than " + MAX_REDIRECTS + " redirects from " + uri);
            URI next = current.resolve(location);
            if ("https".equals(current.getScheme()) && !"https".equals(next.getScheme())) {
                throw new ChartRenderException(what + ": refusing the redirect from " + current + " to " + next + " (leaves HTTPS)");
            }
            if (!sameOrigin(current, next)) sent.remove("Authorization");
            current = next;
        }
    }

    /** Statuses that say the download itself failed; the caller has already handled the ones it expects. */
    static ChartRenderException unexpected(Response r, String what) {
        String message = what + ": GET " + r.uri() + " answered HTTP " + r.status() + snippet(r);
        return r.status() == 404 ? new ChartRenderException(message + " (not found: check the chart name and version)") : new ChartRenderException(message);
    }

    private Response send(URI uri, Map<String, String> headers, long maxBytes, String what) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).GET().timeout(requestTimeout);
        headers.forEach(request::header);
        try {
            HttpResponse<InputStream> response = client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            byte[] body;
            try (InputStream in = response.body()) {
                body = readAtMost(in, maxBytes, uri, what);
            }
            Response r = new Response(uri, response.statusCode(), response.headers(), body);
            if (r.status() == 429 || r.status() >= 500) {
                throw new RetryableChartException(what + ": GET " + uri + " answered HTTP " + r.status() + snippet(r) + "; retry later");
            }
            return r;
        } catch (IOException e) {
            throw new RetryableChartException(what + ": GET " + uri + " failed: " + describe(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RetryableChartException(what + ": GET " + uri + " was interrupted", e);
        }
    }

    private static byte[] readAtMost(InputStream in, long maxBytes, URI uri, String what) throws IOException {
        byte[] body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
        if (body.length > maxBytes) {
            throw new ChartRenderException(what + ": GET " + uri + " returned more than " + maxBytes + " bytes; refusing it");
        }
        return body;
    }

    private static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    private static boolean sameOrigin(URI a, URI b) {
        return Objects.equals(a.getScheme(), b.getScheme()) && Objects.equals(a.getHost(), b.getHost()) && port(a) == port(b);
    }

    private static int port(URI u) {
        return u.getPort() != -1 ? u.getPort() : "https".equals(u.getScheme()) ? 443 : 80;
    }

    private static String describe(IOException e) {
        return e.getMessage() != null ? e.getClass().getSimpleName() + ": " + e.getMessage() : e.getClass().getSimpleName();
    }

    private static String snippet(Response r) {
        String text = r.text().strip();
        if (text.isEmpty()) return "";
        return " (" + (text.length() > 200 ? text.substring(0, 200) + "..." : text) + ")";
    }
}
