package dev.nodeless.aws.eks;

import com.fasterxml.jackson.databind.JsonNode;
import dev.nodeless.aws.AwsClients;
import dev.nodeless.aws.AwsDomains;
import dev.nodeless.aws.RetryableStepException;
import dev.nodeless.aws.SignedHttp;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * EKS DescribeCluster ({@code GET /clusters/{name}}, REST-JSON) signed by {@link dev.nodeless.aws.SigV4} and sent over
 * {@link SignedHttp} (the JDK's HttpURLConnection), without the EKS SDK module's client: building that client loads about 360 classes
 * (every request type of EKS, its endpoint rules) on the cold start of each maintenance function that opens a cluster
 * (docs/measurements.md). The answer is the JSON EKS documents for DescribeCluster; only {@code cluster} is read.
 * A missing cluster is empty; throttling, 5xx and network trouble are tried 3 times, then
 * {@link RetryableStepException}; any other refusal is {@link EksApiException} with EKS's error type.
 */
public final class DescribeClusterCall {

    private final AwsClients aws;
    private final URI endpoint;

    public DescribeClusterCall(AwsClients aws) {
        this.aws = aws;
        String region = aws.region().id();
        this.endpoint = aws.endpoint().orElseGet(() -> URI.create("https://eks." + region + "." + AwsDomains.dnsSuffix(region)));
    }

    /** The {@code cluster} object of the answer, or empty when EKS has no cluster of that name here. */
    public Optional<JsonNode> describe(String clusterName) {
        return SignedHttp.withRetries("EKS", () -> send(clusterName));
    }

    private Optional<JsonNode> send(String clusterName) {
        String doing = "describing EKS cluster " + clusterName;
        String base = endpoint.toString().replaceAll("/+$", "");
        SignedHttp.Request request = SignedHttp.Request.of("GET",
                URI.create(base + "/clusters/" + URLEncoder.encode(clusterName, StandardCharsets.UTF_8).replace("+", "%20")), "Accept", "application/json");
        SignedHttp.Answer sent = SignedHttp.send(SignedHttp.URL_CONNECTION, aws.credentials(), aws.region().id(), "eks", request, null, doing);
        int status = sent.status();
        String type = sent.header("x-amzn-ErrorType").map(t -> t.split(":", 2)[0]).orElse("");
        byte[] body = sent.body();
        JsonNode answer = sent.json();
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

}
