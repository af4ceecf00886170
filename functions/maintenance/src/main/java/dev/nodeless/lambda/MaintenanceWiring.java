package dev.nodeless.lambda;

import dev.nodeless.aws.AwsClients;
import dev.nodeless.aws.dynamodb.RegistryClusters;
import dev.nodeless.aws.ec2.InstanceResolver;
import dev.nodeless.aws.eks.EksClusterApis;
import dev.nodeless.aws.sfn.StepFunctionsStarter;
import dev.nodeless.maintenance.MaintenanceService;
import dev.nodeless.maintenance.ReconcileScheduler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.time.Clock;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;

/** Builds the services once per container (reused across invocations). */
@ApplicationScoped
public class MaintenanceWiring {

    @Produces
    @ApplicationScoped
    AwsClients awsClients(MaintenanceConfig config) {
        return new AwsClients(config.region(), config.awsEndpoint(), DefaultCredentialsProvider.builder().build());
    }

    @Produces
    @ApplicationScoped
    MaintenanceService maintenanceService(AwsClients aws, MaintenanceConfig config) {
        Clock clock = Clock.systemUTC();
        return new MaintenanceService(new InstanceResolver(aws), new RegistryClusters(aws.dynamo(), config.registryTable()),
                new EksClusterApis(aws, clock), clock);
    }

    @Produces
    @ApplicationScoped
    ReconcileScheduler reconcileScheduler(MaintenanceService service, AwsClients aws, MaintenanceConfig config) {
        String arn = config.maintainBufferStateMachineArn().orElseThrow(() ->
                new IllegalStateException("NODELESS_MAINTAIN_BUFFER_STATE_MACHINE_ARN is not set: the reconcile cannot start executions"));
        return new ReconcileScheduler(service, new StepFunctionsStarter(StepFunctionsStarter.client(aws), arn));
    }
}
