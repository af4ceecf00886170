package dev.nodeless.aws;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.http.SdkHttpRequest;

/**
 * One AWS API request without the service's SDK client (what keeps the maintenance functions' cold start small): signed
 * by the SDK's own SigV4 signer, sent over the shared HTTP client, answered with status, headers and body; and the retry
 * both hand-written callers ({@code Ec2Query}, {@code DescribeClusterCall}) use for what they classify as transient.
 */
public final class SignedHttp {

    public static final int ATTEMPTS = 3;

    /** The answer: status and headers, and the whole body (empty when there is none). */
    public record Answer(SdkHttpResponse response, byte[] body) {
        public int status() { return response.statusCode(); }
    }

    private SignedHttp() {}

    /**
     * Signs {@code request} for {@code service} in {@code region} (with {@code payload} as its body, or none) and sends it.
     * A connection or read failure is a {@link RetryableStepException} naming {@code doing}.
     */
    public static Answer send(SdkHttpClient http, AwsCredentialsProvider credentials, String region, String service,
                              SdkHttpRequest request, String payload, String doing) {
        SdkHttpRequest signed = sign(request, payload, credentials(credentials), region, service, Instant.now());
        HttpExecuteRequest.Builder call = HttpExecuteRequest.builder().request(signed);
        if (payload != null) call.contentStreamProvider(ContentStreamProvider.fromUtf8String(payload));
        try {
            HttpExecuteResponse response = http.prepareRequest(call.build()).call();
            try (InputStream in = response.responseBody().map(InputStream.class::cast).orElseGet(InputStream::nullInputStream)) {
                return new Answer(response.httpResponse(), in.readAllBytes());
            }
        } catch (IOException | UncheckedIOException e) {
            throw new RetryableStepException(doing + ": " + e.getMessage(), e);
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
