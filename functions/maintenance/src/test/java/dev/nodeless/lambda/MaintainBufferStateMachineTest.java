package dev.nodeless.lambda;

import static dev.nodeless.testing.EventVariants.*;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nodeless.maintenance.MaintenanceStep;
import dev.nodeless.testing.Fixtures;
import dev.nodeless.testing.MaintenanceWorld;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;
import software.amazon.awssdk.services.sfn.model.HistoryEventType;

/**
 * statemachine/maintain-buffer.asl.json executed by moto's Step Functions interpreter. moto's Lambda answers
 * from a FIFO of scripted results, so each task's result is first computed by the real handler (against moto
 * EC2/DynamoDB and the Kubernetes emulator) and queued; the interpreter then decides the path from those outputs.
 */
class MaintainBufferStateMachineTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String ACCOUNT = "123456789012";
    MaintenanceWorld world;
    static final List<String> REGIONS = List.of("us-east-1", "us-east-2", "us-west-1", "us-west-2", "eu-central-1",
            "eu-west-2", "eu-west-3", "eu-north-1", "ap-southeast-1", "ap-southeast-2");
    int executions;
    String definition;
    ClassifyEventHandler classify;
    ResolveTargetHandler resolve;
    SizeBufferHandler size;

    @BeforeEach
    void setUp() throws Exception {
        world = new MaintenanceWorld(Clock.fixed(Instant.parse("2026-11-20T09:30:05Z"), ZoneOffset.UTC));
        world.moto.post("/moto-api/config", "{\"stepfunctions\": {\"execute_state_machine\": true}, \"lambda\": {\"use_docker\": false}}");
        String asl = Files.readString(Fixtures.root().resolve("statemachine/maintain-buffer.asl.json"));
        definition = asl;
        classify = new ClassifyEventHandler(world.service);
        resolve = new ResolveTargetHandler(world.service);
        size = new SizeBufferHandler(world.service);
    }

    @AfterEach
    void tearDown() {
        world.close();
    }

    /** Runs the handlers as the state machine would, queues their outputs, executes; returns states entered + output. */
    Execution run(String name, String event) throws Exception {
        List<String> outputs = new ArrayList<>();
        MaintenanceStep step = classify.handleRequest(JSON.readTree(event), null);
        outputs.add(JSON.writeValueAsString(step));
        if (!step.ignored()) {
            step = resolve.handleRequest(JSON.readValue(outputs.get(0), MaintenanceStep.class), null);
            outputs.add(JSON.writeValueAsString(step));
            if (!step.ignored()) {
                step = size.handleRequest(JSON.readValue(outputs.get(1), MaintenanceStep.class), null);
                outputs.add(JSON.writeValueAsString(step));
            }
        }
        // One region per execution: moto 5.2 deep-copies the Step Functions backend (region) on StartExecution and
        // fails (500) once that backend holds an earlier execution. The Lambda results queue is per region too.
        String region = REGIONS.get(executions++);
        String asl = definition;
        for (String f : List.of("ClassifyEvent", "ResolveTarget", "SizeBuffer")) {
            asl = asl.replace("${" + f + "FunctionArn}", "arn:aws:lambda:" + region + ":" + ACCOUNT + ":function:" + f);
        }
        // announce growths of 10 replicas or more: none of these fixtures' growths (NotificationRulesTest in it/ covers one)
        asl = asl.replace("${BufferGrowthNotifyReplicas}", "10");
        assertThat(asl).doesNotContain("${");
        String substituted = asl;
        world.moto.post("/moto-api/static/lambda-simple/response",
                JSON.writeValueAsString(Map.of("results", outputs, "region", region, "account_id", ACCOUNT)));
        SfnClient sfn = SfnClient.builder().region(software.amazon.awssdk.regions.Region.of(region)).credentialsProvider(world.aws.credentials())
                .endpointOverride(world.moto.endpoint()).build();
        String stateMachineArn = sfn.createStateMachine(b -> b.name("maintain-buffer-" + name).definition(substituted)
                .roleArn("arn:aws:iam::" + ACCOUNT + ":role/maintain-buffer")).stateMachineArn();
        String arn = sfn.startExecution(b -> b.stateMachineArn(stateMachineArn).name(name).input(event)).executionArn();
        for (int i = 0; i < 200; i++) {
            var d = sfn.describeExecution(b -> b.executionArn(arn));
            if (d.status() != ExecutionStatus.RUNNING) {
                List<String> entered = new ArrayList<>();
                for (HistoryEvent h : sfn.getExecutionHistory(b -> b.executionArn(arn)).events()) {
                    if (h.stateEnteredEventDetails() != null) entered.add(h.stateEnteredEventDetails().name());
                }
                return new Execution(d.status(), entered, d.output() == null ? null : JSON.readTree(d.output()));
            }
            Thread.sleep(100);
        }
        throw new AssertionError("execution " + name + " did not finish");
    }

    record Execution(ExecutionStatus status, List<String> states, JsonNode output) {}

    @Test
    void everyEventKindFromItsFixture_runsToTheRightEndState() throws Exception {
        String spot = world.instance("demo", 5);
        String rebalance = world.instance("demo", 2);
        String stopping = world.instance("demo", 2);
        String retiring = world.instance("demo", 2);

        Execution r = run("rebalance", forInstance(REBALANCE, rebalance));
        assertThat(r.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(r.states()).containsExactly("ClassifyEvent", "IsActionable", "ResolveTarget", "HasTarget", "SizeBuffer", "WhatChanged",
                "AnnounceLargeGrowth", "GrowthThreshold", "IsLargeGrowth", "SmallGrowth", "Grown");
        JsonNode change = r.output().get("changes").get(0);
        assertThat(change.get("trigger").asText()).isEqualTo("rebalance");
        assertThat(change.get("replicasBefore").asInt()).isEqualTo(2);
        assertThat(change.get("replicasAfter").asInt()).isEqualTo(3);
        assertThat(change.get("atRisk")).hasSize(1);
        assertThat(change.get("reason").asText()).startsWith("grow: 1 node(s) at risk");

        // Karpenter drains these nodes itself at the same message: each is marked (buffer pods keep off it), no room bought
        Execution s = run("spot", forInstance(SPOT, spot));
        assertThat(s.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(s.states()).endsWith("SizeBuffer", "WhatChanged", "Unchanged");
        JsonNode marked = s.output().get("changes").get(0);
        assertThat(marked.get("trigger").asText()).isEqualTo("spot-interruption");
        assertThat(marked.get("atRisk")).hasSize(2);
        assertThat(marked.get("reason").asText()).contains("(1 drained by Karpenter: no room bought)");
        assertThat(run("state-change", forInstance(STATE_CHANGE, stopping)).states()).endsWith("Unchanged");
        assertThat(run("health-arn", healthWithArnEntity(retiring)).states()).endsWith("Unchanged");
        Execution again = run("spot-again", forInstance(SPOT, spot));
        assertThat(again.states()).endsWith("SizeBuffer", "WhatChanged", "Unchanged");
        assertThat(run("reconcile", Fixtures.event(RECONCILE)).states()).endsWith("SizeBuffer", "WhatChanged", "Unchanged");
        // only the rebalance buys room: its 2 x 500m = 1 CPU -> 1 chunk over the baseline of 2
        assertThat(world.replicas()).isEqualTo(3);
    }

    @Test
    void unknownAndNonActionableEvents_endInIgnoredAfterOneTask() throws Exception {
        Execution unknown = run("unknown", variant(SPOT, e -> e.put("detail-type", "EC2 AMI State Change")));
        assertThat(unknown.states()).containsExactly("ClassifyEvent", "IsActionable", "Ignored");
        assertThat(unknown.output().get("reason").asText()).contains("no parser for source 'aws.ec2'");
        Execution running = run("running", variant(STATE_CHANGE, e -> ((ObjectNode) e.get("detail")).put("state", "running")));
        assertThat(running.states()).containsExactly("ClassifyEvent", "IsActionable", "Ignored");
    }

    @Test
    void foreignInstance_endsInIgnoredAfterResolve() throws Exception {
        Execution foreign = run("foreign", forInstance(SPOT, world.instance("someone-else", 0)));
        assertThat(foreign.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(foreign.states()).containsExactly("ClassifyEvent", "IsActionable", "ResolveTarget", "HasTarget", "Ignored");
        assertThat(foreign.output().get("reason").asText()).contains("cluster someone-else is not managed by Nodeless");
    }

    @Test
    void definition_everyTaskRetriesLambdaErrorsAndCatchesToFailed_everyChoiceHasADefault() throws Exception {
        JsonNode states = JSON.readTree(Files.readString(Fixtures.root().resolve("statemachine/maintain-buffer.asl.json"))).get("States");
        int tasks = 0;
        for (var it = states.fields(); it.hasNext(); ) {
            var e = it.next();
            JsonNode s = e.getValue();
            switch (s.get("Type").asText()) {
                case "Task" -> {
                    tasks++;
                    assertThat(s.get("Resource").asText()).as(e.getKey()).matches("\\$\\{[A-Za-z]+FunctionArn}");
                    assertThat(s.get("Retry").get(0).get("ErrorEquals").toString()).as(e.getKey())
                            .contains("Lambda.ServiceException", "Lambda.TooManyRequestsException", "Lambda.SdkClientException");
                    assertThat(s.get("Catch")).singleElement().satisfies(c -> assertThat(c.get("Next").asText()).isEqualTo("Failed"));
                }
                case "Choice" -> assertThat(s.has("Default")).as(e.getKey()).isTrue();
                default -> { }
            }
        }
        assertThat(tasks).isEqualTo(3);
        assertThat(states.get("Failed").get("Type").asText()).isEqualTo("Fail");
    }
}
