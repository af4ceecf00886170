package dev.nodeless.aws;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.http.SdkHttpRequest;

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

    /** The answer: status, headers (names as sent) and the whole body (empty when there is none). */
    public record Answer(int status, Map<String, List<String>> headers, byte[] body) {
        /** The first value of header {@code name} (case-insensitive), if the answer has it. */
        public Optional<String> header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty())
                    .map(e -> e.getValue().get(0)).findFirst();
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
        Answer exchange(SdkHttpRequest signed, byte[] body) throws IOException;
    }

    /** The JDK's {@link HttpURLConnection} (GET and POST are all these calls need): no SDK HTTP client on the path. */
    public static final Transport URL_CONNECTION = SignedHttp::overUrlConnection;

    private SignedHttp() {}

    /**
     * Signs {@code request} for {@code service} in {@code region} (with {@code payload} as its body, or none) and sends it.
     * A connection or read failure is a {@link RetryableStepException} naming {@code doing}.
     */
    public static Answer send(Transport transport, AwsCredentialsProvider credentials, String region, String service,
                              SdkHttpRequest request, String payload, String doing) {
        SdkHttpRequest signed = sign(request, payload, credentials(credentials), region, service, Instant.now());
        try {
            return transport.exchange(signed, payload == null ? null : payload.getBytes(StandardCharsets.UTF_8));
        } catch (IOException | UncheckedIOException e) {
            throw new RetryableStepException(doing + ": " + e.getMessage(), e);
        }
    }

    private static Answer overUrlConnection(SdkHttpRequest signed, byte[] body) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) signed.getUri().toURL().openConnection();
        try {
            connection.setConnectTimeout(CONNECT_TIMEOUT_MS);
            connection.setReadTimeout(READ_TIMEOUT_MS);
            connection.setInstanceFollowRedirects(false);
            connection.setUseCaches(false);
            connection.setRequestMethod(signed.method().name());
            // Host is set by the connection from the URL: the same host[:port] that was signed
            signed.forEachHeader((name, values) -> {
                if (!name.equalsIgnoreCase("Host")) values.forEach(v -> connection.addRequestProperty(name, v));
            });
            if (body != null) {
                connection.setDoOutput(true);
                connection.setFixedLengthStreamingMode(body.length);
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
    static SdkHttpRequest sign(SdkHttpRequest request, String payload, SigV4.Credentials credentials, String region, String service, Instant now) {
        byte[] body = payload == null ? null : payload.getBytes(StandardCharsets.UTF_8);
        Map<String, String> added = SigV4.signHeaders(request.method().name(), request.getUri(), request.rawQueryParameters(),
                request.headers(), body, credentials, new SigV4.Scope(region, service, now));
        SdkHttpRequest.Builder out = request.toBuilder();
        added.forEach(out::putHeader);
        return out.build();
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
