package dev.nodeless.lambda;

import dev.nodeless.testing.MotoServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Points the maintenance app at moto, configured through the same {@code nodeless.*} keys the SAM template sets as
 * {@code NODELESS_*} environment variables. The access key pair is moto's documented dummy, read by the SDK's
 * default chain as the Lambda role's would be.
 */
public class MaintenanceMotoResource implements QuarkusTestResourceLifecycleManager {

    static final String TABLE = "nodeless-registry";
    static final String STATE_MACHINE = "arn:aws:states:eu-west-1:123456789012:stateMachine:maintain-buffer";

    @Override
    public Map<String, String> start() {
        MotoServer moto = MotoServer.forDefaultCredentialChain();
        return Map.of(
                "nodeless.aws-endpoint", moto.endpoint().toString(),
                "nodeless.region", "eu-west-1",
                "nodeless.registry-table", TABLE,
                "nodeless.maintain-buffer-state-machine-arn", STATE_MACHINE,
                // four handlers live in this app; Lambda picks one per function with QUARKUS_LAMBDA_HANDLER
                "quarkus.lambda.handler", "classifyEvent",
                "smallrye.config.mapping.validate-unknown", "false");
    }

    @Override
    public void stop() {}
}
