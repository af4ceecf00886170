package dev.nodeless.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nodeless.aws.AwsClients;
import dev.nodeless.buffer.BufferChange;
import dev.nodeless.it.support.Asl;
import dev.nodeless.it.support.ProjectFiles;
import dev.nodeless.it.support.StepFunctionsInMoto;
import dev.nodeless.it.support.Template;
import dev.nodeless.maintenance.MaintenanceStep;
import dev.nodeless.testing.MotoServer;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.eventbridge.model.InputTransformer;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;

/**
 * The notification rules of template.yaml in moto's EventBridge: their patterns against the real-shaped Step Functions
 * status-change event in events/ (TestEventPattern), and the message their input transformer makes, read from an SQS
 * queue standing in for the SNS topic (moto delivers to SQS targets, applying the transformer). The growth notification
 * is driven end to end: maintain-buffer executed in moto's interpreter puts its event, the rule turns it into the message.
 */
class NotificationRulesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String REGION = Asl.REGION;
    private final Template template = Template.load();
    private final AwsClients aws = MotoServer.get().clients(REGION);
    private ObjectNode fixture;

    @BeforeEach
    void reset() throws IOException {
        MotoServer.get().reset();
        fixture = (ObjectNode) JSON.readTree(Files.readString(ProjectFiles.root().resolve("events/step-functions-execution-status-change.json")));
        fixture.put("region", REGION);
    }

    /** The rule's pattern with the state machine's !Ref (read as its logical id) replaced by {@code arn}. */
    private String pattern(String rule, String logicalId, String arn) {
        return template.resource(rule).at("/Properties/EventPattern").toString().replace("\"" + logicalId + "\"", "\"" + arn + "\"");
    }

    private ObjectNode statusChange(String machineArn, String status) {
        ObjectNode e = fixture.deepCopy();
        ((ObjectNode) e.get("detail")).put("stateMachineArn", machineArn).put("status", status);
        return e;
    }

    /** moto has no TestEventPattern; its EventBridge matches patterns when it delivers, so each case is one delivery. */
    @Test
    void bootstrapAndTeardownRules_matchTheirMachinesEndings_only() throws IOException {
        String bootstrap = fixture.at("/detail/stateMachineArn").asText();
        String teardown = bootstrap.replace("bootstrap-cluster", "teardown-cluster");
        String bootstrapQueue = ruleToQueue("BootstrapNotificationRule", pattern("BootstrapNotificationRule", "BootstrapClusterStateMachine", bootstrap));
        String teardownQueue = ruleToQueue("TeardownNotificationRule", pattern("TeardownNotificationRule", "TeardownClusterStateMachine", teardown));
        put(fixture);
        assertThat(messages(bootstrapQueue)).as("the fixture as the docs show it (FAILED)").hasSize(1);
        for (String status : List.of("SUCCEEDED", "FAILED", "TIMED_OUT", "ABORTED")) {
            put(statusChange(bootstrap, status));
            assertThat(messages(bootstrapQueue)).as("bootstrap " + status).hasSize(1);
            assertThat(messages(teardownQueue)).as("bootstrap " + status + " is not teardown").isEmpty();
            put(statusChange(teardown, status));
            assertThat(messages(teardownQueue)).as("teardown " + status).hasSize(1);
            assertThat(messages(bootstrapQueue)).as("teardown " + status + " is not bootstrap").isEmpty();
        }
        put(statusChange(bootstrap, "RUNNING"));
        put(statusChange(bootstrap, "PENDING_REDRIVE"));
        put(statusChange(bootstrap.replace("bootstrap-cluster", "maintain-buffer"), "FAILED"));
        assertThat(messages(bootstrapQueue)).as("a start, a redrive, another machine").isEmpty();
        assertThat(messages(teardownQueue)).isEmpty();
    }

    @Test
    void bootstrapMessage_namesTheExecutionAndStatus_andLinksItInTheConsole() throws IOException {
        String bootstrap = fixture.at("/detail/stateMachineArn").asText();
        String queue = ruleToQueue("BootstrapNotificationRule", pattern("BootstrapNotificationRule", "BootstrapClusterStateMachine", bootstrap));
        put(fixture);
        String execution = fixture.at("/detail/executionArn").asText();
        assertThat(messages(queue)).containsExactly("Nodeless bootstrap demo-1763631200: FAILED. Execution: https://" + REGION
                + ".console.aws.amazon.com/states/home?region=" + REGION + "#/v2/executions/details/" + execution);
    }

    @Test
    void teardownMessage_saysTeardown() throws IOException {
        String teardown = fixture.at("/detail/stateMachineArn").asText().replace("bootstrap-cluster", "teardown-cluster");
        String queue = ruleToQueue("TeardownNotificationRule", pattern("TeardownNotificationRule", "TeardownClusterStateMachine", teardown));
        put(statusChange(teardown, "SUCCEEDED"));
        assertThat(messages(queue)).singleElement().satisfies(m -> assertThat(m).startsWith("Nodeless teardown demo-1763631200: SUCCEEDED. Execution: https://"));
    }

    /**
     * maintain-buffer in moto's interpreter (threshold 3 in the tests): a growth 2 -> 15 puts one Buffer Grown event,
     * which the template's rule turns into the message with the execution's console link.
     */
    @Test
    void largeGrowth_isAnnouncedByTheExecution_andBecomesOneMessage() throws IOException {
        StepFunctionsInMoto sfn = new StepFunctionsInMoto(MotoServer.get());
        sfn.reset();
        String machine = sfn.create(Asl.load("maintain-buffer"));
        String queue = ruleToQueue("BufferGrowthNotificationRule", pattern("BufferGrowthNotificationRule", "MaintainBufferStateMachine", machine));

        var large = sfn.run(machine, scriptGrowth(sfn, 2, 15), "{\"id\": \"e-large\"}");
        assertThat(large.status()).as("history %s", large.enteredStates()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(large.enteredStates()).contains("AnnounceLargeGrowth", "PutBufferGrown").endsWith("Grown");
        assertThat(large.output().path("action").asText()).as("the output stays the step").isEqualTo("grow");
        String execution = large.description().executionArn();
        assertThat(messages(queue)).containsExactly("Nodeless cluster demo: buffer grew from 2 to 15 replicas (rebalance). Execution: https://"
                + REGION + ".console.aws.amazon.com/states/home?region=" + REGION + "#/v2/executions/details/" + execution);

    }

    /** One execution per test: moto 5.2 answers 500 to a second StartExecution in a region that holds an execution. */
    @Test
    void smallGrowth_announcesNothing() throws IOException {
        StepFunctionsInMoto sfn = new StepFunctionsInMoto(MotoServer.get());
        sfn.reset();
        String machine = sfn.create(Asl.load("maintain-buffer"));
        String queue = ruleToQueue("BufferGrowthNotificationRule", pattern("BufferGrowthNotificationRule", "MaintainBufferStateMachine", machine));
        var small = sfn.run(machine, scriptGrowth(sfn, 2, 4), "{\"id\": \"e-small\"}");
        assertThat(small.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(small.enteredStates()).contains("SmallGrowth").doesNotContain("PutBufferGrown").endsWith("Grown");
        assertThat(messages(queue)).isEmpty();
    }

    private int runs;

    /** Queues the three handlers' answers for one rebalance recommendation on cluster demo growing {@code before -> after}; returns a fresh execution name. */
    private String scriptGrowth(StepFunctionsInMoto sfn, int before, int after) {
        String id = "e" + (++runs);
        MaintenanceStep classified = new MaintenanceStep(id, "rebalance", MaintenanceStep.PENDING, "rebalance",
                List.of("i-0abc"), null, null, List.of(), List.of());
        MaintenanceStep resolved = new MaintenanceStep(id, "rebalance", MaintenanceStep.PENDING, "rebalance",
                List.of("i-0abc"), null, null, List.of(new MaintenanceStep.Target("demo", "i-0abc", "ip-10-0-0-1")), List.of());
        BufferChange grew = new BufferChange("demo", "rebalance", "ip-10-0-0-1", "grow", before, after,
                "grow: 1 node(s) at risk", List.of("ip-10-0-0-1"), true);
        MaintenanceStep sized = new MaintenanceStep(id, "rebalance", "grow", grew.reason(), List.of("i-0abc"), null, null,
                resolved.targets(), List.of(grew));
        sfn.queueLambdaResults(List.of(classified, resolved, sized));
        return "growth-" + id;
    }

    /** Creates the template rule with {@code pattern} and its own input transformer, targeting a new SQS queue; returns its URL. */
    private String ruleToQueue(String rule, String pattern) {
        JsonNode transformer = template.resource(rule).at("/Properties/Targets/0/InputTransformer");
        String url = aws.sqs().createQueue(b -> b.queueName(rule)).queueUrl();
        aws.events().putRule(b -> b.name(rule).eventPattern(pattern));
        java.util.Map<String, String> paths = new java.util.LinkedHashMap<>();
        transformer.path("InputPathsMap").fields().forEachRemaining(e -> paths.put(e.getKey(), e.getValue().asText()));
        aws.events().putTargets(b -> b.rule(rule).targets(t -> t.id("topic").arn("arn:aws:sqs:" + REGION + ":" + Asl.ACCOUNT + ":" + rule)
                .inputTransformer(InputTransformer.builder().inputPathsMap(paths).inputTemplate(transformer.path("InputTemplate").asText()).build())));
        return url;
    }

    private void put(JsonNode event) {
        List<String> resources = new ArrayList<>();
        event.path("resources").forEach(r -> resources.add(r.asText()));
        var result = aws.events().putEvents(b -> b.entries(PutEventsRequestEntry.builder().source(event.path("source").asText())
                .detailType(event.path("detail-type").asText()).detail(event.path("detail").toString()).resources(resources).build()));
        assertThat(result.failedEntryCount()).isZero();
    }

    /** The messages the queue received (each a JSON string, as EventBridge sends a quoted input template), deleted after reading. */
    private List<String> messages(String url) throws IOException {
        List<String> out = new ArrayList<>();
        for (var m : aws.sqs().receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10)).messages()) {
            JsonNode body = JSON.readTree(m.body());
            assertThat(body.isTextual()).as("a plain-text message: " + m.body()).isTrue();
            out.add(body.asText());
            aws.sqs().deleteMessage(b -> b.queueUrl(url).receiptHandle(m.receiptHandle()));
        }
        return out;
    }
}
