package dev.nodeless.lambda;

import static dev.nodeless.testing.EventVariants.SPOT;
import static dev.nodeless.testing.EventVariants.forInstance;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nodeless.bootstrap.StepInput;
import dev.nodeless.cluster.ClusterRecord;
import dev.nodeless.cluster.DynamoDbClusterRegistry;
import dev.nodeless.cluster.Registration;
import dev.nodeless.maintenance.MaintenanceStep;
import dev.nodeless.maintenance.ReconcileScheduler;
import dev.nodeless.testing.MotoServer;
import dev.nodeless.testing.Specs;
import io.quarkus.arc.Arc;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;

/**
 * The maintenance app as Lambda starts it: CDI builds {@link MaintenanceWiring} from configuration, the handlers are
 * found by their {@code @Named} value (QUARKUS_LAMBDA_HANDLER) and fed JSON. The other handler tests construct the
 * same classes by hand; this one checks the production wiring (config mapping, lazy registry, EC2 Query client with
 * the default credential chain) against moto.
 */
@QuarkusTest
@QuarkusTestResource(MaintenanceMotoResource.class)
class MaintenanceHandlersQuarkusTest {

    @Inject ObjectMapper json;

    @BeforeEach
    void freshMotoWithRegistryTable() {
        MotoServer.get().reset();
        MotoServer.get().clients("eu-west-1").dynamo().createTable(r -> r.tableName(MaintenanceMotoResource.TABLE)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .keySchema(k -> k.attributeName("clusterName").keyType(KeyType.HASH))
                .attributeDefinitions(a -> a.attributeName("clusterName").attributeType(ScalarAttributeType.S)));
    }

    @Test
    void everyHandlerNameOfTheTemplate_resolvesToARequestHandlerBean() {
        for (String name : List.of("classifyEvent", "resolveTarget", "sizeBuffer", "admitEvent", "listManagedClusters", "reconcileCluster")) {
            assertThat(Arc.container().instance(name).get()).as(name).isInstanceOf(RequestHandler.class);
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void aSpotWarningForAnInstanceOfAnotherCluster_isClassifiedThenIgnoredWithTheReason() throws Exception {
        String instance = MotoServer.get().clients("eu-west-1").ec2().runInstances(b -> b.imageId("ami-12c6146b").minCount(1).maxCount(1)
                .tagSpecifications(TagSpecification.builder().resourceType(ResourceType.INSTANCE)
                        .tags(Tag.builder().key("eks:eks-cluster-name").value("someone-else").build()).build()))
                .instances().get(0).instanceId();
        var classify = (RequestHandler<JsonNode, MaintenanceStep>) Arc.container().instance("classifyEvent").get();
        var resolve = (RequestHandler<MaintenanceStep, MaintenanceStep>) Arc.container().instance("resolveTarget").get();

        // sent now: the handlers run on the real clock, and a warning past its two minutes is ignored as stale
        String now = java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
        MaintenanceStep classified = classify.handleRequest(json.readTree(dev.nodeless.testing.EventVariants.variant(SPOT, e -> {
            e.put("time", now);
            ((com.fasterxml.jackson.databind.node.ObjectNode) e.get("detail")).put("instance-id", instance);
        })), null);
        // between two states the step travels as JSON, as Step Functions passes it
        MaintenanceStep resolved = resolve.handleRequest(json.readValue(json.writeValueAsString(classified), MaintenanceStep.class), null);

        assertThat(classified.action()).isEqualTo(MaintenanceStep.PENDING);
        assertThat(classified.instanceIds()).containsExactly(instance);
        assertThat(resolved.action()).isEqualTo(MaintenanceStep.IGNORED);
        assertThat(resolved.reason()).isEqualTo(instance + ": cluster someone-else is not managed by Nodeless");
    }

    @Test
    @SuppressWarnings("unchecked")
    void theSchedule_skipsAClusterStillBootstrapping_andStartsNothing() {
        new Registration(new DynamoDbClusterRegistry(MotoServer.get().clients("eu-west-1").dynamo(), MaintenanceMotoResource.TABLE), Clock.systemUTC())
                .register(new StepInput(Specs.spec("half-built", "pause-pods"), ClusterRecord.BOOTSTRAPPING, Map.of()));
        var list = (RequestHandler<JsonNode, ReconcileScheduler.Fleet>) Arc.container().instance("listManagedClusters").get();
        var reconcile = (RequestHandler<ReconcileScheduler.Item, ReconcileScheduler.Outcome>) Arc.container().instance("reconcileCluster").get();

        assertThat(list.handleRequest(null, null).clusters()).as("only live clusters are listed").isEmpty();
        // an item for it anyway (it left the list's snapshot): skipped with the reason, nothing started
        assertThat(reconcile.handleRequest(new ReconcileScheduler.Item("half-built"), null).outcome()).isEqualTo(ReconcileScheduler.SKIPPED);
    }
}
