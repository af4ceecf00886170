package dev.nodeless.aws.dynamodb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nodeless.aws.AwsClients;
import dev.nodeless.aws.AwsDomains;
import dev.nodeless.aws.AwsErrors;
import dev.nodeless.aws.InvalidStepInputException;
import dev.nodeless.aws.Json;
import dev.nodeless.aws.RetryableStepException;
import dev.nodeless.aws.SignedHttp;
import java.net.URI;
import java.util.zip.CRC32;

/**
 * One call of DynamoDB's JSON protocol ({@code POST /}, {@code X-Amz-Target: DynamoDB_20120810.<Operation>},
 * {@code application/x-amz-json-1.0}), signed by {@link dev.nodeless.aws.SigV4} and sent over {@link SignedHttp} (the JDK's
 * HttpURLConnection), without the DynamoDB SDK client: building that client loads about 1,400 classes (SDK core, protocol
 * marshallers, interceptors, retry policies) on the cold start of every maintenance function that reads the registry
 * (docs/measurements.md). Requests and answers are JSON trees; the registry converts items itself
 * ({@code cluster/MaintenanceRegistry}, to the neutral model its decoding shares with the SDK registry).
 * <p>
 * Errors are classified as {@link AwsErrors} does for the SDK client: throttling, 5xx, a body whose {@code x-amz-crc32}
 * does not match and network trouble are tried 3 times (the SDK's DynamoDB client tries up to 9 times in its legacy
 * retry mode, 4 in its newer one), then {@link RetryableStepException}, which the state machines' Retry takes over
 * with longer backoff; DynamoDB's validation
 * errors are {@link InvalidStepInputException}; any other refusal (ConditionalCheckFailedException included, which
 * callers catch) is {@link DynamoDbApiException} with DynamoDB's error type, the operation and what was being done.
 */
public final class DynamoDbJson {

    static final String TARGET_PREFIX = "DynamoDB_20120810.";
    static final String CONTENT_TYPE = "application/x-amz-json-1.0";

    private final AwsClients aws;
    private final URI endpoint;

    public DynamoDbJson(AwsClients aws) {
        this.aws = aws;
        String region = aws.region().id();
        // not region.metadata(): it loads every region's and service's metadata on the cold start (AwsDomains)
        this.endpoint = aws.endpoint().orElseGet(() -> URI.create("https://dynamodb." + region + "." + AwsDomains.dnsSuffix(region) + "/"));
    }

    /** Runs {@code operation} (e.g. {@code GetItem}) with {@code request}; returns the answer's JSON object. */
    public JsonNode call(String operation, ObjectNode request, String doing) {
        String payload = Json.write(request);
        return SignedHttp.withRetries("DynamoDB", () -> send(operation, payload, doing));
    }

    private JsonNode send(String operation, String payload, String doing) {
        String what = doing + " (DynamoDB " + operation + ")";
        SignedHttp.Request request = SignedHttp.Request.of("POST", endpoint, "Content-Type", CONTENT_TYPE, "X-Amz-Target", TARGET_PREFIX + operation);
        SignedHttp.Answer sent = SignedHttp.send(SignedHttp.URL_CONNECTION, aws.credentials(), aws.region().id(), "dynamodb", request, payload, what);
        int status = sent.status();
        byte[] body = sent.body();
        // DynamoDB sends the body's CRC32; a mismatch is a damaged answer, which the SDK client also retries
        String crc = sent.header("x-amz-crc32").orElse(null);
        if (crc != null) {
            CRC32 actual = new CRC32();
            actual.update(body);
            if (!crc.equals(Long.toString(actual.getValue()))) {
                throw new RetryableStepException(what + ": the answer's CRC32 " + actual.getValue() + " is not the x-amz-crc32 " + crc + " DynamoDB sent");
            }
        }
        JsonNode answer = sent.json();
        if (status / 100 == 2) {
            if (answer == null || !answer.isObject()) throw new DynamoDbApiException("MalformedResponse", what + ": HTTP " + status + " without a JSON object");
            return answer;
        }
        String type = answer == null ? "" : answer.path("__type").asText("");
        String code = type.substring(type.indexOf('#') + 1); // com.amazonaws.dynamodb.v20120810#ThrottlingException
        String message = what + " failed: HTTP " + status + " " + code + ": "
                + (answer == null ? "" : answer.path("message").asText(answer.path("Message").asText("")));
        if (AwsErrors.transientCode(code, status)) throw new RetryableStepException(message);
        if (AwsErrors.invalidInputCode(code)) throw new InvalidStepInputException(message);
        throw new DynamoDbApiException(code.isEmpty() ? "HTTP" + status : code, message);
    }
}
