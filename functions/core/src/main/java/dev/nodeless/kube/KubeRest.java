package dev.nodeless.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The Kubernetes REST API as JSON trees (Jackson's {@link JsonNode}) over a {@link Transport}: no typed models, no
 * builders. Retries like the fabric8 client it replaces on the maintenance path: a request without an answer, a 429
 * or a 5xx is sent again up to {@code retries} times with an exponential backoff from 250 ms (at least the server's
 * {@code Retry-After}, capped at {@link #MAX_RETRY_AFTER}); any other non-2xx answer fails at once with a
 * {@link KubeApiException} carrying the code and the server's message.
 */
public final class KubeRest implements AutoCloseable {

    /** One HTTP exchange; an {@link IOException} means no answer came. */
    public interface Transport extends AutoCloseable {
        Answer send(String method, String target, String accept, String contentType, byte[] body) throws IOException;

        @Override
        default void close() {}
    }

    /** An HTTP answer, its body read whole. */
    public record Answer(int code, String body, String retryAfter) {}

    public static final String JSON_TYPE = "application/json";
    public static final String MERGE_PATCH = "application/merge-patch+json";
    static final Duration BACKOFF = Duration.ofMillis(250);
    /**
     * The longest a server's {@code Retry-After} makes us wait before one retry: a server (or a proxy in front of it) asking
     * for minutes must not hold the Lambda until its timeout; Step Functions retries the whole idempotent step later.
     */
    public static final Duration MAX_RETRY_AFTER = Duration.ofSeconds(5);

    private static final ObjectMapper JSON = new ObjectMapper();
    private final Transport transport;
    private final int retries;
    private final Duration backoff;
    private final Duration maxRetryAfter;
    private final String server;

    /**
     * @param backoff the first pause before a retry, doubled for each next one
     * @param server  what to call the API server in messages (its URL)
     */
    public KubeRest(Transport transport, int retries, Duration backoff, String server) {
        this(transport, retries, backoff, MAX_RETRY_AFTER, server);
    }

    /** @param maxRetryAfter the cap on a server's {@code Retry-After} (tests shorten it) */
    KubeRest(Transport transport, int retries, Duration backoff, Duration maxRetryAfter, String server) {
        this.transport = transport;
        this.retries = retries;
        this.backoff = backoff;
        this.maxRetryAfter = maxRetryAfter;
        this.server = server;
    }

    /** Over {@link KubeHttp} with the fabric8 options the bootstrap uses too (timeout, retries). */
    public static KubeRest connect(String url, String caData, java.util.function.Supplier<String> tokens, KubeClients.Options options) {
        return new KubeRest(new KubeHttp(url, caData, tokens, options.requestTimeout()), options.retries(), BACKOFF, url);
    }

    public static ObjectMapper json() { return JSON; }

    /** GET {@code target} (path and query); the answer's JSON, or null on 404. */
    public JsonNode getOrNull(String target, String accept) {
        try {
            return get(target, accept);
        } catch (KubeApiException e) {
            if (e.code() == 404) return null;
            throw e;
        }
    }

    public JsonNode get(String target, String accept) {
        return call("GET", target, accept, null, null);
    }

    /** PUT, POST or PATCH {@code body} (JSON) to {@code target}; the server's answer. */
    public JsonNode send(String method, String target, String contentType, JsonNode body) {
        return call(method, target, JSON_TYPE, contentType, body.toString().getBytes(StandardCharsets.UTF_8));
    }

    private JsonNode call(String method, String target, String accept, String contentType, byte[] body) {
        String doing = method + " " + server + target;
        for (int attempt = 0; ; attempt++) {
            Answer a;
            try {
                a = transport.send(method, target, accept, contentType, body);
            } catch (IOException e) {
                if (attempt < retries) {
                    pause(attempt, null);
                    continue;
                }
                throw new KubeApiException(doing, 0, String.valueOf(e.getMessage()), e);
            }
            if (a.code() >= 200 && a.code() < 300) return parse(doing, a.body());
            if ((a.code() == 429 || a.code() >= 500) && attempt < retries) {
                pause(attempt, a.retryAfter());
                continue;
            }
            throw new KubeApiException(doing, a.code(), message(a.body()), null);
        }
    }

    private static JsonNode parse(String doing, String body) {
        try {
            return body.isEmpty() ? JSON.createObjectNode() : JSON.readTree(body);
        } catch (IOException e) {
            throw new KubeApiException(doing, 0, "the answer is not JSON: " + e.getMessage(), e);
        }
    }

    /** The {@code message} of a Kubernetes Status body, else the body itself. */
    static String message(String body) {
        try {
            JsonNode status = JSON.readTree(body);
            return status.path("message").asText(body);
        } catch (IOException | RuntimeException e) {
            return body;
        }
    }

    private void pause(int attempt, String retryAfter) {
        long millis = Math.max(backoff.toMillis() << Math.min(attempt, 10), retryAfterMillis(retryAfter, maxRetryAfter));
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KubeApiException("waiting to retry a Kubernetes request", 0, "interrupted", e);
        }
    }

    /**
     * A {@code Retry-After} in seconds as milliseconds, at most {@code cap}; 0 when absent or not a number of seconds (an
     * HTTP-date is ignored: Kubernetes sends seconds).
     */
    static long retryAfterMillis(String retryAfter, Duration cap) {
        if (retryAfter == null || retryAfter.isEmpty() || !retryAfter.chars().allMatch(c -> c >= '0' && c <= '9')) return 0;
        if (retryAfter.length() > 9) return cap.toMillis(); // more seconds than a long of milliseconds can hold: the cap
        return Math.min(Long.parseLong(retryAfter) * 1000, cap.toMillis());
    }

    @Override
    public void close() {
        transport.close();
    }
}
