package dev.nodeless.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nodeless.aws.AwsClients;
import dev.nodeless.bootstrap.StepInput;
import dev.nodeless.cluster.ClusterRecord;
import dev.nodeless.cluster.DynamoDbClusterRegistry;
import dev.nodeless.cluster.Registration;
import dev.nodeless.spec.SpecFixtures;
import dev.nodeless.spec.Specs;
import dev.nodeless.testing.MotoServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/** {@code nodeless maintenance pause|resume} against moto's DynamoDB (the registry table) and STS (who is calling). */
class MaintenanceCommandTest {

    static final Instant NOW = Instant.parse("2026-11-20T09:30:05Z");

    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int main(String... args) {
        String[] all = new String[args.length + 1];
        all[0] = "maintenance";
        System.arraycopy(args, 0, all, 1, args.length);
        return Main.run(all, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    /** The registry table in moto with "demo" registered ACTIVE by the bootstrap's own registration. */
    private static DynamoDbClusterRegistry registryWithDemo(AwsClients aws) {
        aws.dynamo().createTable(b -> b.tableName("registry").billingMode(BillingMode.PAY_PER_REQUEST)
                .keySchema(k -> k.attributeName("clusterName").keyType(KeyType.HASH))
                .attributeDefinitions(a -> a.attributeName("clusterName").attributeType(ScalarAttributeType.S)));
        DynamoDbClusterRegistry registry = new DynamoDbClusterRegistry(aws.dynamo(), "registry");
        Registration registration = new Registration(registry, Clock.fixed(NOW, ZoneOffset.UTC));
        var spec = Specs.normalise(SpecFixtures.minimal());
        registration.register(new StepInput(spec, ClusterRecord.BOOTSTRAPPING, Map.of()));
        registration.register(new StepInput(spec, ClusterRecord.ACTIVE, Map.of()));
        return registry;
    }

    private int apply(DynamoDbClusterRegistry registry, AwsClients aws, String... args) {
        MaintenanceCommand.Options o = MaintenanceCommand.Options.parse(args, "registry", "eu-west-1");
        return MaintenanceCommand.apply(o, registry, () -> aws.sts().getCallerIdentity().arn(), Clock.fixed(NOW, ZoneOffset.UTC),
                new PrintStream(out, true, StandardCharsets.UTF_8));
    }

    private String stdout() {
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void pause_recordsTheCallersArnFromSts_theReasonAndTheTime_thenResumeClearsIt() {
        MotoServer.get().reset();
        AwsClients aws = MotoServer.get().clients("eu-west-1");
        DynamoDbClusterRegistry registry = registryWithDemo(aws);
        String caller = aws.sts().getCallerIdentity().arn();

        assertThat(apply(registry, aws, "pause", "--cluster", "demo", "--reason", "INC-42: buffer pinned by hand")).isZero();
        ClusterRecord paused = registry.find("demo").orElseThrow();
        assertThat(apply(registry, aws, "resume", "--cluster", "demo")).isZero();
        assertThat(apply(registry, aws, "resume", "--cluster", "demo")).isZero();

        assertThat(paused.pause().by()).isEqualTo(caller).startsWith("arn:aws:");
        assertThat(paused.pause().reason()).isEqualTo("INC-42: buffer pinned by hand");
        assertThat(paused.pause().at()).isEqualTo(NOW);
        assertThat(paused.status()).as("the pause changes nothing else").isEqualTo(ClusterRecord.ACTIVE);
        assertThat(registry.find("demo").orElseThrow().pause()).isNull();
        assertThat(stdout().lines()).hasSize(3);
        assertThat(stdout().lines().toList().get(0)).contains("\"action\":\"paused\"", "\"by\":\"" + caller + "\"", "\"at\":\"2026-11-20T09:30:05Z\"");
        assertThat(stdout().lines().toList().get(1)).contains("\"action\":\"resumed\"", "\"was\":\"maintenance paused by " + caller + ": INC-42");
        assertThat(stdout().lines().toList().get(2)).contains("\"action\":\"unchanged\"", "not paused");
    }

    @Test
    void pausingAgain_replacesWhyAndSaysWhatItReplaced() {
        MotoServer.get().reset();
        AwsClients aws = MotoServer.get().clients("eu-west-1");
        DynamoDbClusterRegistry registry = registryWithDemo(aws);

        apply(registry, aws, "pause", "--cluster", "demo", "--reason", "first");
        apply(registry, aws, "pause", "--cluster", "demo", "--reason", "second");

        assertThat(registry.find("demo").orElseThrow().pause().reason()).isEqualTo("second");
        assertThat(stdout().lines().toList().get(1)).contains("\"replaces\":\"maintenance paused by ").contains(": first\"");
    }

    @Test
    void unknownCluster_isARefusal_andCreatesNoItem() {
        MotoServer.get().reset();
        AwsClients aws = MotoServer.get().clients("eu-west-1");
        DynamoDbClusterRegistry registry = registryWithDemo(aws);

        assertThatThrownBy(() -> apply(registry, aws, "pause", "--cluster", "nope", "--reason", "x"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("no cluster nope in the registry table registry");
        assertThat(registry.find("nope")).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "''|no subcommand",
            "stop --cluster demo|unknown subcommand 'stop'",
            "pause --cluster demo --table t --region eu-west-1|pause needs --reason",
            "pause --cluster demo --reason --table t --region eu-west-1|option --reason needs a value",
            "pause --reason x --table t --region eu-west-1|--cluster is required",
            "resume --cluster demo --reason x --table t --region eu-west-1|resume takes no --reason",
            "resume --cluster demo --table t --region eu-west-1 --force|unknown option --force",
    })
    void badInput_exits2_withOneLine(String args, String expected) {
        int code = main(args.isEmpty() ? new String[0] : args.split(" "));

        String stderr = err.toString(StandardCharsets.UTF_8);
        assertThat(code).isEqualTo(2);
        assertThat(stderr.lines()).hasSize(1);
        assertThat(stderr).startsWith("nodeless maintenance: ").contains(expected);
        assertThat(stdout()).isEmpty();
    }

    @Test
    void noTable_isARefusalNamingTheOptionAndTheVariable() {
        assertThatThrownBy(() -> MaintenanceCommand.Options.parse(new String[] {"resume", "--cluster", "demo"}, null, "eu-west-1"))
                .hasMessageContaining("--table").hasMessageContaining("NODELESS_REGISTRY_TABLE");
        assertThat(MaintenanceCommand.Options.parse(new String[] {"resume", "--cluster", "demo"}, "from-env", "eu-west-1").table())
                .isEqualTo("from-env");
    }

    @Test
    void overlongReason_isRefused() {
        assertThatThrownBy(() -> MaintenanceCommand.Options.parse(new String[] {"pause", "--cluster", "demo", "--reason", "x".repeat(501)},
                "t", "eu-west-1")).hasMessageContaining("at most 500");
    }
}
