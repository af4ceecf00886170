package dev.nodeless.it;

import dev.nodeless.aws.eks.Addons;
import dev.nodeless.aws.iam.RoleDefinitions;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.nodeless.bootstrap.StepResult;
import dev.nodeless.it.support.Asl;
import dev.nodeless.it.support.Contracts;
import dev.nodeless.testing.ExternalTool;
import dev.nodeless.it.support.ProjectFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Structural rules every state machine keeps (STYLE.md 11): they cannot be exercised in moto, whose Lambda
 * always succeeds, so Retry and Catch wiring is checked here on the definitions themselves.
 */
class StateMachineDefinitionsTest {

    static final List<String> ALL = List.of("bootstrap-cluster", "teardown-cluster", "update-cluster", "maintain-buffer", "reconcile-fleet", "adopt-cluster");

    static final Set<String> LAMBDA_SERVICE_ERRORS = Set.of("Lambda.ServiceException", "Lambda.AWSLambdaException",
            "Lambda.SdkClientException", "Lambda.TooManyRequestsException", "Sandbox.Timedout");
    static final Set<String> RETRYABLE_STEP_ERRORS = Set.of("dev.nodeless.aws.RetryableStepException", "dev.nodeless.kube.RetryableKubeException",
            "dev.nodeless.chart.RetryableChartException");
    /** The maintenance steps' transient errors (see StepFailures in functions/maintenance). */
    static final Set<String> RETRYABLE_MAINTENANCE_ERRORS = Set.of("dev.nodeless.aws.RetryableStepException",
            "dev.nodeless.kube.RetryableKubeException", "dev.nodeless.buffer.BufferConflictException");

    /** reconcile-fleet's Task states (by path) and the function each invokes. */
    static final Map<String, String> FLEET_FUNCTIONS = Map.of("ListClusters", "ListManagedClusters",
            "ReconcileEachCluster/ReconcileCluster", "ReconcileCluster");

    private static final Pattern LITERAL_ARN = Pattern.compile("arn:aws[a-z-]*:(?!states:::lambda:invoke\"|states:::events:putEvents\")");

    @Test
    void aslValidator_acceptsEveryDefinitionAfterSubstitution(@TempDir Path dir) throws IOException {
        Path validator = ProjectFiles.root().resolve("node_modules/.bin/asl-validator");
        ExternalTool.requireAvailable(Files.isExecutable(validator), "asl-validator", "run npm ci at the repository root");
        List<String> command = new ArrayList<>(List.of(validator.toString()));
        for (String name : ALL) {
            Path file = dir.resolve(name + ".asl.json");
            Files.writeString(file, Asl.load(name).substituted());
            command.addAll(List.of("--json-path", file.toString()));
        }

        ExternalTool.Result result = ExternalTool.run(ProjectFiles.root(), command);

        assertThat(result.exitCode()).as("asl-validator:\n%s", result.output()).isZero();
        assertThat(result.output()).contains("bootstrap-cluster.asl.json\" is valid", "teardown-cluster.asl.json\" is valid", "update-cluster.asl.json\" is valid",
                "maintain-buffer.asl.json\" is valid", "reconcile-fleet.asl.json\" is valid", "adopt-cluster.asl.json\" is valid");
    }

    /** Retry matches the Lambda error type, which the Java runtime sets to the thrown class's name: a typo would never retry. */
    @Test
    void retryableErrorNames_areRuntimeExceptionsOfTheHandlers() throws ClassNotFoundException {
        for (String name : union(RETRYABLE_STEP_ERRORS, RETRYABLE_MAINTENANCE_ERRORS)) {
            assertThat(RuntimeException.class.isAssignableFrom(Class.forName(name))).as(name).isTrue();
        }
    }

    /**
     * Every Task retries the Lambda service errors with backoff and jitter. The bootstrap and teardown steps also
     * retry the handlers' transient exceptions (their Retry matches the thrown class name); the maintenance steps that
     * reach EC2, DynamoDB or Kubernetes retry theirs too, and never a blanket States.TaskFailed/States.ALL: a refusal
     * (403 from RBAC, no buffer object) must fail the execution with its message, not be retried four times.
     */
    @ParameterizedTest
    @ValueSource(strings = {"bootstrap-cluster", "teardown-cluster", "update-cluster", "maintain-buffer", "reconcile-fleet", "adopt-cluster"})
    void everyTask_retriesLambdaServiceErrorsAndRetryableStepErrorsWithBackoffAndJitter(String name) {
        Map<String, JsonNode> tasks = lambdaTasks(Asl.load(name));
        assertThat(tasks).isNotEmpty();
        boolean stepMachine = !name.equals("maintain-buffer") && !name.equals("reconcile-fleet");
        tasks.forEach((state, task) -> {
            assertThat(retriedErrors(task)).as("%s retries", state).containsAll(LAMBDA_SERVICE_ERRORS)
                    .as("%s: a refusal or a bug is never retried", state).doesNotContain("States.TaskFailed", "States.ALL");
            if (stepMachine) {
                assertThat(task.path("Resource").asText()).as(state).isEqualTo("arn:aws:states:::lambda:invoke");
                assertThat(retriedErrors(task)).as("%s retries", state).containsAll(RETRYABLE_STEP_ERRORS);
            } else {
                // Direct invocation: the state's output is the handler's MaintenanceStep itself, no Payload wrapper.
                assertThat(task.path("Resource").asText()).as(state)
                        .isEqualTo(Asl.functionAliasArn(name.equals("reconcile-fleet") ? FLEET_FUNCTIONS.get(state) : state));
                assertThat(retriedErrors(task)).as("%s retries", state).doesNotContain("States.TaskFailed", "States.ALL")
                        .allMatch(e -> LAMBDA_SERVICE_ERRORS.contains(e) || RETRYABLE_MAINTENANCE_ERRORS.contains(e));
                if (!state.equals("ClassifyEvent") && !state.equals("ListClusters")) {
                    assertThat(retriedErrors(task)).as("%s retries", state).contains("dev.nodeless.kube.RetryableKubeException");
                }
            }
            for (JsonNode retrier : task.path("Retry")) {
                assertThat(retrier.path("BackoffRate").asDouble()).as("%s backoff", state).isGreaterThan(1.0);
                assertThat(retrier.path("JitterStrategy").asText()).as("%s jitter", state).isEqualTo("FULL");
                assertThat(retrier.path("MaxAttempts").asInt()).as("%s attempts", state).isBetween(2, 20);
            }
        });
    }

    /** Every Catch leads to one failure-recording state; that state's own Catch may only go to the final Fail. */
    @ParameterizedTest
    @ValueSource(strings = {"bootstrap-cluster", "teardown-cluster", "update-cluster", "maintain-buffer"})
    void everyCatch_goesToTheOneFailureState(String name) {
        JsonNode machine = Asl.load(name).tree();
        Set<String> catchTargets = new HashSet<>();
        Asl.load(name).allStates().forEach((state, node) -> {
            if (state.equals("RecordFailure") || state.startsWith(ANNOUNCEMENT + "/")) return;
            if (name.equals("update-cluster") && state.equals("PlanUpdate")) {
                // Before anything is written there is nothing to record: the plan's errors fail the execution directly.
                assertThat(node.path("Catch").get(0).path("Next").asText()).isEqualTo("Failed");
                return;
            }
            for (JsonNode c : node.path("Catch")) {
                catchTargets.add(c.path("Next").asText());
                assertThat(c.path("ErrorEquals").toString()).as(state).contains("States.ALL");
                assertThat(c.path("ResultPath").asText()).as("%s keeps its input and adds the error", state).isEqualTo("$.error");
            }
        });
        assertThat(catchTargets).as("catch targets of %s", name).hasSize(1);
        String failureState = catchTargets.iterator().next();
        assertThat(machine.path("States").has(failureState)).as("failure state is top level").isTrue();

        if (!name.equals("maintain-buffer")) {
            assertThat(failureState).isEqualTo("RecordFailure");
            JsonNode record = machine.path("States").path("RecordFailure");
            assertThat(record.path("Parameters").path("FunctionName").asText()).isEqualTo(Asl.functionAliasArn("RecordFailure"));
            assertThat(record.path("Parameters").path("Payload").path("error.$").asText()).isEqualTo("$.error");
            assertThat(record.path("Next").asText()).isEqualTo("Failed");
            assertThat(record.path("Catch").get(0).path("Next").asText()).isEqualTo("Failed");
            assertThat(record.path("Catch").get(0).path("ResultPath").asText()).as("keeps the original error").isNotEqualTo("$.error");
            JsonNode failed = machine.path("States").path("Failed");
            assertThat(failed.path("Type").asText()).isEqualTo("Fail");
            assertThat(failed.path("CausePath").asText()).isEqualTo("$.error.Cause");
            assertThat(failed.path("ErrorPath").asText()).isEqualTo("$.error.Error");
            long fails = Asl.load(name).stateGroups().get(0).values().stream().filter(s -> s.path("Type").asText().equals("Fail")).count();
            assertThat(fails).as("one top-level Fail state").isEqualTo(1);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"bootstrap-cluster", "teardown-cluster", "update-cluster", "maintain-buffer", "reconcile-fleet", "adopt-cluster"})
    void everyChoice_hasADefaultAndEveryTransitionStaysInsideItsGroup(String name) {
        for (Map<String, JsonNode> group : Asl.load(name).stateGroups()) {
            group.forEach((state, node) -> {
                if (node.path("Type").asText().equals("Choice")) {
                    assertThat(node.has("Default")).as("%s has a Default", state).isTrue();
                }
                for (String next : transitions(node)) assertThat(group).as("%s -> %s", state, next).containsKey(next);
            });
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"bootstrap-cluster", "teardown-cluster", "update-cluster", "maintain-buffer", "reconcile-fleet", "adopt-cluster"})
    void definitions_containNoLiteralArnsOnlySubstitutions(String name) {
        Asl asl = Asl.load(name);
        assertThat(LITERAL_ARN.matcher(asl.text()).find()).as("literal ARN in %s", name).isFalse();
        // maintain-buffer invokes its functions directly (Resource), the step machines through lambda:invoke (FunctionName).
        String field = name.equals("maintain-buffer") || name.equals("reconcile-fleet") ? "Resource" : "FunctionName";
        lambdaTasks(asl).forEach((state, task) -> {
            JsonNode function = field.equals("Resource") ? task.path("Resource") : task.path("Parameters").path("FunctionName");
            assertThat(function.asText()).as(state).startsWith("arn:aws:lambda:");
        });
        Pattern raw = Pattern.compile("\"" + field + "\"\\s*:\\s*\"\\$\\{[A-Za-z]+FunctionArn}\"");
        assertThat(raw.matcher(asl.text()).results().count()).as("every FunctionName is a ${...FunctionArn} substitution")
                .isEqualTo(lambdaTasks(asl).size());
    }

    @ParameterizedTest
    @ValueSource(strings = {"bootstrap-cluster", "teardown-cluster", "update-cluster"})
    void everyStepTask_keepsOnlyTheStepResultOfTheLambdaPayload(String name) {
        List<String> components = Arrays.stream(StepResult.class.getRecordComponents()).map(c -> c.getName()).toList();
        statesOfType(Asl.load(name), "Task").forEach((state, task) -> {
            if (state.endsWith("ValidateSpec") || state.equals("RecordFailure") || state.equals("PlanUpdate")) return;
            List<String> keys = new ArrayList<>();
            task.path("ResultSelector").fields().forEachRemaining(e -> {
                keys.add(e.getKey().replace(".$", ""));
                assertThat(e.getValue().asText()).isEqualTo("$.Payload." + e.getKey().replace(".$", ""));
            });
            assertThat(keys).as("%s ResultSelector", state).containsExactlyElementsOf(components);
            JsonNode payload = task.path("Parameters").path("Payload");
            assertThat(payload.path("spec.$").asText()).as("%s passes the spec", state).isEqualTo("$.spec");
            assertThat(payload.path("outputs.$").asText()).as("%s passes earlier outputs", state).isEqualTo("$.outputs");
            assertThat(payload.has("target") || payload.has("target.$")).as("%s passes a target", state).isTrue();
            String function = task.path("Parameters").path("FunctionName").asText();
            String handler = function.split(":")[6];
            assertThat(Contracts.HANDLERS).as(state).containsKey(Character.toLowerCase(handler.charAt(0)) + handler.substring(1));
        });
    }

    /** Map results are keyed by target in the ResultSelector; the keys must follow the plan's order. */
    @Test
    void bootstrapMaps_keyTheirResultsInThePlanOrder() {
        JsonNode machine = Asl.load("bootstrap-cluster").tree();
        JsonNode plan = machine.at("/States/ReceiveSpec/Parameters/plan");
        for (String[] m : new String[][] {{"EnsureIrsaRoles", "irsaRoles"}, {"EnsureFargateProfiles", "fargateProfiles"}, {"EnsureAddons", "addons"}}) {
            JsonNode map = machine.path("States").path(m[0]);
            assertThat(map.path("ItemsPath").asText()).isEqualTo("$.plan." + m[1]);
            List<String> keys = new ArrayList<>();
            map.path("ResultSelector").fields().forEachRemaining(e -> keys.add(e.getKey().replace(".$", "") + "=" + e.getValue().asText()));
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < plan.path(m[1]).size(); i++) expected.add(camel(plan.path(m[1]).get(i).asText()) + "=$[" + i + "]");
            assertThat(keys).as(m[0]).containsExactlyElementsOf(expected);
        }
        assertThat(texts(plan.path("fargateProfiles"))).as("karpenter first, one at a time").containsExactly("karpenter", "kube-system");
        assertThat(machine.at("/States/EnsureFargateProfiles/MaxConcurrency").asInt()).isEqualTo(1);
        assertThat(texts(plan.path("iamRoles"))).containsExactly("cluster", "fargate", "node");
        assertThat(texts(plan.path("irsaRoles"))).containsExactlyElementsOf(RoleDefinitions.IRSA_ROLES);
        assertThat(texts(plan.path("addons"))).containsExactlyElementsOf(Addons.TARGETS);
    }

    /**
     * update-cluster runs a step only when planUpdate says so: every step AffectedSteps can name has one Should Choice on
     * $.update.run.<step> whose Default skips it, and its Maps key their results in the order of their targets.
     */
    @Test
    void updateCluster_guardsEveryStepAffectedStepsCanName_withAChoiceThatDefaultsToSkipping() {
        JsonNode states = Asl.load("update-cluster").tree().path("States");
        Map<String, String> stateOf = Map.of("ensureIamRole", "EnsureIamRoles", "ensureIrsaRole", "EnsureIrsaRoles");
        for (String step : dev.nodeless.update.AffectedSteps.ORDER) {
            String state = stateOf.getOrDefault(step, Character.toUpperCase(step.charAt(0)) + step.substring(1));
            JsonNode choice = states.path("Should" + state);
            assertThat(choice.path("Type").asText()).as(step).isEqualTo("Choice");
            assertThat(choice.at("/Choices/0/Variable").asText()).as(step).isEqualTo("$.update.run." + step);
            assertThat(choice.at("/Choices/0/BooleanEquals").asBoolean(false)).as(step).isTrue();
            assertThat(choice.at("/Choices/0/Next").asText()).as(step).isEqualTo(state);
            assertThat(choice.path("Default").asText()).as("%s skipped by default", step).isNotEqualTo(state);
        }
        JsonNode targets = states.at("/ReceiveUpdate/Parameters/targets");
        JsonNode bootstrapPlan = Asl.load("bootstrap-cluster").tree().at("/States/ReceiveSpec/Parameters/plan");
        for (String[] m : new String[][] {{"EnsureIamRoles", "iamRoles"}, {"EnsureIrsaRoles", "irsaRoles"}}) {
            assertThat(targets.path(m[1])).as("same targets as the bootstrap").isEqualTo(bootstrapPlan.path(m[1]));
            List<String> keys = new ArrayList<>();
            states.path(m[0]).path("ResultSelector").fields().forEachRemaining(e -> keys.add(e.getKey().replace(".$", "") + "=" + e.getValue().asText()));
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < targets.path(m[1]).size(); i++) expected.add(camel(targets.path(m[1]).get(i).asText()) + "=$[" + i + "]");
            assertThat(keys).as(m[0]).containsExactlyElementsOf(expected);
        }
    }

    @Test
    void teardown_deletesTheContractStagesInOrderOneAtATime() {
        JsonNode machine = Asl.load("teardown-cluster").tree();
        assertThat(texts(machine.at("/States/ReceiveSpec/Parameters/plan/stages"))).containsExactlyElementsOf(Contracts.TEARDOWN_STAGES);
        assertThat(machine.at("/States/TeardownStages/MaxConcurrency").asInt()).isEqualTo(1);
        assertThat(machine.at("/States/TeardownStages/ItemsPath").asText()).isEqualTo("$.plan.stages");
    }

    @ParameterizedTest
    @ValueSource(strings = {"bootstrap-cluster", "teardown-cluster", "update-cluster"})
    void everyWait_pollsWithTheConfiguredInterval(String name) {
        Map<String, JsonNode> waits = statesOfType(Asl.load(name), "Wait");
        assertThat(waits).isNotEmpty();
        waits.forEach((state, w) -> assertThat(w.path("SecondsPath").asText()).as(state).isEqualTo("$.settings.pollSeconds"));
        assertThat(Asl.load(name).placeholders()).contains("PollSeconds");
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new HashSet<>(a);
        all.addAll(b);
        return all;
    }

    /** maintain-buffer's notification of a large growth: the one state group whose Task is not a Lambda (see its own test). */
    static final String ANNOUNCEMENT = "AnnounceLargeGrowth";

    /** The Tasks that invoke our Lambdas: every Task except the growth announcement's EventBridge PutEvents. */
    static Map<String, JsonNode> lambdaTasks(Asl asl) {
        Map<String, JsonNode> out = statesOfType(asl, "Task");
        out.keySet().removeIf(state -> state.startsWith(ANNOUNCEMENT + "/"));
        return out;
    }

    /**
     * The announcement may not fail a buffer change already written: its PutEvents Task retries with backoff and
     * catches everything into a Succeed state of its own group; the Map keeps the execution's output (ResultPath null)
     * and goes on to Grown. What it puts is exactly what the template's rule and the state machine's IAM condition expect.
     */
    @Test
    void growthAnnouncement_putsTheTemplatesEvent_andCannotFailTheExecution() {
        Asl asl = Asl.load("maintain-buffer");
        Map<String, JsonNode> tasks = statesOfType(asl, "Task");
        tasks.keySet().removeAll(lambdaTasks(asl).keySet());
        assertThat(tasks).containsOnlyKeys(ANNOUNCEMENT + "/PutBufferGrown");
        JsonNode put = tasks.values().iterator().next();
        assertThat(put.path("Resource").asText()).isEqualTo("arn:aws:states:::events:putEvents");
        for (JsonNode retrier : put.path("Retry")) {
            assertThat(retrier.path("BackoffRate").asDouble()).isGreaterThan(1.0);
            assertThat(retrier.path("JitterStrategy").asText()).isEqualTo("FULL");
        }
        assertThat(put.path("Catch")).singleElement().satisfies(c -> {
            assertThat(c.path("ErrorEquals").toString()).contains("States.ALL");
            assertThat(asl.allStates().get(ANNOUNCEMENT + "/" + c.path("Next").asText()).path("Type").asText()).isEqualTo("Succeed");
        });
        JsonNode map = asl.tree().at("/States/" + ANNOUNCEMENT);
        assertThat(map.path("ResultPath").isNull()).as("the execution's output stays the MaintenanceStep").isTrue();
        assertThat(map.path("Next").asText()).isEqualTo("Grown");
        assertThat(asl.tree().at("/States/WhatChanged/Choices/0/Next").asText()).isEqualTo(ANNOUNCEMENT);

        JsonNode entry = put.at("/Parameters/Entries/0");
        var template = dev.nodeless.it.support.Template.load();
        JsonNode pattern = template.resource("BufferGrowthNotificationRule").at("/Properties/EventPattern");
        assertThat(texts(pattern.path("source"))).containsExactly(entry.path("Source").asText());
        assertThat(texts(pattern.path("detail-type"))).containsExactly(entry.path("DetailType").asText());
        assertThat(entry.path("Resources.$").asText()).isEqualTo("States.Array($.stateMachine)");
        assertThat(texts(pattern.path("resources"))).containsExactly("MaintainBufferStateMachine");
        JsonNode allow = null;
        for (JsonNode st : template.resource("MaintainBufferStateMachine").at("/Properties/Policies/0/Statement")) {
            if (st.path("Action").asText().equals("events:PutEvents")) allow = st;
        }
        assertThat(allow).as("the state machine may put events").isNotNull();
        assertThat(allow.at("/Condition/StringEquals/events:source").asText()).isEqualTo(entry.path("Source").asText());
        assertThat(allow.at("/Condition/StringEquals/events:detail-type").asText()).isEqualTo(entry.path("DetailType").asText());
        assertThat(allow.path("Resource").asText()).endsWith(":event-bus/default");
    }

    static Map<String, JsonNode> statesOfType(Asl asl, String type) {
        Map<String, JsonNode> out = new java.util.LinkedHashMap<>();
        asl.allStates().forEach((k, v) -> { if (v.path("Type").asText().equals(type)) out.put(k, v); });
        return out;
    }

    private static Set<String> retriedErrors(JsonNode task) {
        Set<String> errors = new HashSet<>();
        for (JsonNode r : task.path("Retry")) r.path("ErrorEquals").forEach(e -> errors.add(e.asText()));
        return errors;
    }

    private static List<String> transitions(JsonNode state) {
        List<String> next = new ArrayList<>();
        if (state.has("Next")) next.add(state.get("Next").asText());
        if (state.has("Default")) next.add(state.get("Default").asText());
        for (JsonNode c : state.path("Choices")) next.add(c.path("Next").asText());
        for (JsonNode c : state.path("Catch")) next.add(c.path("Next").asText());
        return next;
    }

    private static List<String> texts(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
    }

    private static String camel(String kebab) {
        String[] p = kebab.split("-");
        StringBuilder sb = new StringBuilder(p[0]);
        for (int i = 1; i < p.length; i++) sb.append(Character.toUpperCase(p[i].charAt(0))).append(p[i].substring(1));
        return sb.toString();
    }
}
