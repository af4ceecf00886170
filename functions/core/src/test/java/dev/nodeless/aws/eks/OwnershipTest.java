package dev.nodeless.aws.eks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nodeless.aws.AwsTestSupport;
import dev.nodeless.aws.InvalidStepInputException;
import dev.nodeless.aws.teardown.Teardown;
import dev.nodeless.bootstrap.StepResult;
import dev.nodeless.cluster.DynamoDbClusterRegistry;
import dev.nodeless.cluster.Registration;
import dev.nodeless.spec.ClusterSpec;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * ARCHITECTURE §8 "ownership before action", against moto: a same-name cluster, role, VPC or queue that this stack
 * did not create (no {@code nodeless.dev/managed-by}, or another stack's owner id) is never continued, changed or
 * deleted, and a re-run never adds the ownership tag to anything.
 */
class OwnershipTest {

    private AwsTestSupport.Fixture f;
    private final ClusterSpec spec = AwsTestSupport.spec("demo");

    @BeforeEach
    void rolesAndNetwork() {
        f = AwsTestSupport.fresh();
        for (String role : List.of("cluster", "fargate", "node")) f.steps().iamRoles().ensure(AwsTestSupport.input(spec, role));
        f.steps().network().ensure(AwsTestSupport.input(spec, null));
    }

    /** Someone else's cluster of the same name: created directly, as eksctl or another stack would. */
    private String foreignCluster(Map<String, String> tags) {
        var net = f.steps().network().view(spec);
        return f.clients().eks().createCluster(r -> r.name("demo").version("1.33").roleArn("arn:aws:iam::123456789012:role/someone-elses")
                .resourcesVpcConfig(v -> v.subnetIds(net.allSubnetIds())).tags(tags)).cluster().arn();
    }

    @ParameterizedTest(name = "managed-by = {0}")
    @ValueSource(strings = {"", "nodeless-RegistryTable-OTHERSTACK", "nodeless"})
    void sameNameClusterNotCreatedByThisStack_isRefused_andLeftUntouched(String otherOwner) {
        Map<String, String> tags = otherOwner.isEmpty() ? Map.of("team", "payments") : Map.of("team", "payments", "nodeless.dev/managed-by", otherOwner);
        foreignCluster(tags);

        assertThatThrownBy(() -> f.steps().cluster().ensure(AwsTestSupport.input(spec, null)))
                .isInstanceOf(InvalidStepInputException.class)
                .hasMessageContaining("cluster demo exists but was not created by this Nodeless stack")
                .hasMessageContaining("expected nodeless.dev/managed-by=" + AwsTestSupport.OWNER)
                .hasMessageContaining("adopt-cluster");
        // Nothing tagged onto it, no access granted, nothing deleted.
        assertThat(f.clients().eks().describeCluster(r -> r.name("demo")).cluster().tags()).isEqualTo(tags);
        for (String step : List.of(AccessEntries.STEP, FargateProfiles.STEP, Addons.STEP, "ensureOidcProvider", "ensureIrsaRole")) {
            assertThatThrownBy(() -> f.steps().requireOwnedClusterFor(step, "demo")).as(step).isInstanceOf(InvalidStepInputException.class);
        }
        Teardown teardown = new Teardown(f.steps(), new Registration(new DynamoDbClusterRegistry(f.clients().dynamo(), "unused"), Clock.systemUTC()));
        for (String stage : List.of("access-entries", "addons", "fargate-profile:karpenter", "cluster")) {
            assertThatThrownBy(() -> teardown.run(AwsTestSupport.input(spec, stage))).as(stage).isInstanceOf(InvalidStepInputException.class);
        }
        assertThat(f.clients().eks().describeCluster(r -> r.name("demo")).cluster().status().toString()).isEqualTo("ACTIVE");
    }

    @Test
    void clusterThisStackCreated_continues_andReRunsNeverTouchTheOwnershipTag() {
        StepResult created = f.steps().cluster().ensure(AwsTestSupport.input(spec, null));
        assertThat(f.clients().eks().describeCluster(r -> r.name("demo")).cluster().tags())
                .containsEntry("nodeless.dev/managed-by", AwsTestSupport.OWNER);
        f.steps().requireOwnedClusterFor(AccessEntries.STEP, "demo"); // no exception: ours

        StepResult again = f.steps().cluster().ensure(AwsTestSupport.input(spec, null));
        assertThat(again.status()).isEqualTo(StepResult.ACTIVE);
        assertThat(created.details().get("arn")).isEqualTo(again.details().get("arn"));
    }

    @Test
    void reRunThatChangesAUserTag_setsIt_withoutTheOwnershipKey() {
        f.steps().cluster().ensure(AwsTestSupport.input(spec, null));
        ClusterSpec retagged = AwsTestSupport.withTags(spec, Map.of("team", "platform-2"));

        StepResult r = f.steps().cluster().ensure(AwsTestSupport.input(retagged, null));

        assertThat(r.status()).isEqualTo(StepResult.UPDATED);
        assertThat(r.reason()).contains("tags [team]").doesNotContain("managed-by");
        assertThat(f.clients().eks().describeCluster(x -> x.name("demo")).cluster().tags()).containsEntry("team", "platform-2");
    }

    /**
     * Issue 14: the same cluster name in another region under another stack. IAM role names are global and carry no
     * region/stack yet, so the second stack's role step is refused by the ownership tag: the first stack's roles are
     * neither changed nor taken over (distinct names per region/stack are not built; docs/aws-steps.md says so).
     */
    @Test
    void sameClusterNameInAnotherRegionAndStack_cannotOverwriteTheFirstStacksRoles() {
        ClusterSpec first = AwsTestSupport.spec("demo");
        f.steps().iamRoles().ensure(AwsTestSupport.input(first, "node"));
        var before = f.clients().iam().getRole(r -> r.roleName("nodeless-demo-node")).role();
        var otherRegion = f.moto().clients("us-east-2");
        var secondStack = new dev.nodeless.aws.AwsSteps(otherRegion, new dev.nodeless.testing.EksAddonAndAccessEntryStub(otherRegion.eks()),
                "nodeless-RegistryTable-OTHER", java.util.Optional.of(AwsTestSupport.AUTOMATION_ROLE));
        ClusterSpec inUsEast2 = new ClusterSpec(first.clusterName(), "us-east-2", first.kubernetesVersion(), first.endpoint(), first.network(),
                first.admins(), first.viewers(), first.confirmAccessRemoval(), first.karpenter(), first.buffer(), first.addons(), first.tags());

        assertThatThrownBy(() -> secondStack.iamRoles().ensure(AwsTestSupport.input(inUsEast2, "node")))
                .isInstanceOf(InvalidStepInputException.class)
                .hasMessageContaining("IAM role nodeless-demo-node exists but was not created by this Nodeless stack")
                .hasMessageContaining("expected 'nodeless-RegistryTable-OTHER'");
        var after = f.clients().iam().getRole(r -> r.roleName("nodeless-demo-node")).role();
        assertThat(after.tags()).containsExactlyInAnyOrderElementsOf(before.tags());
        assertThat(after.assumeRolePolicyDocument()).isEqualTo(before.assumeRolePolicyDocument());
    }

    @Test
    void sameNameRoleOfAnyoneElse_isRefused_notAdoptedOrDeleted() {
        String name = "nodeless-other-cluster";
        f.clients().iam().createRole(r -> r.roleName(name).assumeRolePolicyDocument("{\"Version\":\"2012-10-17\",\"Statement\":[]}"));
        ClusterSpec other = AwsTestSupport.spec("other");

        assertThatThrownBy(() -> f.steps().iamRoles().ensure(AwsTestSupport.input(other, "cluster")))
                .isInstanceOf(InvalidStepInputException.class).hasMessageContaining("IAM role " + name + " exists but was not created by this Nodeless stack");
        assertThatThrownBy(() -> f.steps().iamRoles().delete(other, "iam-roles")).isInstanceOf(InvalidStepInputException.class);
        assertThat(f.clients().iam().getRole(r -> r.roleName(name)).role().assumeRolePolicyDocument()).contains("Statement");
        assertThat(f.clients().iam().listAttachedRolePolicies(r -> r.roleName(name)).attachedPolicies()).isEmpty();
    }

    @Test
    void sameNameVpcOfAnyoneElse_isNotTakenForOurs() {
        ClusterSpec other = AwsTestSupport.spec("other");
        String foreignVpc = f.clients().ec2().createVpc(r -> r.cidrBlock("10.0.0.0/16").tagSpecifications(t -> t.resourceType("vpc")
                .tags(tag("Name", "nodeless-other"), tag("nodeless.dev/cluster", "other")))).vpc().vpcId();

        StepResult r = f.steps().network().ensure(AwsTestSupport.input(other, null));

        assertThat(r.status()).isEqualTo(StepResult.CREATED);
        assertThat(f.steps().network().view(other).vpcId()).isNotEqualTo(foreignVpc);
        f.steps().network().delete(other, "network");
        assertThat(f.clients().ec2().describeVpcs(x -> x.vpcIds(foreignVpc)).vpcs()).as("the foreign VPC survives teardown").hasSize(1);
    }

    @Test
    void sameNameQueueOfAnyoneElse_isRefused_andNotDeleted() {
        String url = f.clients().sqs().createQueue(r -> r.queueName("nodeless_demo").tags(Map.of("team", "payments"))).queueUrl();

        assertThatThrownBy(() -> f.steps().interruptionQueue().ensure(AwsTestSupport.input(spec, null)))
                .hasMessageContaining("SQS queue nodeless_demo exists but was not created by this Nodeless stack");
        assertThatThrownBy(() -> f.steps().interruptionQueue().delete(spec, "interruption-queue"))
                .hasMessageContaining("was not created by this Nodeless stack");
        assertThat(f.clients().sqs().getQueueUrl(r -> r.queueName("nodeless_demo")).queueUrl()).isEqualTo(url);
    }

    private static software.amazon.awssdk.services.ec2.model.Tag tag(String k, String v) {
        return software.amazon.awssdk.services.ec2.model.Tag.builder().key(k).value(v).build();
    }
}
