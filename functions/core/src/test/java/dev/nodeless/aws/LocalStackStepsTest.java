package dev.nodeless.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nodeless.bootstrap.StepInput;
import dev.nodeless.bootstrap.StepResult;
import dev.nodeless.cluster.ClusterRecord;
import dev.nodeless.cluster.DynamoDbClusterRegistry;
import dev.nodeless.cluster.Registration;
import dev.nodeless.spec.ClusterSpec;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.localstack.LocalStackContainer;
import org.testcontainers.utility.DockerImageName;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * The same step services as the moto tests, against LocalStack in Docker, on machines that have a Docker engine
 * (users' laptops). Without one, JUnit reports these tests as skipped ({@code disabledWithoutDocker}); this project's
 * CI machines have none, so moto is the emulator CI runs. Community LocalStack covers IAM, SQS, EventBridge and
 * DynamoDB, not EKS, so the EKS steps stay on moto. The image is pinned to a tag that starts without an auth token;
 * set {@code NODELESS_LOCALSTACK_IMAGE} to use another and {@code LOCALSTACK_AUTH_TOKEN} where one is needed.
 */
@Testcontainers(disabledWithoutDocker = true)
class LocalStackStepsTest {

    static final String IMAGE = Optional.ofNullable(System.getenv("NODELESS_LOCALSTACK_IMAGE")).orElse("localstack/localstack:4.0.3");

    @Container
    static final LocalStackContainer LOCALSTACK = new LocalStackContainer(DockerImageName.parse(IMAGE).asCompatibleSubstituteFor("localstack/localstack"))
            .withServices("iam", "sts", "sqs", "events", "dynamodb")
            .withEnv("LOCALSTACK_AUTH_TOKEN", Optional.ofNullable(System.getenv("LOCALSTACK_AUTH_TOKEN")).orElse(""));

    private static AwsClients clients() {
        return new AwsClients(AwsTestSupport.REGION, Optional.of(LOCALSTACK.getEndpoint()),
                StaticCredentialsProvider.create(AwsBasicCredentials.create(LOCALSTACK.getAccessKey(), LOCALSTACK.getSecretKey())));
    }

    private final ClusterSpec spec = AwsTestSupport.spec("localstack-demo");
    private final AwsSteps steps = new AwsSteps(clients(), clients().eks(), AwsTestSupport.OWNER, Optional.empty());

    @Test
    void iamRoles_createdOnce_thenUnchanged() {
        for (String role : List.of("cluster", "fargate", "node")) {
            StepResult first = steps.iamRoles().ensure(new StepInput(spec, role, Map.of()));
            StepResult second = steps.iamRoles().ensure(new StepInput(spec, role, Map.of()));
            assertThat(first.status()).as(role).isIn(StepResult.CREATED, StepResult.UNCHANGED);
            assertThat(second.status()).as(role).isEqualTo(StepResult.UNCHANGED);
        }
    }

    @Test
    void interruptionQueue_createdOnce_thenUnchanged() {
        StepResult first = steps.interruptionQueue().ensure(new StepInput(spec, null, Map.of()));
        StepResult second = steps.interruptionQueue().ensure(new StepInput(spec, null, Map.of()));

        assertThat(first.status()).isIn(StepResult.CREATED, StepResult.UNCHANGED);
        assertThat(second.status()).isEqualTo(StepResult.UNCHANGED);
        assertThat(second.details()).containsEntry("queueName", "nodeless-localstack-demo");
    }

    @Test
    void registry_keepsTheNormalisedSpecOfAnActiveCluster() {
        AwsClients aws = clients();
        String table = "nodeless-registry-localstack";
        if (!aws.dynamo().listTables().tableNames().contains(table)) {
            aws.dynamo().createTable(b -> b.tableName(table).billingMode(BillingMode.PAY_PER_REQUEST)
                    .keySchema(k -> k.attributeName("clusterName").keyType(KeyType.HASH))
                    .attributeDefinitions(a -> a.attributeName("clusterName").attributeType(ScalarAttributeType.S)));
        }
        DynamoDbClusterRegistry registry = new DynamoDbClusterRegistry(aws.dynamo(), table);
        Registration registration = new Registration(registry, Clock.systemUTC());

        registration.register(new StepInput(spec, ClusterRecord.BOOTSTRAPPING, Map.of()));
        registration.register(new StepInput(spec, ClusterRecord.ACTIVE, Map.of()));

        ClusterRecord record = registry.find(spec.clusterName()).orElseThrow();
        assertThat(record.status()).isEqualTo(ClusterRecord.ACTIVE);
        assertThat(record.spec()).isEqualTo(spec);
    }
}
