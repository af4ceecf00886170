package dev.nodeless.aws.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.nodeless.aws.AwsClients;
import dev.nodeless.aws.InvalidStepInputException;
import dev.nodeless.aws.Json;
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
 * DynamoDB's JSON protocol without the SDK client (the registry's item conversion is MaintenanceRegistryTest's, on moto).
 * The error answers moto cannot be made to give
 * (throttling, 500, a damaged body) come from a local HTTP server replying with DynamoDB's documented error shapes;
 * it is the only stub here.
 */
class DynamoDbJsonTest {

    private HttpServer server;
    private final List<String> requests = new CopyOnWriteArrayList<>();

    private DynamoDbJson answering(int status, String body, String crc) throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", ex -> {
            requests.add(ex.getRequestMethod() + " " + ex.getRequestURI() + " " + ex.getRequestHeaders().getFirst("X-Amz-Target") + " "
                    + ex.getRequestHeaders().getFirst("Content-Type") + " " + ex.getRequestHeaders().getFirst("Authorization") + " "
                    + new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            byte[] b = body.getBytes(StandardCharsets.UTF_8);
            if (crc != null) ex.getResponseHeaders().add("x-amz-crc32", crc);
            ex.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.0");
            ex.sendResponseHeaders(status, b.length);
            ex.getResponseBody().write(b);
            ex.close();
        });
        server.start();
        return new DynamoDbJson(new AwsClients("eu-west-1", Optional.of(URI.create("http://127.0.0.1:" + server.getAddress().getPort())),
                StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "secretExample"))));
    }

    @AfterEach
    void stop() { if (server != null) server.stop(0); }

    static String error(String type, String message) {
        return "{\"__type\":\"com.amazonaws.dynamodb.v20120810#" + type + "\",\"message\":\"" + message + "\"}";
    }

    @Test
    void aCall_isASignedJsonPost_withTheOperationAsTarget() throws Exception {
        var call = answering(200, "{}", null);
        call.call("GetItem", Json.MAPPER.createObjectNode().put("TableName", "registry"), "reading");
        assertThat(requests).singleElement().satisfies(r -> assertThat(r)
                .startsWith("POST / DynamoDB_20120810.GetItem application/x-amz-json-1.0 AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/")
                .contains("/eu-west-1/dynamodb/aws4_request").endsWith("{\"TableName\":\"registry\"}"));
    }

    @Test
    void throttlingAndServerErrors_areTriedThreeTimes_thenRetryable() throws Exception {
        var call = answering(400, error("ProvisionedThroughputExceededException", "Rate of requests exceeds the allowed throughput"), null);
        assertThatThrownBy(() -> call.call("Scan", Json.MAPPER.createObjectNode(), "listing the registry entries in registry"))
                .isInstanceOf(RetryableStepException.class).hasMessage("listing the registry entries in registry (DynamoDB Scan) failed: "
                        + "HTTP 400 ProvisionedThroughputExceededException: Rate of requests exceeds the allowed throughput");
        assertThat(requests).hasSize(3);
        stop();
        requests.clear();
        var broken = answering(500, error("InternalServerError", "Internal server error"), null);
        assertThatThrownBy(() -> broken.call("GetItem", Json.MAPPER.createObjectNode(), "reading"))
                .isInstanceOf(RetryableStepException.class).hasMessageContaining("HTTP 500 InternalServerError");
        assertThat(requests).hasSize(3);
        stop();
        requests.clear();
        var proxy = answering(502, "<html>Bad Gateway</html>", null);
        assertThatThrownBy(() -> proxy.call("GetItem", Json.MAPPER.createObjectNode(), "reading"))
                .isInstanceOf(RetryableStepException.class).hasMessageContaining("HTTP 502");
    }

    @Test
    void aBodyNotMatchingItsCrc32_isRetried() throws Exception {
        var call = answering(200, "{\"Item\":{}}", "12345");
        assertThatThrownBy(() -> call.call("GetItem", Json.MAPPER.createObjectNode(), "reading"))
                .isInstanceOf(RetryableStepException.class).hasMessageContaining("is not the x-amz-crc32 12345");
        assertThat(requests).hasSize(3);
        stop();
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update("{\"Item\":{}}".getBytes(StandardCharsets.UTF_8));
        assertThat(answering(200, "{\"Item\":{}}", Long.toString(crc.getValue())).call("GetItem", Json.MAPPER.createObjectNode(), "reading")
                .has("Item")).isTrue();
    }

    @Test
    void aValidationError_isInvalidInput_andOtherRefusals_keepDynamoDbsType_atOnce() throws Exception {
        var call = answering(400, error("ValidationException", "One or more parameter values were invalid"), null);
        assertThatThrownBy(() -> call.call("UpdateItem", Json.MAPPER.createObjectNode(), "recording"))
                .isInstanceOf(InvalidStepInputException.class).hasMessageContaining("(DynamoDB UpdateItem) failed: HTTP 400 ValidationException");
        stop();
        requests.clear();
        var denied = answering(400, error("AccessDeniedException", "not authorized to perform: dynamodb:Scan"), null);
        assertThatThrownBy(() -> denied.call("Scan", Json.MAPPER.createObjectNode(), "listing the registry entries in registry"))
                .isInstanceOfSatisfying(DynamoDbApiException.class, e -> {
                    assertThat(e.code()).isEqualTo("AccessDeniedException");
                    assertThat(e.getMessage()).isEqualTo("listing the registry entries in registry (DynamoDB Scan) failed: HTTP 400 "
                            + "AccessDeniedException: not authorized to perform: dynamodb:Scan");
                });
        assertThat(requests).hasSize(1);
    }
}
