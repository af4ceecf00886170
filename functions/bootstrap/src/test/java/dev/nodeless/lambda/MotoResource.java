package dev.nodeless.lambda;

import dev.nodeless.testing.MotoServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Points the AWS-side handlers at moto. The access key pair is moto's documented dummy, read by the SDK's default
 * chain exactly as the Lambda role's would be: no code path changes between this test and production.
 */
public class MotoResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        MotoServer moto = MotoServer.forDefaultCredentialChain();
        return Map.of(
                "nodeless.aws-endpoint", moto.endpoint().toString(),
                "nodeless.registry-table", "nodeless-registry",
                "nodeless.registry-region", "eu-west-1",
                "nodeless.automation-role-arn", "arn:aws:iam::123456789012:role/nodeless-bootstrap-kubernetes",
                // As template.yaml passes them: the writer's ARN, the readers' comma-separated.
                "nodeless.maintenance-role-arn", "arn:aws:iam::123456789012:role/nodeless-MaintenanceRole-ABC",
                "nodeless.maintenance-reader-role-arns", "arn:aws:iam::123456789012:role/nodeless-MaintenanceResolveRole-DEF,"
                        + "arn:aws:iam::123456789012:role/nodeless-MaintenanceReconcileRole-GHI",
                "nodeless.adoption-role-arn", "arn:aws:iam::123456789012:role/nodeless-AdoptionRole-JKL",
                // Several handlers live in this app; Lambda picks one per function with QUARKUS_LAMBDA_HANDLER.
                "quarkus.lambda.handler", "registerCluster",
                // The parent POM passes nodeless.reference/nodeless.root to every test JVM; they are not handler settings.
                "smallrye.config.mapping.validate-unknown", "false");
    }

    @Override
    public void stop() {}
}
