package dev.nodeless.aws;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import javax.net.ssl.HttpsURLConnection;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;

/**
 * One AWS API request without the service's SDK client (what keeps the maintenance functions' cold start small): signed
 * by {@link SigV4} (ours, checked against the SDK's signer byte for byte), sent over the JDK's HttpURLConnection, answered with status, headers and body; and the retry
 * both hand-written callers ({@code Ec2Query}, {@code DescribeClusterCall}) use for what they classify as transient.
 */
public final class SignedHttp {

    public static final int ATTEMPTS = 3;

    /** Connection timeout: the SDK URL-connection client's default, which the SDK clients here use (AwsClients). */
    static final int CONNECT_TIMEOUT_MS = 2_000;
    /** Read timeout: the SDK URL-connection client's default socket timeout. */
    static final int READ_TIMEOUT_MS = 30_000;

    /**
     * One request to sign and send: method, URI and headers (names as given, in order). Our own record rather than the
     * SDK's {@code SdkHttpRequest}, whose builder, URI helpers and logging were 44 SDK classes (and the SLF4J start-up)
     * on a cold start for three fields. No query: none of the calls has one (their parameters go in the body), and a
     * query would have to be signed; a URI with one is refused.
     */
    public record Request(String method, URI uri, Map<String, List<String>> headers) {
        public Request {
            Objects.requireNonNull(method, "method");
            Objects.requireNonNull(uri, "uri");
            if (uri.getRawQuery() != null) throw new IllegalArgumentException("a signed request here carries no query, got " + uri);
            Map<String, List<String>> copy = new LinkedHashMap<>();
            headers.forEach((name, values) -> copy.put(name, List.copyOf(values)));
            headers = Collections.unmodifiableMap(copy);
        }

        /** {@code method} to {@code uri} with headers given as name, value, name, value, ... */
        public static Request of(String method, URI uri, String... headerNamesAndValues) {
            if (headerNamesAndValues.length % 2 != 0) throw new IllegalArgumentException("headers come as name, value pairs");
            Map<String, List<String>> headers = new LinkedHashMap<>();
            for (int i = 0; i < headerNamesAndValues.length; i += 2) headers.put(headerNamesAndValues[i], List.of(headerNamesAndValues[i + 1]));
            return new Request(method, uri, headers);
        }

        /** The first value of header {@code name} (case-insensitive), if the request has it. */
        public Optional<String> header(String name) {
            return Headers.first(headers, name);
        }

        /** This request with {@code added} headers, each replacing a header of the same name (case-insensitive). */
        Request with(Map<String, String> added) {
            Map<String, List<String>> out = new LinkedHashMap<>(headers);
            added.forEach((name, value) -> {
                out.keySet().removeIf(n -> n.equalsIgnoreCase(name));
                out.put(name, List.of(value));
            });
            return new Request(method, uri, out);
        }
    }

    /** The answer: status, headers (names as sent) and the whole body (empty when there is none). */
    public record Answer(int status, Map<String, List<String>> headers, byte[] body) {
        /** The first value of header {@code name} (case-insensitive), if the answer has it. */
        public Optional<String> header(String name) {
            return Headers.first(headers, name);
        }

        /** The body as JSON; null when empty or not JSON (a proxy's error page: then the status decides). */
        public com.fasterxml.jackson.databind.JsonNode json() {
            if (body.length == 0) return null;
            try {
                return Json.MAPPER.readTree(body);
            } catch (IOException notJson) {
                return null;
            }
        }
    }

    /** Sends one signed request with its body (null: none) and returns the answer; an IO failure is an {@link IOException}. */
    @FunctionalInterface
    public interface Transport {
        Answer exchange(Request signed, byte[] body) throws IOException;
    }

    /** The JDK's {@link HttpURLConnection} (GET and POST are all these calls need): no SDK HTTP client on the path. */
    public static final Transport URL_CONNECTION = SignedHttp::overUrlConnection;

    private SignedHttp() {}

    /**
     * Signs {@code request} for {@code service} in {@code region} (with {@code payload} as its body, or none) and sends it.
     * A connection or read failure is a {@link RetryableStepException} naming {@code doing}.
     */
    public static Answer send(Transport transport, AwsCredentialsProvider credentials, String region, String service,
                              Request request, String payload, String doing) {
        Request signed = sign(request, payload, credentials(credentials), region, service, Instant.now());
        try {
            return transport.exchange(signed, payload == null ? null : payload.getBytes(StandardCharsets.UTF_8));
        } catch (IOException | UncheckedIOException e) {
            throw new RetryableStepException(doing + ": " + e.getMessage(), e);
        }
    }

    /**
     * Over https the handshake offers X25519 only where the JVM can restrict it ({@link X25519First}: the P-256 key share
     * the JDK adds costs ~0.18 s of a cold start); a server that refuses that handshake (nothing was sent yet) gets the
     * same request once more with the JDK defaults, which its host keeps from then on.
     */
    private static Answer overUrlConnection(Request signed, byte[] body) throws IOException {
        URI uri = signed.uri();
        if (!"https".equals(uri.getScheme())) return overUrlConnection(signed, body, false);
        String hostPort = uri.getHost() + ":" + (uri.getPort() > 0 ? uri.getPort() : 443);
        return X25519First.withFallback(hostPort, x25519Only -> overUrlConnection(signed, body, x25519Only));
    }

    /** One exchange, over https with X25519 only when {@code x25519Only} (else the JDK's default socket factory). */
    private static Answer overUrlConnection(Request signed, byte[] body, boolean x25519Only) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) signed.uri().toURL().openConnection();
        try {
            if (x25519Only && connection instanceof HttpsURLConnection https) https.setSSLSocketFactory(X25519First.defaultFactory());
            connection.setConnectTimeout(CONNECT_TIMEOUT_MS);
            connection.setReadTimeout(READ_TIMEOUT_MS);
            connection.setInstanceFollowRedirects(false);
            connection.setUseCaches(false);
            connection.setRequestMethod(signed.method());
            // Host is set by the connection from the URL: the same host[:port] that was signed
            signed.headers().forEach((name, values) -> {
                if (!name.equalsIgnoreCase("Host")) values.forEach(v -> connection.addRequestProperty(name, v));
            });
            if (body != null) {
                connection.setDoOutput(true);
                connection.setFixedLengthStreamingMode(body.length);
            }
            try {
                connection.connect(); // TCP and, over https, the TLS handshake: nothing of the request sent yet
            } catch (IOException e) {
                throw X25519First.setUpFailure(e, x25519Only);
            }
            if (body != null) {
                try (OutputStream out = connection.getOutputStream()) {
                    out.write(body);
                }
            }
            int status = connection.getResponseCode();
            Map<String, List<String>> headers = new LinkedHashMap<>();
            connection.getHeaderFields().forEach((name, values) -> {
                if (name != null) headers.put(name, values);
            });
            InputStream stream = status >= 400 ? connection.getErrorStream() : connection.getInputStream();
            byte[] answer;
            try (InputStream in = stream == null ? InputStream.nullInputStream() : stream) {
                answer = in.readAllBytes();
            }
            // the body read to its end and closed returns the socket to the JDK's keep-alive cache for the next call
            return new Answer(status, headers, answer);
        } catch (IOException | RuntimeException e) {
            connection.disconnect(); // a half-read connection is not reused
            throw e;
        }
    }

    /** {@code request} with the SigV4 headers {@link SigV4#signHeaders} adds for {@code payload} (null: no body) at {@code now}. */
    static Request sign(Request request, String payload, SigV4.Credentials credentials, String region, String service, Instant now) {
        byte[] body = payload == null ? null : payload.getBytes(StandardCharsets.UTF_8);
        Map<String, String> added = SigV4.signHeaders(request.method(), request.uri(), Map.of(), request.headers(), body, credentials,
                new SigV4.Scope(region, service, now));
        return request.with(added);
    }

    /** The SDK's resolved identity as the plain key pair (and session token) {@link SigV4} signs with. */
    public static SigV4.Credentials credentials(AwsCredentialsProvider provider) {
        if (provider instanceof LambdaCredentials lambda) return lambda.signing();
        return toSigV4(provider.resolveCredentials());
    }

    static SigV4.Credentials toSigV4(AwsCredentials resolved) {
        String token = resolved instanceof AwsSessionCredentials session ? session.sessionToken() : null;
        return new SigV4.Credentials(resolved.accessKeyId(), resolved.secretAccessKey(), token);
    }

    /** Runs {@code call} up to {@link #ATTEMPTS} times while it throws {@link RetryableStepException}, with jittered backoff. */
    public static <T> T withRetries(String service, Supplier<T> call) {
        RetryableStepException last = null;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            try {
                return call.get();
            } catch (RetryableStepException e) {
                last = e;
                if (attempt < ATTEMPTS) pause(attempt, service);
            }
        }
        throw last;
    }

    private static void pause(int attempt, String service) {
        try {
            Thread.sleep((long) (100 * Math.pow(2, attempt - 1) * (0.5 + Math.random())));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RetryableStepException("interrupted while waiting to retry an " + service + " call", e);
        }
    }
}
