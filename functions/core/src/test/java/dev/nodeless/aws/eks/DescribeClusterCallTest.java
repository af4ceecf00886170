package dev.nodeless.aws.eks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.nodeless.aws.AwsClients;
import dev.nodeless.aws.RetryableStepException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * The error paths of the SDK-less DescribeCluster. moto answers DescribeCluster (EksClusterAccessTest compares this call
 * with the SDK client there) but cannot be made to throttle, fail or refuse, so these answers come from a local
 * HTTP server that replies with EKS's documented error shapes; it is the only stub here.
 */
class DescribeClusterCallTest {

    private HttpServer server;
    private final List<String> requests = new CopyOnWriteArrayList<>();

    private DescribeClusterCall answering(int status, String errorType, String body) throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", ex -> {
            requests.add(ex.getRequestMethod() + " " + ex.getRequestURI() + " " + ex.getRequestHeaders().getFirst("Authorization"));
            if (errorType != null) ex.getResponseHeaders().add("x-amzn-ErrorType", errorType + ":http://internal.amazon.com/coral/");
            byte[] b = body.getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(status, b.length);
            ex.getResponseBody().write(b);
            ex.close();
        });
        server.start();
        return new DescribeClusterCall(new AwsClients("eu-west-1", Optional.of(URI.create("http://127.0.0.1:" + server.getAddress().getPort())),
                StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "secretExample"))));
    }

    @AfterEach
    void stop() { if (server != null) server.stop(0); }

    @Test
    void aCluster_isReadFromTheAnswer_withASigV4SignatureForEks() throws Exception {
        var call = answering(200, null, "{\"cluster\":{\"name\":\"demo cluster\",\"status\":\"ACTIVE\"}}");
        assertThat(call.describe("demo cluster").orElseThrow().path("status").asText()).isEqualTo("ACTIVE");
        assertThat(requests).singleElement().satisfies(r -> assertThat(r)
                .startsWith("GET /clusters/demo%20cluster AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/")
                .contains("/eu-west-1/eks/aws4_request"));
    }

    @Test
    void resourceNotFound_isEmpty() throws Exception {
        var call = answering(404, "ResourceNotFoundException", "{\"message\":\"No cluster found for name: demo.\"}");
        assertThat(call.describe("demo")).isEmpty();
    }

    @Test
    void throttlingAndServerErrors_areTriedThreeTimes_thenRetryable() throws Exception {
        var call = answering(429, "TooManyRequestsException", "{\"message\":\"Rate exceeded\"}");
        assertThatThrownBy(() -> call.describe("demo")).isInstanceOf(RetryableStepException.class)
                .hasMessageContaining("describing EKS cluster demo failed: HTTP 429 TooManyRequestsException: Rate exceeded");
        assertThat(requests).hasSize(3);
        stop();
        requests.clear();
        var broken = answering(502, null, "<html>Bad Gateway</html>");
        assertThatThrownBy(() -> broken.describe("demo")).isInstanceOf(RetryableStepException.class).hasMessageContaining("HTTP 502");
        assertThat(requests).hasSize(3);
    }

    @Test
    void aRefusal_failsAtOnceWithEksErrorType() throws Exception {
        var call = answering(403, "AccessDeniedException", "{\"message\":\"not authorized to perform eks:DescribeCluster\"}");
        assertThatThrownBy(() -> call.describe("demo")).isInstanceOfSatisfying(EksApiException.class, e -> {
            assertThat(e.code()).isEqualTo("AccessDeniedException");
            assertThat(e.getMessage()).contains("HTTP 403 AccessDeniedException: not authorized to perform eks:DescribeCluster");
        });
        assertThat(requests).hasSize(1);
    }

    @Test
    void aSuccessWithoutCluster_isAMalformedAnswer() throws Exception {
        var call = answering(200, null, "{}");
        assertThatThrownBy(() -> call.describe("demo")).isInstanceOfSatisfying(EksApiException.class,
                e -> assertThat(e.code()).isEqualTo("MalformedResponse"));
    }
}
