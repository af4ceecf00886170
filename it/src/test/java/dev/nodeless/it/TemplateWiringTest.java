package dev.nodeless.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.nodeless.it.support.Asl;
import dev.nodeless.it.support.Contracts;
import dev.nodeless.it.support.ProjectFiles;
import dev.nodeless.it.support.Template;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** template.yaml wires every handler of the contract table and every placeholder of every state machine. */
class TemplateWiringTest {

    private final Template template = Template.load();

    @Test
    void functions_areExactlyTheHandlersOfTheContractTable() {
        Map<String, String> handlerByFunction = new TreeMap<>();
        template.functions().forEach((id, fn) ->
                handlerByFunction.put(id, fn.at("/Properties/Environment/Variables/QUARKUS_LAMBDA_HANDLER").asText()));

        assertThat(new TreeSet<>(handlerByFunction.values())).isEqualTo(new TreeSet<>(Contracts.HANDLERS.keySet()));
        handlerByFunction.forEach((id, handler) -> {
            assertThat(id).isEqualTo(Contracts.functionLogicalId(handler));
            String module = Contracts.HANDLERS.get(handler);
            assertThat(template.resource(id).at("/Properties/CodeUri").asText()).as(id)
                    .isEqualTo("functions/" + module + "/target/function.zip");
        });
    }

    @Test
    void globals_runQuarkusOnJava21WithSnapStartBehindTheLiveAlias() {
        JsonNode g = template.root().at("/Globals/Function");
        assertThat(g.path("Runtime").asText()).isEqualTo("java21");
        assertThat(g.path("Handler").asText()).isEqualTo("io.quarkus.amazon.lambda.runtime.QuarkusStreamHandler::handleRequest");
        assertThat(g.at("/SnapStart/ApplyOn").asText()).isEqualTo("PublishedVersions");
        assertThat(g.path("AutoPublishAlias").asText()).isEqualTo("live");
        template.functions().forEach((id, fn) -> assertThat(fn.path("Properties").has("Handler")).as(id).isFalse());
    }

    /** Each placeholder of a definition has a substitution, and each substitution is used (no stale wiring). */
    @Test
    void stateMachines_substituteExactlyThePlaceholdersOfTheirDefinitions() {
        Map<String, JsonNode> machines = template.stateMachines();
        assertThat(machines.keySet()).containsExactlyInAnyOrder("BootstrapClusterStateMachine", "TeardownClusterStateMachine", "UpdateClusterStateMachine",
                "MaintainBufferStateMachine", "ReconcileFleetStateMachine", "AdoptClusterStateMachine");
        machines.forEach((id, sm) -> {
            JsonNode p = sm.path("Properties");
            assertThat(p.path("Type").asText()).as(id).isEqualTo("STANDARD");
            String uri = p.path("DefinitionUri").asText();
            assertThat(Files.isRegularFile(ProjectFiles.root().resolve(uri))).as(uri).isTrue();
            String name = uri.replace("statemachine/", "").replace(".asl.json", "");
            Set<String> substitutions = new TreeSet<>();
            p.path("DefinitionSubstitutions").fieldNames().forEachRemaining(substitutions::add);

            assertThat(substitutions).as("%s DefinitionSubstitutions vs ${...} in %s", id, uri).isEqualTo(Asl.load(name).placeholders());
            p.path("DefinitionSubstitutions").fields().forEachRemaining(e -> {
                if (!e.getKey().endsWith("FunctionArn")) return;
                String function = e.getKey().substring(0, e.getKey().length() - "Arn".length());
                assertThat(e.getValue().asText()).as("%s.%s is the live alias", id, e.getKey()).isEqualTo(function + ".Alias");
            });
            assertThat(p.at("/Logging/Level").asText()).as("%s logs errors only (idle cost)", id).isEqualTo("ERROR");
            assertThat(p.at("/Logging/IncludeExecutionData").asBoolean(true)).as("%s keeps specs out of logs", id).isFalse();
        });
    }

    /** A state machine may invoke only the functions its definition names. */
    @Test
    void stateMachineRoles_invokeOnlyTheirOwnFunctions() {
        template.stateMachines().forEach((id, sm) -> {
            Set<String> substituted = new TreeSet<>();
            sm.at("/Properties/DefinitionSubstitutions").fieldNames().forEachRemaining(k -> {
                if (k.endsWith("FunctionArn")) substituted.add(k.substring(0, k.length() - "Arn".length()) + ".Alias");
            });
            Set<String> invokable = new TreeSet<>();
            for (JsonNode policy : sm.at("/Properties/Policies")) {
                for (JsonNode st : policy.path("Statement")) {
                    if (st.path("Action").asText().equals("lambda:InvokeFunction")) st.path("Resource").forEach(r -> invokable.add(r.asText()));
                }
            }
            assertThat(invokable).as(id).isEqualTo(substituted);
        });
    }

    /**
     * reconcile-fleet's Distributed Map starts its own child executions: its role may start executions of itself only
     * (by its fixed name, a !Ref would be a cycle) and describe/stop only those children; no other states: action.
     */
    @Test
    void reconcileFleet_mayStartDescribeAndStopOnlyItsOwnChildExecutions() {
        JsonNode sm = template.resource("ReconcileFleetStateMachine");
        assertThat(sm.at("/Properties/Name").asText()).isEqualTo("${AWS::StackName}-reconcile-fleet");
        Map<String, List<String>> resourcesByAction = new TreeMap<>();
        for (JsonNode st : sm.at("/Properties/Policies/0/Statement")) {
            List<String> actions = new ArrayList<>();
            if (st.path("Action").isArray()) st.path("Action").forEach(a -> actions.add(a.asText())); else actions.add(st.path("Action").asText());
            List<String> resources = new ArrayList<>();
            if (st.path("Resource").isArray()) st.path("Resource").forEach(r -> resources.add(r.asText())); else resources.add(st.path("Resource").asText());
            actions.stream().filter(a -> a.startsWith("states:")).forEach(a -> resourcesByAction.put(a, resources));
        }
        String prefix = "arn:${AWS::Partition}:states:${AWS::Region}:${AWS::AccountId}:";
        assertThat(resourcesByAction).containsOnlyKeys("states:StartExecution", "states:DescribeExecution", "states:StopExecution");
        assertThat(resourcesByAction.get("states:StartExecution")).containsExactly(prefix + "stateMachine:${AWS::StackName}-reconcile-fleet");
        for (String a : List.of("states:DescribeExecution", "states:StopExecution")) {
            assertThat(resourcesByAction.get(a)).as(a).containsExactlyInAnyOrder(prefix + "execution:${AWS::StackName}-reconcile-fleet/*",
                    prefix + "express:${AWS::StackName}-reconcile-fleet/*");
        }
    }

    /** STYLE.md 12: a wildcard resource must say why the API needs it, on the same line. */
    @Test
    void everyWildcardResource_carriesACommentSayingWhy() {
        List<String> uncommented = new ArrayList<>();
        List<String> lines = template.lines();
        int wildcards = 0;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).trim();
            if (line.matches("-?\\s*Resource:\\s*[\"']\\*[\"'].*") || line.matches("-?\\s*Resource:\\s*\\*.*")) {
                wildcards++;
                if (!line.contains("#") || line.substring(line.indexOf('#') + 1).trim().length() < 20) uncommented.add((i + 1) + ": " + line);
            }
        }
        assertThat(wildcards).isPositive();
        assertThat(uncommented).isEmpty();
    }

    @Test
    void template_hasNoStaticCredentialsOrKeyParameters() {
        String text = String.join("\n", template.lines());
        assertThat(text).doesNotContainPattern("AKIA[0-9A-Z]{16}").doesNotContainIgnoringCase("SecretAccessKey")
                .doesNotContainIgnoringCase("AccessKeyId");
        template.root().path("Parameters").fieldNames().forEachRemaining(p ->
                assertThat(p.toLowerCase()).as("parameter %s", p).doesNotContain("key", "secret", "password", "token"));
    }

    @Test
    void registryTable_isOnDemandWithPointInTimeRecoveryKeyedByClusterName() {
        JsonNode t = template.resource("RegistryTable").path("Properties");
        assertThat(t.path("BillingMode").asText()).isEqualTo("PAY_PER_REQUEST");
        assertThat(t.at("/PointInTimeRecoverySpecification/PointInTimeRecoveryEnabled").asBoolean()).isTrue();
        assertThat(t.at("/KeySchema/0/AttributeName").asText()).isEqualTo("clusterName");
        assertThat(template.root().at("/Globals/Function/Environment/Variables/NODELESS_REGISTRY_TABLE").asText()).isEqualTo("RegistryTable");
    }

    /** State survives the stack: the registry (and with its name, the owner id of every cluster) is retained. */
    @Test
    void registryTable_isRetained_andTheImportTemplateDeclaresTheSameTable() throws Exception {
        JsonNode table = template.resource("RegistryTable");
        assertThat(table.path("DeletionPolicy").asText()).isEqualTo("Retain");
        assertThat(table.path("UpdateReplacePolicy").asText()).isEqualTo("Retain");
        JsonNode imported = new com.fasterxml.jackson.dataformat.yaml.YAMLMapper()
                .readTree(dev.nodeless.it.support.ProjectFiles.root().resolve("deploy/import-registry.yaml").toFile()).at("/Resources/RegistryTable");
        assertThat(imported).as("deploy/import-registry.yaml must import exactly template.yaml's table").isEqualTo(table);
    }

    @Test
    void maintenanceRules_invokeTheAdmitFunctionWithRetriesAndADeadLetterQueue() {
        Map<String, JsonNode> rules = template.resourcesOfType("AWS::Events::Rule");
        // the notification rules (OperationsTemplateTest) send to the alert topic, not to the maintenance functions
        rules.values().removeIf(rule -> rule.at("/Properties/Targets/0/Arn").asText().equals("AlertTopic"));
        assertThat(rules).hasSize(5);
        rules.forEach((id, rule) -> {
            JsonNode target = rule.at("/Properties/Targets/0");
            assertThat(target.at("/DeadLetterConfig/Arn").asText()).as(id).isEqualTo("MaintenanceDeadLetterQueue.Arn");
            assertThat(target.at("/RetryPolicy/MaximumRetryAttempts").asInt()).as(id).isPositive();
            if (rule.at("/Properties/ScheduleExpression").isMissingNode()) {
                // admit before you record: the EC2/Health rules never start a Standard execution themselves
                assertThat(target.path("Arn").asText()).as(id).isEqualTo("AdmitEventFunction.Alias");
                assertThat(target.has("RoleArn")).as(id).isFalse();
                JsonNode permission = template.resource(id + "Permission");
                assertThat(permission.at("/Properties/FunctionName").asText()).as(id).isEqualTo("AdmitEventFunction.Alias");
                assertThat(permission.at("/Properties/SourceArn").asText()).as(id).isEqualTo(id + ".Arn");
            } else {
                // the schedule starts reconcile-fleet with a role that may do exactly that, and nothing invokes a function directly
                assertThat(target.path("Arn").asText()).as(id).isEqualTo("ReconcileFleetStateMachine");
                assertThat(target.path("RoleArn").asText()).as(id).isEqualTo("ReconcileScheduleRole.Arn");
                assertThat(rule.at("/Properties/ScheduleExpression").asText()).isEqualTo("ReconcileSchedule");
                JsonNode role = template.resource("ReconcileScheduleRole");
                assertThat(role.at("/Properties/AssumeRolePolicyDocument/Statement/0/Principal/Service").asText()).isEqualTo("events.amazonaws.com");
                assertThat(role.at("/Properties/ManagedPolicyArns").isMissingNode()).as("no managed policy").isTrue();
                JsonNode statements = role.at("/Properties/Policies");
                assertThat(statements).hasSize(1);
                JsonNode only = statements.at("/0/PolicyDocument/Statement");
                assertThat(only).hasSize(1);
                assertThat(only.at("/0/Action").asText()).isEqualTo("states:StartExecution");
                assertThat(only.at("/0/Resource").asText()).isEqualTo("ReconcileFleetStateMachine");
                assertThat(template.root().path("Resources").has("ReconcileSchedulePermission")).as("no Lambda target left").isFalse();
            }
        });
        assertThat(template.root().at("/Parameters/ReconcileSchedule/Default").asText()).isEqualTo("rate(5 minutes)");
        for (String fn : List.of("AdmitEventFunction")) {
            assertThat(template.resource(fn).at("/Properties/EventInvokeConfig/DestinationConfig/OnFailure/Destination").asText())
                    .as(fn).isEqualTo("MaintenanceDeadLetterQueue.Arn");
        }
        assertThat(template.resource("AdmitEventFunction").at("/Properties/Environment/Variables/NODELESS_MAINTAIN_BUFFER_STATE_MACHINE_ARN").asText())
                .isEqualTo("MaintainBufferStateMachine");
    }

    @Test
    void noFunction_pointsAtAnEmulatorOrALocalKubernetesApi() {
        // NODELESS_LOCAL_KUBE_API is for benchmarks (kube/LocalKubeApi): honoured only beside NODELESS_AWS_ENDPOINT on loopback
        for (String variable : List.of("NODELESS_AWS_ENDPOINT", "NODELESS_LOCAL_KUBE_API", "NODELESS_LOCAL_KUBE_API_CA")) {
            assertThat(template.root().at("/Globals/Function/Environment/Variables/" + variable).isMissingNode()).as(variable).isTrue();
            template.functions().forEach((id, fn) ->
                    assertThat(fn.at("/Properties/Environment/Variables/" + variable).isMissingNode()).as(id + " " + variable).isTrue());
        }
    }
}
