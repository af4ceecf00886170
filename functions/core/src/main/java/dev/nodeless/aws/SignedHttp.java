package dev.nodeless.aws;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;

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

    private static final AwsV4HttpSigner SIGNER = AwsV4HttpSigner.create();

    private SignedHttp() {}

    /**
     * Signs {@code request} for {@code service} in {@code region} (with {@code payload} as its body, or none) and sends it.
     * A connection or read failure is a {@link RetryableStepException} naming {@code doing}.
     */
    public static Answer send(SdkHttpClient http, AwsCredentialsProvider credentials, String region, String service,
                              SdkHttpRequest request, String payload, String doing) {
        var signed = SIGNER.sign(r -> {
            r.identity(credentials.resolveIdentity().join()).request(request)
                    .putProperty(AwsV4HttpSigner.REGION_NAME, region)
                    .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, service);
            if (payload != null) r.payload(ContentStreamProvider.fromUtf8String(payload));
        });
        HttpExecuteRequest.Builder call = HttpExecuteRequest.builder().request(signed.request());
        if (payload != null) call.contentStreamProvider(signed.payload().orElseThrow());
        try {
            HttpExecuteResponse response = http.prepareRequest(call.build()).call();
            try (InputStream in = response.responseBody().map(InputStream.class::cast).orElseGet(InputStream::nullInputStream)) {
                return new Answer(response.httpResponse(), in.readAllBytes());
            }
        } catch (IOException | UncheckedIOException e) {
            throw new RetryableStepException(doing + ": " + e.getMessage(), e);
        }
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
