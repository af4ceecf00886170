package dev.nodeless.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.nodeless.aws.eks.DeletionGuard;
import dev.nodeless.aws.teardown.Teardown;
import dev.nodeless.bootstrap.StepInput;
import dev.nodeless.bootstrap.StepResult;
import dev.nodeless.cluster.DynamoDbClusterRegistry;
import dev.nodeless.cluster.Registration;
import dev.nodeless.spec.ResourceNames;
import dev.nodeless.spec.ClusterSpec;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedSet;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * Every AWS step of the bootstrap in state-machine order against moto (add-ons and access entries through
 * {@link dev.nodeless.testing.EksAddonAndAccessEntryStub}, which moto lacks), looping while a step says
 * {@code done=false}; then the whole bootstrap again; then every teardown stage in reverse.
 */
class WholeAwsBootstrapTwiceTest {

    private static final String TABLE = "nodeless-registry";

    @Test
    void bootstrapTwice_secondRunChangesNothing_andTeardownLeavesNothing() {
        AwsTestSupport.Fixture f = AwsTestSupport.fresh();
        f.clients().dynamo().createTable(r -> r.tableName(TABLE).billingMode(BillingMode.PAY_PER_REQUEST)
                .keySchema(k -> k.attributeName("clusterName").keyType(KeyType.HASH))
                .attributeDefinitions(a -> a.attributeName("clusterName").attributeType(ScalarAttributeType.S)));
        Clock clock = Clock.fixed(Instant.parse("2026-11-25T10:00:00Z"), ZoneOffset.UTC);
        Registration registration = new Registration(new DynamoDbClusterRegistry(f.clients().dynamo(), TABLE), clock);
        ClusterSpec spec = AwsTestSupport.spec("demo");

        List<StepResult> first = bootstrap(f.steps(), registration, spec);
        SortedSet<String> afterFirst = AwsInventory.of(f.clients(), f.eks(), "demo", TABLE);
        assertThat(first).filteredOn(r -> !r.step().equals(Registration.STEP))
                .allSatisfy(r -> assertThat(r.status()).as(r.step() + "/" + r.target() + ": " + r.reason()).isIn(StepResult.CREATED, StepResult.ABSENT));
        assertThat(AwsInventory.kinds(afterFirst)).contains("role", "instance-profile", "oidc-provider", "vpc", "subnet", "igw",
                "route-table", "nat", "eip", "queue", "rule", "kms-alias", "kms-key", "cluster", "fargate-profile", "addon", "access-entry", "registry");
        assertThat(afterFirst).filteredOn(i -> i.startsWith("subnet:")).hasSize(6);
        assertThat(afterFirst).filteredOn(i -> i.startsWith("rule:")).hasSize(ResourceNames.INTERRUPTION_RULE_KINDS.size());
        assertThat(afterFirst).filteredOn(i -> i.startsWith("role:")).as("3 base roles, 4 IRSA roles (ebs-csi included)").hasSize(7);
        assertThat(afterFirst).filteredOn(i -> i.startsWith("addon:")).as("vpc-cni, kube-proxy, coredns, metrics-server, aws-ebs-csi-driver").hasSize(5);

        Clock later = Clock.offset(clock, java.time.Duration.ofHours(1));
        Registration registrationLater = new Registration(new DynamoDbClusterRegistry(f.clients().dynamo(), TABLE), later);
        List<StepResult> second = bootstrap(f.steps(), registrationLater, spec);
        SortedSet<String> afterSecond = AwsInventory.of(f.clients(), f.eks(), "demo", TABLE);

        assertThat(afterSecond).as("the second run created or replaced nothing").isEqualTo(afterFirst);
        assertThat(second).filteredOn(r -> !r.step().equals(Registration.STEP))
                .allSatisfy(r -> assertThat(r.status()).as(r.step() + "/" + r.target() + ": " + r.reason()).isIn(StepResult.UNCHANGED, StepResult.ACTIVE));
        // The registry legitimately moves ACTIVE -> UPDATING -> ACTIVE on a re-run; it keeps its creation time.
        var record = new DynamoDbClusterRegistry(f.clients().dynamo(), TABLE).find("demo").orElseThrow();
        assertThat(record.status()).isEqualTo("ACTIVE");
        assertThat(record.createdAt()).isEqualTo(clock.instant());
        assertThat(record.updatedAt()).isEqualTo(later.instant());

        Teardown teardown = new Teardown(f.steps(), registration);
        // Protected by default: without the confirmation teardown's first check refuses and nothing changes.
        StepResult refused = teardown.run(new StepInput(spec, DeletionGuard.STAGE, java.util.Map.of()));
        assertThat(refused.status()).isEqualTo(StepResult.FAILED);
        assertThat(refused.reason()).contains("refusing to delete cluster demo", "\"confirmDeletion\": \"demo\"");
        assertThat(AwsInventory.of(f.clients(), f.eks(), "demo", TABLE)).as("nothing changed by the refusal").isEqualTo(afterSecond);
        ClusterSpec confirmed = AwsTestSupport.confirmDeletion(spec);
        assertThat(teardown.run(new StepInput(confirmed, DeletionGuard.STAGE, java.util.Map.of())).status()).isEqualTo(StepResult.UNCHANGED);
        for (String stage : Teardown.STAGES) {
            StepResult r = untilDone(x -> teardown.run(new StepInput(confirmed, stage, java.util.Map.of())), "teardown " + stage);
            assertThat(r.status()).as(stage + ": " + r.reason()).isIn(StepResult.DELETED, StepResult.ABSENT);
        }
        assertThat(AwsInventory.of(f.clients(), f.eks(), "demo", TABLE)).as("left behind after teardown").isEmpty();

        // Teardown is idempotent too: a second pass finds everything absent.
        for (String stage : Teardown.STAGES) {
            StepResult r = untilDone(x -> teardown.run(new StepInput(confirmed, stage, java.util.Map.of())), "teardown again " + stage);
            assertThat(r.status()).as(stage).isEqualTo(StepResult.ABSENT);
        }
    }

    /** The AWS part of statemachine/bootstrap-cluster.asl.json, in its order. */
    static List<StepResult> bootstrap(AwsSteps steps, Registration registration, ClusterSpec spec) {
        List<StepResult> results = new ArrayList<>();
        results.add(registration.register(AwsTestSupport.input(spec, "BOOTSTRAPPING")));
        for (String role : List.of("cluster", "fargate", "node")) results.add(steps.iamRoles().ensure(AwsTestSupport.input(spec, role)));
        results.add(untilDone(x -> steps.network().ensure(AwsTestSupport.input(spec, null)), "ensureNetwork"));
        results.add(untilDone(x -> steps.cluster().ensure(AwsTestSupport.input(spec, null)), "ensureCluster"));
        results.add(steps.oidcProviders().ensure(AwsTestSupport.input(spec, null)));
        for (String irsa : dev.nodeless.aws.iam.RoleDefinitions.IRSA_ROLES) {
            results.add(steps.irsaRoles().ensure(AwsTestSupport.input(spec, irsa)));
        }
        for (String profile : List.of("karpenter", "kube-system")) {
            results.add(untilDone(x -> steps.fargateProfiles().ensure(AwsTestSupport.input(spec, profile)), "ensureFargateProfile " + profile));
        }
        for (String addon : dev.nodeless.aws.eks.Addons.TARGETS) {
            results.add(untilDone(x -> steps.addons().ensure(AwsTestSupport.input(spec, addon)), "ensureAddon " + addon));
        }
        results.add(steps.accessEntries().ensure(AwsTestSupport.input(spec, null)));
        results.add(steps.interruptionQueue().ensure(AwsTestSupport.input(spec, null)));
        results.add(registration.register(AwsTestSupport.input(spec, "ACTIVE")));
        return results;
    }

    /** The state machine's Wait + call-again loop, bounded. */
    static StepResult untilDone(Function<Integer, StepResult> call, String what) {
        String last = "";
        for (int attempt = 0; attempt < 10; attempt++) {
            StepResult r = call.apply(attempt);
            if (StepResult.FAILED.equals(r.status())) fail(what + " failed: " + r.reason());
            if (r.done()) return r;
            last = r.reason();
        }
        return fail(what + " never finished; last said: " + last);
    }
}
