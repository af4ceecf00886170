package dev.nodeless.aws.dynamodb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nodeless.aws.AwsClients;
import dev.nodeless.aws.AwsDomains;
import dev.nodeless.aws.AwsErrors;
import dev.nodeless.aws.InvalidStepInputException;
import dev.nodeless.aws.Json;
import dev.nodeless.aws.RetryableStepException;
import dev.nodeless.aws.SignedHttp;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * One call of DynamoDB's JSON protocol ({@code POST /}, {@code X-Amz-Target: DynamoDB_20120810.<Operation>},
 * {@code application/x-amz-json-1.0}), signed by {@link dev.nodeless.aws.SigV4} and sent over {@link SignedHttp} (the JDK's
 * HttpURLConnection), without the DynamoDB SDK client: building that client loads about 1,400 classes (SDK core, protocol
 * marshallers, interceptors, retry policies) on the cold start of every maintenance function that reads the registry
 * (docs/measurements.md). Items are converted to and from the SDK's {@link AttributeValue} model objects (a model class,
 * not the client), so the registry's decoding is the same for both clients.
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


    /** An item (or key) in DynamoDB's JSON: {@code {"name": {"S": "demo"}, ...}}. */
    public static ObjectNode item(Map<String, AttributeValue> item) {
        ObjectNode json = Json.MAPPER.createObjectNode();
        item.forEach((name, value) -> json.set(name, value(value)));
        return json;
    }

    /** An item from DynamoDB's JSON; {@link IllegalArgumentException} for a value of no known type. */
    public static Map<String, AttributeValue> item(JsonNode json) {
        Map<String, AttributeValue> item = new LinkedHashMap<>();
        json.fields().forEachRemaining(f -> item.put(f.getKey(), value(f.getValue())));
        return item;
    }

    static ObjectNode value(AttributeValue v) {
        ObjectNode json = Json.MAPPER.createObjectNode();
        switch (v.type()) {
            case S -> json.put("S", v.s());
            case N -> json.put("N", v.n());
            case B -> json.put("B", v.b().asByteArray()); // Jackson writes byte[] as base64, as DynamoDB expects
            case BOOL -> json.put("BOOL", v.bool());
            case NUL -> json.put("NULL", true);
            case M -> json.set("M", item(v.m()));
            case L -> {
                ArrayNode list = json.putArray("L");
                v.l().forEach(e -> list.add(value(e)));
            }
            case SS -> v.ss().forEach(json.putArray("SS")::add);
            case NS -> v.ns().forEach(json.putArray("NS")::add);
            case BS -> v.bs().forEach(b -> json.withArray("BS").add(b.asByteArray()));
            default -> throw new IllegalArgumentException("an attribute value of unknown type: " + v);
        }
        return json;
    }

    static AttributeValue value(JsonNode json) {
        if (!json.isObject() || json.size() != 1) throw new IllegalArgumentException("not a DynamoDB attribute value: " + json);
        var type = json.fields().next();
        JsonNode v = type.getValue();
        AttributeValue.Builder b = AttributeValue.builder();
        return switch (type.getKey()) {
            case "S" -> b.s(v.asText()).build();
            case "N" -> b.n(v.asText()).build();
            case "B" -> b.b(SdkBytes.fromByteArray(bytes(v))).build();
            case "BOOL" -> b.bool(v.asBoolean()).build();
            case "NULL" -> b.nul(v.asBoolean()).build();
            case "M" -> b.m(item(v)).build();
            case "L" -> b.l(list(v, DynamoDbJson::value)).build();
            case "SS" -> b.ss(list(v, JsonNode::asText)).build();
            case "NS" -> b.ns(list(v, JsonNode::asText)).build();
            case "BS" -> b.bs(list(v, e -> SdkBytes.fromByteArray(bytes(e)))).build();
            default -> throw new IllegalArgumentException("an attribute value of unknown type " + type.getKey() + ": " + json);
        };
    }

    private static <T> List<T> list(JsonNode array, java.util.function.Function<JsonNode, T> element) {
        List<T> list = new ArrayList<>();
        array.forEach(e -> list.add(element.apply(e)));
        return list;
    }

    private static byte[] bytes(JsonNode base64) {
        try {
            return base64.binaryValue();
        } catch (IOException e) {
            throw new IllegalArgumentException("not base64: " + base64, e);
        }
    }
}
