package dev.nodeless.aws.eks;

import com.fasterxml.jackson.databind.JsonNode;
import dev.nodeless.aws.AwsClients;
import dev.nodeless.aws.AwsDomains;
import dev.nodeless.aws.Json;
import dev.nodeless.aws.RetryableStepException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;

/**
 * EKS DescribeCluster ({@code GET /clusters/{name}}, REST-JSON) signed by the SDK's own SigV4 signer and sent over the
 * shared URL-connection client, without the EKS SDK module's client: building that client loads about 360 classes
 * (every request type of EKS, its endpoint rules) on the cold start of each maintenance function that opens a cluster
 * (docs/measurements.md). The answer is the JSON EKS documents for DescribeCluster; only {@code cluster} is read.
 * A missing cluster is empty; throttling, 5xx and network trouble are tried 3 times, then
 * {@link RetryableStepException}; any other refusal is {@link EksApiException} with EKS's error type.
 */
public final class DescribeClusterCall {

    private static final int ATTEMPTS = 3;

    private final AwsClients aws;
    private final URI endpoint;
    private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();

    public DescribeClusterCall(AwsClients aws) {
        this.aws = aws;
        String region = aws.region().id();
        this.endpoint = aws.endpoint().orElseGet(() -> URI.create("https://eks." + region + "." + AwsDomains.dnsSuffix(region)));
    }

    /** The {@code cluster} object of the answer, or empty when EKS has no cluster of that name here. */
    public Optional<JsonNode> describe(String clusterName) {
        RuntimeException last = null;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            try {
                return send(clusterName);
            } catch (RetryableStepException e) {
                last = e;
                if (attempt < ATTEMPTS) pause(attempt);
            }
        }
        throw last;
    }

    private Optional<JsonNode> send(String clusterName) {
        String doing = "describing EKS cluster " + clusterName;
        String base = endpoint.toString().replaceAll("/+$", "");
        SdkHttpRequest request = SdkHttpRequest.builder().method(SdkHttpMethod.GET)
                .uri(URI.create(base + "/clusters/" + URLEncoder.encode(clusterName, StandardCharsets.UTF_8).replace("+", "%20")))
                .putHeader("Accept", "application/json").build();
        var signed = signer.sign(r -> r.identity(aws.credentials().resolveIdentity().join()).request(request)
                .putProperty(AwsV4HttpSigner.REGION_NAME, aws.region().id())
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "eks"));
        int status;
        String type;
        byte[] body;
        try {
            HttpExecuteResponse response = aws.http().prepareRequest(HttpExecuteRequest.builder().request(signed.request()).build()).call();
            status = response.httpResponse().statusCode();
            type = response.httpResponse().firstMatchingHeader("x-amzn-ErrorType").map(t -> t.split(":", 2)[0]).orElse("");
            try (InputStream in = response.responseBody().map(InputStream.class::cast).orElseGet(InputStream::nullInputStream)) {
                body = in.readAllBytes();
            }
        } catch (IOException | UncheckedIOException e) {
            throw new RetryableStepException(doing + ": " + e.getMessage(), e);
        }
        JsonNode answer = parse(body);
        if (type.isEmpty() && answer != null) type = answer.path("__type").asText(answer.path("code").asText(""));
        if (status / 100 == 2) {
            if (answer == null || !answer.path("cluster").isObject()) {
                throw new EksApiException("MalformedResponse", doing + ": HTTP " + status + " without a cluster in the answer");
            }
            return Optional.of(answer.get("cluster"));
        }
        if (status == 404 || type.equals("ResourceNotFoundException")) return Optional.empty();
        String message = doing + " failed: HTTP " + status + " " + type + ": " + (answer == null ? "" : answer.path("message").asText(answer.path("Message").asText("")));
        if (status == 429 || status >= 500 || type.contains("Throttling") || type.equals("ServiceUnavailableException")) {
            throw new RetryableStepException(message);
        }
        throw new EksApiException(type, message);
    }

    private static JsonNode parse(byte[] body) {
        if (body.length == 0) return null;
        try {
            return Json.MAPPER.readTree(body);
        } catch (IOException notJson) {
            return null; // a proxy's error page: the status decides
        }
    }

    private static void pause(int attempt) {
        try {
            Thread.sleep((long) (100 * Math.pow(2, attempt - 1) * (0.5 + Math.random())));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RetryableStepException("interrupted while waiting to retry an EKS call", e);
        }
    }
}
