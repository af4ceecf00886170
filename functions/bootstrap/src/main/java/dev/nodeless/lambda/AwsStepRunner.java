package dev.nodeless.lambda;

import dev.nodeless.aws.AwsClients;
import dev.nodeless.aws.AwsSteps;
import dev.nodeless.aws.InvalidStepInputException;
import dev.nodeless.bootstrap.StepInput;
import dev.nodeless.bootstrap.StepResult;
import dev.nodeless.cluster.ClusterRegistry;
import dev.nodeless.cluster.DynamoDbClusterRegistry;
import dev.nodeless.cluster.Registration;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;

/**
 * What every AWS-side handler shares: the step services for the spec's region (clients built once per container
 * and region, with the Lambda role's credentials), the registry, and one structured log line per invocation with
 * cluster, step, target and status (JSON through quarkus-logging-json; the fields travel in the MDC).
 */
@ApplicationScoped
public class AwsStepRunner {

    private static final Logger LOG = Logger.getLogger("dev.nodeless.steps");

    @Inject AwsStepsConfig config;

    private final Map<String, AwsSteps> byRegion = new ConcurrentHashMap<>();
    private volatile Registration registration;
    private volatile ClusterRegistry registry;

    public StepResult run(String step, StepInput input, Function<AwsSteps, StepResult> call) {
        if (input == null || input.spec() == null || input.spec().region() == null) {
            throw new InvalidStepInputException(step + " needs {spec: {clusterName, region, ...}, target, outputs}; got no spec or no region");
        }
        return logged(step, input.spec().clusterName(), input.target(), () -> {
            AwsSteps steps = steps(input.spec().region());
            steps.requireOwnedClusterFor(step, input.spec().clusterName());
            return call.apply(steps);
        });
    }

    public StepResult logged(String step, String cluster, String target, java.util.function.Supplier<StepResult> call) {
        MDC.put("cluster", String.valueOf(cluster));
        MDC.put("step", step);
        if (target != null) MDC.put("target", target);
        try {
            StepResult result = call.get();
            MDC.put("status", result.status());
            MDC.put("done", String.valueOf(result.done()));
            LOG.infof("%s %s %s: %s (%s)", step, cluster, target == null ? "" : target, result.status(), result.reason());
            return result;
        } catch (RuntimeException e) {
            MDC.put("status", "ERROR");
            MDC.put("error", e.getClass().getName());
            LOG.warnf("%s %s %s failed: %s", step, cluster, target == null ? "" : target, e.getMessage());
            throw e;
        } finally {
            MDC.clear();
        }
    }

    public Registration registration() {
        if (registration == null) registration = new Registration(registry(), Clock.systemUTC());
        return registration;
    }

    /** The fleet registry of this stack (its table from NODELESS_REGISTRY_TABLE). */
    public ClusterRegistry registry() {
        if (registry == null) {
            String table = config.registryTable().orElseThrow(() -> new IllegalStateException(
                    "NODELESS_REGISTRY_TABLE is not set: the registry handlers need the fleet registry's table name"));
            registry = new DynamoDbClusterRegistry(clients(config.registryRegion()).dynamo(), table);
        }
        return registry;
    }

    private AwsSteps steps(String region) {
        // The owner id tagged on everything created is the registry table's name: configuration, never the caller's input.
        String owner = config.registryTable().orElseThrow(() -> new IllegalStateException(
                "NODELESS_REGISTRY_TABLE is not set: its name is the owner id Nodeless tags on what it creates and checks before any change"));
        return byRegion.computeIfAbsent(region, r -> {
            AwsClients clients = clients(r);
            return new AwsSteps(clients, clients.eks(), owner, config.automationRoleArn(), config.maintenanceRoleArn(),
                    config.maintenanceReaderRoleArns().orElse(List.of()));
        });
    }

    private AwsClients clients(String region) {
        return new AwsClients(region, config.awsEndpoint(), DefaultCredentialsProvider.builder().build());
    }
}
