package dev.nodeless.lambda;

import dev.nodeless.aws.AwsClients;
import dev.nodeless.aws.Lazy;
import dev.nodeless.aws.LambdaCredentials;
import dev.nodeless.aws.metrics.EmbeddedMetrics;
import dev.nodeless.aws.ec2.InstanceResolver;
import dev.nodeless.aws.sfn.StepFunctionsStarter;
import dev.nodeless.aws.dynamodb.DynamoDbJson;
import dev.nodeless.cluster.MaintenanceRegistry;
import dev.nodeless.kube.ClusterAccess;
import dev.nodeless.kube.EksClusterAccess;
import dev.nodeless.kube.KubeClients;
import dev.nodeless.kube.LocalKubeApi;
import dev.nodeless.kube.ReconcileClusterStep;
import dev.nodeless.kube.buffer.KubeClusterApis;
import dev.nodeless.maintenance.MaintenanceService;
import dev.nodeless.maintenance.ManagedClusters;
import dev.nodeless.maintenance.RegisteredClusters;
import dev.nodeless.maintenance.EventAdmission;
import dev.nodeless.maintenance.ExecutionStarter;
import dev.nodeless.maintenance.ReconcileScheduler;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/** Builds the services once per container (reused across invocations). */
@ApplicationScoped
public class MaintenanceWiring {

    @Produces
    @ApplicationScoped
    AwsClients awsClients(MaintenanceConfig config) {
        return new AwsClients(config.region(), config.awsEndpoint(), LambdaCredentials.create());
    }

    @Produces
    @ApplicationScoped
    MaintenanceService maintenanceService(AwsClients aws, MaintenanceConfig config) {
        Clock clock = Clock.systemUTC();
        // The managed clusters live in this deployment's region, so the one set of AWS clients serves EKS too.
        return new MaintenanceService(new InstanceResolver(aws),
                new LazyClusters(() -> new RegisteredClusters(new MaintenanceRegistry(new DynamoDbJson(aws), config.registryTable()))),
                new KubeClusterApis(clusterAccess(aws, config, clock), config.region(), clock), clock,
                EmbeddedMetrics.toStdout(config.metricsNamespace(), clock));
    }

    /**
     * A local Kubernetes API set where it is not honoured (in AWS: no AWS emulator on loopback) fails the function's
     * start with the reason, instead of its first sizeBuffer.
     */
    void refuseMisplacedLocalKubeApi(@Observes StartupEvent start, MaintenanceConfig config) {
        LocalKubeApi.check(config.awsEndpoint(), config.localKubeApi(), config.localKubeApiCa());
    }

    /** DescribeCluster and EKS tokens; in a benchmark against moto, one local API (refused in AWS: {@link LocalKubeApi}). */
    static ClusterAccess clusterAccess(AwsClients aws, MaintenanceConfig config, Clock clock) {
        return LocalKubeApi.around(EksClusterAccess.withoutEksSdk(region -> aws, KubeClients.Options.DEFAULT, clock),
                config.awsEndpoint(), config.localKubeApi(), config.localKubeApiCa());
    }

    @Produces
    @ApplicationScoped
    ReconcileScheduler reconcileScheduler(MaintenanceService service, AwsClients aws, MaintenanceConfig config) {
        // listManagedClusters starts nothing and is not given the ARN; reconcileCluster is
        ExecutionStarter starter = config.maintainBufferStateMachineArn()
                .<ExecutionStarter>map(arn -> new StepFunctionsStarter(StepFunctionsStarter.client(aws), arn))
                .orElse((name, input) -> {
                    throw new IllegalStateException("NODELESS_MAINTAIN_BUFFER_STATE_MACHINE_ARN is not set: the reconcile cannot start executions");
                });
        return new ReconcileScheduler(service, starter);
    }

    /**
     * reconcileCluster's record of a failed reconcile on the registry item (cleared by the next success); the registry
     * client is built on its first use, as for {@link LazyClusters}.
     */
    @Produces
    @Singleton
    ReconcileClusterStep.FailureLog reconcileFailures(AwsClients aws, MaintenanceConfig config) {
        Lazy<MaintenanceRegistry> registry = new Lazy<>(() -> new MaintenanceRegistry(new DynamoDbJson(aws), config.registryTable()));
        return (cluster, failure) -> registry.get().setReconcileFailure(cluster, failure);
    }

    @Produces
    @ApplicationScoped
    EventAdmission eventAdmission(MaintenanceService service, AwsClients aws, MaintenanceConfig config) {
        String arn = config.maintainBufferStateMachineArn().orElseThrow(() ->
                new IllegalStateException("NODELESS_MAINTAIN_BUFFER_STATE_MACHINE_ARN is not set: admitted events cannot start executions"));
        return new EventAdmission(service, new InstanceResolver(aws),
                new LazyClusters(() -> new RegisteredClusters(new MaintenanceRegistry(new DynamoDbJson(aws), config.registryTable()))),
                new StepFunctionsStarter(StepFunctionsStarter.client(aws), arn), Clock.systemUTC(), EventAdmission.DEFAULT_TTL);
    }

    /**
     * Builds the registry reader on first use: classifying an event (every maintain-buffer execution's first step, and
     * the most frequent cold start) needs no AWS call. The reader is {@link MaintenanceRegistry} (DynamoDB's JSON
     * protocol over the shared HTTP client), not the SDK's DynamoDB client, whose ~1,400 classes cost sizeBuffer's cold
     * start (docs/measurements.md).
     */
    static final class LazyClusters implements ManagedClusters {
        private final Lazy<ManagedClusters> registry;

        LazyClusters(Supplier<ManagedClusters> create) {
            this.registry = new Lazy<>(create);
        }

        private ManagedClusters registry() {
            return registry.get();
        }

        @Override
        public Optional<ManagedCluster> find(String name) { return registry().find(name); }

        @Override
        public List<ManagedCluster> all() { return registry().all(); }

        @Override
        public List<String> unreadable() { return registry().unreadable(); }
    }
}
