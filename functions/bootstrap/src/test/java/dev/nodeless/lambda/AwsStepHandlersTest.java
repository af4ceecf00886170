package dev.nodeless.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nodeless.bootstrap.StepInput;
import dev.nodeless.bootstrap.StepResult;
import dev.nodeless.testing.MotoServer;
import io.quarkus.arc.Arc;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/** The handlers as Lambda finds them (by @Named value) and feeds them (JSON), against moto. */
@QuarkusTest
@QuarkusTestResource(MotoResource.class)
class AwsStepHandlersTest {

    private static final String SPEC = """
            {"clusterName":"demo","region":"eu-west-1","kubernetesVersion":"1.33",
             "endpoint":{"publicAccess":true,"privateAccess":true,"publicAccessCidrs":["203.0.113.0/24"]},
             "network":{"create":{"cidr":"10.0.0.0/16","azCount":2}},"admins":[],"tags":{"team":"platform"},
             "addons":{"loadBalancerController":{"enabled":true},"externalDns":{"enabled":false}}}""";

    @Inject ObjectMapper json;
    @Inject AwsStepsConfig config;

    @BeforeEach
    void freshMotoWithRegistryTable() {
        MotoServer.get().reset();
        MotoServer.get().clients("eu-west-1").dynamo().createTable(r -> r.tableName("nodeless-registry").billingMode(BillingMode.PAY_PER_REQUEST)
                .keySchema(k -> k.attributeName("clusterName").keyType(KeyType.HASH))
                .attributeDefinitions(a -> a.attributeName("clusterName").attributeType(ScalarAttributeType.S)));
    }

    @Test
    void everyContractedHandlerName_resolvesToARequestHandlerBean() {
        for (String name : List.of("registerCluster", "recordFailure", "ensureIamRole", "ensureNetwork", "ensureCluster",
                "ensureOidcProvider", "ensureIrsaRole", "ensureFargateProfile", "ensureAddon", "ensureAccessEntries",
                "ensureInterruptionQueue", "teardownStep", "planUpgrade", "preflightUpgrade", "upgradeControlPlane", "upgradeAddons", "planUpdate",
                "adoptCluster", "adoptKubernetes")) {
            assertThat(Arc.container().instance(name).get()).as(name).isInstanceOf(RequestHandler.class);
        }
    }

    /** ensureAccessEntries gets one writer and a list of readers from the environment template.yaml sets. */
    @Test
    void maintenanceRoles_areReadAsOneWriterAndACommaSeparatedListOfReaders() {
        assertThat(config.maintenanceRoleArn()).contains("arn:aws:iam::123456789012:role/nodeless-MaintenanceRole-ABC");
        assertThat(config.maintenanceReaderRoleArns()).contains(List.of("arn:aws:iam::123456789012:role/nodeless-MaintenanceResolveRole-DEF",
                "arn:aws:iam::123456789012:role/nodeless-MaintenanceReconcileRole-GHI"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void ensureIamRoleFromJson_createsTheRole_andTeardownDeletesIt() throws Exception {
        var ensure = (RequestHandler<StepInput, StepResult>) Arc.container().instance("ensureIamRole").get();
        var teardown = (RequestHandler<StepInput, StepResult>) Arc.container().instance("teardownStep").get();

        StepResult created = ensure.handleRequest(json.readValue("{\"spec\":" + SPEC + ",\"target\":\"node\",\"outputs\":{}}", StepInput.class), null);
        StepResult again = ensure.handleRequest(json.readValue("{\"spec\":" + SPEC + ",\"target\":\"node\"}", StepInput.class), null);
        StepResult deleted = teardown.handleRequest(json.readValue("{\"spec\":" + SPEC + ",\"target\":\"iam-roles\"}", StepInput.class), null);

        assertThat(created.status()).isEqualTo("CREATED");
        assertThat(again.status()).isEqualTo("UNCHANGED");
        assertThat(deleted.status()).isEqualTo("DELETED");
        assertThat(json.readTree(json.writeValueAsString(created)).get("details").get("roleArn").asText())
                .isEqualTo("arn:aws:iam::123456789012:role/nodeless/nodeless-demo-node");
    }

    /**
     * adopt-cluster's two handlers as the state machine feeds them ({request, target, outputs}): the AWS side asks moto's
     * EKS (through the default credential chain, in the configured region) and refuses a cluster that is not there; the
     * Kubernetes side refuses bad input before any call.
     */
    @Test
    @SuppressWarnings("unchecked")
    void adoptHandlersFromJson_refuseAMissingClusterAndBadInput() throws Exception {
        var adopt = (RequestHandler<dev.nodeless.adopt.AdoptionStepInput, StepResult>) Arc.container().instance("adoptCluster").get();
        var kube = (RequestHandler<dev.nodeless.adopt.AdoptionStepInput, StepResult>) Arc.container().instance("adoptKubernetes").get();

        StepResult missing = adopt.handleRequest(json.readValue("{\"request\":{\"clusterName\":\"nowhere\",\"grantAccess\":true},"
                + "\"target\":\"check\",\"outputs\":{}}", dev.nodeless.adopt.AdoptionStepInput.class), null);
        StepResult bad = kube.handleRequest(json.readValue("{\"request\":{\"clusterName\":\"x\",\"buffer\":{\"maxReplicas\":\"many\"}},"
                + "\"target\":\"install\",\"outputs\":{}}", dev.nodeless.adopt.AdoptionStepInput.class), null);

        assertThat(missing.status()).isEqualTo("FAILED");
        assertThat(missing.reason()).contains("cluster nowhere not found in eu-west-1");
        assertThat(bad.status()).isEqualTo("FAILED");
        assertThat(bad.reason()).contains("$.buffer.maxReplicas: must be an integer");
    }

    @Test
    @SuppressWarnings("unchecked")
    void recordFailure_readsStepFunctionsErrorShape_andMarksTheClusterFailed() throws Exception {
        var register = (RequestHandler<StepInput, StepResult>) Arc.container().instance("registerCluster").get();
        var failure = (RequestHandler<RecordFailureHandler.FailureInput, StepResult>) Arc.container().instance("recordFailure").get();
        register.handleRequest(json.readValue("{\"spec\":" + SPEC + ",\"target\":\"BOOTSTRAPPING\"}", StepInput.class), null);

        StepResult r = failure.handleRequest(json.readValue("{\"spec\":" + SPEC
                + ",\"error\":{\"Error\":\"States.TaskFailed\",\"Cause\":\"cluster demo is FAILED\"},"
                + "\"execution\":\"arn:aws:states:eu-west-1:123456789012:execution:nodeless-bootstrap-cluster:demo-1\"}", RecordFailureHandler.FailureInput.class), null);

        assertThat(r.status()).isEqualTo("FAILED");
        var item = MotoServer.get().clients("eu-west-1").dynamo().getItem(g -> g.tableName("nodeless-registry")
                .key(java.util.Map.of("clusterName", software.amazon.awssdk.services.dynamodb.model.AttributeValue.builder().s("demo").build()))).item();
        assertThat(item.get("status").s()).isEqualTo("FAILED");
        assertThat(item.get("lastError").s()).isEqualTo("States.TaskFailed: cluster demo is FAILED");
        assertThat(item.get("lastFailedExecution").s()).isEqualTo("arn:aws:states:eu-west-1:123456789012:execution:nodeless-bootstrap-cluster:demo-1");
    }

    /**
     * update-cluster's first state: the execution input as Step Functions passes it, the plan as JSON; its spec is what
     * the next states hand to the step handlers, so it must read back as their StepInput.
     */
    @Test
    @SuppressWarnings("unchecked")
    void planUpdateFromJson_plansAgainstTheRegisteredSpec_andItsSpecFeedsTheNextSteps() throws Exception {
        var register = (RequestHandler<StepInput, StepResult>) Arc.container().instance("registerCluster").get();
        var planUpdate = (RequestHandler<PlanUpdateHandler.Request, dev.nodeless.update.UpdatePlan>) Arc.container().instance("planUpdate").get();
        String spec = dev.nodeless.spec.Specs.toJson(dev.nodeless.spec.Specs.normalise(SPEC.replace("\"admins\":[]",
                "\"admins\":[\"arn:aws:iam::123456789012:role/Admin\"]")));
        register.handleRequest(json.readValue("{\"spec\":" + spec + ",\"target\":\"BOOTSTRAPPING\"}", StepInput.class), null);
        register.handleRequest(json.readValue("{\"spec\":" + spec + ",\"target\":\"ACTIVE\"}", StepInput.class), null);

        var plan = planUpdate.handleRequest(json.readValue("{\"clusterName\":\"demo\",\"patch\":{\"buffer\":{\"pod\":{\"cpu\":\"2\"}}}}",
                PlanUpdateHandler.Request.class), null);
        var out = json.readTree(json.writeValueAsString(plan));

        assertThat(out.path("status").asText()).isEqualTo("CHANGES");
        assertThat(out.path("dryRun").asBoolean(true)).as("absent dryRun is false").isFalse();
        assertThat(out.at("/changes/0/path").asText()).isEqualTo("$.buffer.pod.cpu");
        assertThat(out.at("/changes/0/before").asText()).isEqualTo("1");
        assertThat(out.at("/run/applyKubernetes").asBoolean()).isTrue();
        assertThat(out.at("/run/ensureAccessEntries").asBoolean(true)).isFalse();
        StepInput next = json.readValue("{\"spec\":" + out.get("spec") + ",\"target\":null,\"outputs\":{}}", StepInput.class);
        assertThat(next.spec().buffer().pod().cpu()).isEqualTo("2");
        assertThat(next.spec().tags()).containsEntry("team", "platform");

        var unknown = planUpdate.handleRequest(json.readValue("{\"clusterName\":\"nope\",\"patch\":{},\"dryRun\":true}",
                PlanUpdateHandler.Request.class), null);
        assertThat(unknown.status()).isEqualTo("REFUSED");
        assertThat(unknown.dryRun()).isTrue();
    }
}
