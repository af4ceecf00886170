package dev.nodeless.it.support;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nodeless.testing.MotoServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.GetExecutionHistoryResponse;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;
import software.amazon.awssdk.services.sfn.model.StateMachineType;

/**
 * Runs our ASL in moto's Step Functions interpreter. Lambda tasks answer from moto's scripted queue
 * ({@code POST /moto-api/static/lambda-simple/response}, body {@code {"results": [<string>...], "region": ...}}):
 * first in, first out across ALL invocations (also across parallel branches), and an invocation with an empty
 * queue echoes its input. No function needs to exist.
 */
public final class StepFunctionsInMoto {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ROLE = "arn:aws:iam::" + Asl.ACCOUNT + ":role/nodeless-test-states";

    private final MotoServer moto;
    private final SfnClient sfn;

    public StepFunctionsInMoto(MotoServer moto) {
        this.moto = moto;
        this.sfn = SfnClient.builder()
                .region(Region.of(Asl.REGION))
                .endpointOverride(moto.endpoint())
                .credentialsProvider(moto.clients(Asl.REGION).credentials())
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    /** Resets moto and lets it execute ASL with the Docker-free Lambda whose answers we script. */
    public void reset() {
        moto.reset();
        moto.enableStepFunctionsExecution();
        moto.post("/moto-api/config", "{\"lambda\": {\"use_docker\": false}}");
    }

    public String create(Asl asl) {
        return sfn.createStateMachine(b -> b.name(asl.name()).definition(asl.substituted()).roleArn(ROLE)
                .type(StateMachineType.STANDARD)).stateMachineArn();
    }

    /** Queues Lambda answers, each a JSON value the next invocation returns as its Payload. */
    public void queueLambdaResults(List<?> payloads) {
        ArrayNode results = JSON.createArrayNode();
        for (Object p : payloads) results.add(toJson(p));
        ObjectNode body = JSON.createObjectNode();
        body.set("results", results);
        body.put("region", Asl.REGION);
        moto.post("/moto-api/static/lambda-simple/response", body.toString());
    }

    public Execution run(String stateMachineArn, String executionName, Object input) {
        String arn = sfn.startExecution(b -> b.stateMachineArn(stateMachineArn).name(executionName).input(toJson(input)))
                .executionArn();
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        DescribeExecutionResponse d = sfn.describeExecution(b -> b.executionArn(arn));
        while (d.status() == ExecutionStatus.RUNNING) {
            if (System.nanoTime() > deadline) throw new AssertionError("execution " + executionName + " still RUNNING after 90 s");
            sleep(200);
            d = sfn.describeExecution(b -> b.executionArn(arn));
        }
        return new Execution(d, history(arn));
    }

    private List<HistoryEvent> history(String executionArn) {
        List<HistoryEvent> events = new ArrayList<>();
        String token = null;
        do {
            String t = token;
            GetExecutionHistoryResponse page = sfn.getExecutionHistory(b -> b.executionArn(executionArn).maxResults(1000).nextToken(t));
            events.addAll(page.events());
            token = page.nextToken();
        } while (token != null);
        return events;
    }

    public static String toJson(Object value) {
        if (value instanceof String s) return s;
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + json, e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A finished execution: its description and full history. */
    public record Execution(DescribeExecutionResponse description, List<HistoryEvent> history) {

        public ExecutionStatus status() { return description.status(); }

        public JsonNode output() { return parse(description.output()); }

        /** Names of the states entered, in history order. */
        public List<String> enteredStates() {
            return history.stream().filter(e -> e.stateEnteredEventDetails() != null)
                    .map(e -> e.stateEnteredEventDetails().name()).toList();
        }

        /** The Lambda invocations in the order they were scheduled: function name (without ARN) and payload. */
        public List<Invocation> invocations() {
            List<Invocation> out = new ArrayList<>();
            for (HistoryEvent e : history) {
                if (e.taskScheduledEventDetails() == null) continue;
                JsonNode params = parse(e.taskScheduledEventDetails().parameters());
                String arn = params.path("FunctionName").asText();
                String[] parts = arn.split(":");
                JsonNode payload = params.path("Payload");
                if (payload.isTextual()) payload = parse(payload.asText());
                out.add(new Invocation(parts[parts.length - 2], payload));
            }
            return out;
        }

        /** The failure as Step Functions reports it (ExecutionFailed event). */
        public HistoryEvent failedEvent() {
            return history.stream().filter(e -> e.executionFailedEventDetails() != null).findFirst()
                    .orElseThrow(() -> new AssertionError("no ExecutionFailed event in history"));
        }
    }

    /** One scheduled Lambda call: {@code function} is the capitalized handler name (the test ARNs use it). */
    public record Invocation(String function, JsonNode payload) {
        public String target() { return payload.path("target").isNull() ? null : payload.path("target").asText(null); }
    }
}
