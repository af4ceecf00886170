package dev.nodeless.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import dev.nodeless.bootstrap.StepInput;
import dev.nodeless.bootstrap.StepResult;
import dev.nodeless.spec.ClusterSpec;
import dev.nodeless.testing.MotoServer;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The four Kubernetes-phase handlers (apply, verify, teardown, restartFargatePods) as Quarkus wires them (config mapping, producer, EKS adapter), against
 * moto_server's EKS. moto's clusters have no reachable API server, so these cover the paths that end before
 * Kubernetes is called; the Kubernetes side is covered in functions/core (dev.nodeless.kube tests).
 */
@QuarkusTest
@QuarkusTestResource(KubeHandlersTest.Moto.class)
class KubeHandlersTest {

    private static final ClusterSpec SPEC = new ClusterSpec("absent", "eu-west-1", "1.33", null, null, List.of(), null, null, null, Map.of());

    @Inject ApplyKubernetesHandler apply;
    @Inject VerifyClusterHandler verify;
    @Inject TeardownKubernetesHandler teardown;
    @Inject RestartFargatePodsHandler restart;

    @Test
    void applyOnAClusterThatDoesNotExist_isFailedWithTheReason() {
        StepResult r = apply.handleRequest(new StepInput(SPEC, null, Map.of()), new FunctionContext());

        assertThat(r.status()).isEqualTo(StepResult.FAILED);
        assertThat(r.step()).isEqualTo("applyKubernetes");
        assertThat(r.reason()).contains("cluster absent in eu-west-1 does not exist");
    }

    @Test
    void verifyOnAClusterThatDoesNotExist_isFailed() {
        StepResult r = verify.handleRequest(new StepInput(SPEC, null, Map.of()), new FunctionContext());

        assertThat(r.status()).isEqualTo(StepResult.FAILED);
        assertThat(r.step()).isEqualTo("verifyCluster");
    }

    @Test
    void restartOnAClusterThatDoesNotExist_isFailedWithTheReason() {
        StepResult r = restart.handleRequest(new StepInput(SPEC, "1.34", Map.of()), new FunctionContext());

        assertThat(r.status()).isEqualTo(StepResult.FAILED);
        assertThat(r.step()).isEqualTo("restartFargatePods");
        assertThat(r.reason()).contains("cluster absent in eu-west-1 does not exist");
    }

    @Test
    void teardownOfAClusterThatDoesNotExist_isAbsentAndDone() {
        StepResult r = teardown.handleRequest(new StepInput(SPEC, null, Map.of()), new FunctionContext());

        assertThat(r.status()).isEqualTo(StepResult.ABSENT);
        assertThat(r.done()).isTrue();
    }

    /** Points the app's AWS clients at moto; moto's documented test key satisfies SigV4 signing there. */
    public static class Moto implements QuarkusTestResourceLifecycleManager {
        @Override
        public Map<String, String> start() {
            System.setProperty("aws.accessKeyId", "testing");
            System.setProperty("aws.secretAccessKey", "testing");
            MotoServer.get().reset();
            // surefire passes nodeless.reference and nodeless.root as system properties; they are not app settings
            return Map.of("nodeless.aws-endpoint", MotoServer.get().endpoint().toString(), "quarkus.lambda.handler", "applyKubernetes",
                    "smallrye.config.mapping.validate-unknown", "false");
        }

        @Override
        public void stop() {}
    }

    /** The parts of the Lambda context the handlers read. */
    static final class FunctionContext implements Context {
        @Override public String getInvokedFunctionArn() { return "arn:aws:lambda:eu-west-1:123456789012:function:nodeless-ApplyKubernetesFunction-x"; }
        @Override public String getAwsRequestId() { return "req-1"; }
        @Override public String getLogGroupName() { return "/aws/lambda/test"; }
        @Override public String getLogStreamName() { return "test"; }
        @Override public String getFunctionName() { return "test"; }
        @Override public String getFunctionVersion() { return "$LATEST"; }
        @Override public CognitoIdentity getIdentity() { return null; }
        @Override public ClientContext getClientContext() { return null; }
        @Override public int getRemainingTimeInMillis() { return 60_000; }
        @Override public int getMemoryLimitInMB() { return 1024; }
        @Override public LambdaLogger getLogger() { return null; }
    }
}
