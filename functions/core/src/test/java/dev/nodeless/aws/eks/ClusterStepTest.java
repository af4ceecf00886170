package dev.nodeless.aws.eks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nodeless.aws.AwsTestSupport;
import dev.nodeless.aws.InvalidStepInputException;
import dev.nodeless.bootstrap.StepResult;
import dev.nodeless.spec.ClusterSpec;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ClusterStepTest {

    private AwsTestSupport.Fixture f;
    private final ClusterSpec spec = AwsTestSupport.spec("demo");

    @BeforeEach
    void rolesAndNetwork() {
        f = AwsTestSupport.fresh();
        for (String role : List.of("cluster", "fargate", "node")) f.steps().iamRoles().ensure(AwsTestSupport.input(spec, role));
        f.steps().network().ensure(AwsTestSupport.input(spec, null));
    }

    @Test
    void create_usesSpecVersionEndpointAndAllSubnets_andTagsForDiscovery() {
        StepResult r = f.steps().cluster().ensure(AwsTestSupport.input(spec, null));

        assertThat(r.status()).isEqualTo(StepResult.CREATED);
        assertThat(r.done()).isTrue();
        var c = f.clients().eks().describeCluster(x -> x.name("demo")).cluster();
        assertThat(c.version()).isEqualTo("1.33");
        assertThat(c.roleArn()).isEqualTo("arn:aws:iam::123456789012:role/nodeless/nodeless-demo-cluster");
        assertThat(c.tags()).containsEntry("karpenter.sh/discovery", "demo").containsEntry("nodeless.dev/cluster", "demo");
        assertThat(c.resourcesVpcConfig().subnetIds()).hasSize(6);
        assertThat(c.resourcesVpcConfig().endpointPublicAccess()).isTrue();
        assertThat(c.resourcesVpcConfig().endpointPrivateAccess()).isTrue();
        assertThat(c.resourcesVpcConfig().publicAccessCidrs()).containsExactly("203.0.113.0/24");
        assertThat(r.details()).containsEntry("endpoint", c.endpoint()).containsEntry("oidcIssuer", c.identity().oidc().issuer())
                .containsEntry("version", "1.33").containsKeys("ca", "vpcId", "clusterSecurityGroupId");
    }

    @Test
    void existingMatchingCluster_isActiveAndUntouched() {
        StepResult first = f.steps().cluster().ensure(AwsTestSupport.input(spec, null));
        StepResult second = f.steps().cluster().ensure(AwsTestSupport.input(spec, null));

        assertThat(second.status()).isEqualTo(StepResult.ACTIVE);
        assertThat(second.reason()).isEqualTo("ACTIVE and matches");
        assertThat(second.details()).isEqualTo(first.details());
    }

    @Test
    void versionDifference_isReportedAndLeftToTheUpgradeSteps() {
        f.steps().cluster().ensure(AwsTestSupport.input(spec, null));

        StepResult r = f.steps().cluster().ensure(AwsTestSupport.input(AwsTestSupport.withVersion(spec, "1.34"), null));

        assertThat(r.status()).isEqualTo(StepResult.ACTIVE);
        assertThat(r.reason()).contains("version is 1.33, spec asks 1.34: the upgrade steps that follow move it one minor version at a time")
                .doesNotContain("drift");
        assertThat(f.clients().eks().describeCluster(x -> x.name("demo")).cluster().version()).isEqualTo("1.33");
    }

    @Test
    void missingDiscoveryTag_isAddedBack() {
        StepResult created = f.steps().cluster().ensure(AwsTestSupport.input(spec, null));
        f.clients().eks().untagResource(x -> x.resourceArn(created.details().get("arn")).tagKeys("karpenter.sh/discovery"));

        StepResult r = f.steps().cluster().ensure(AwsTestSupport.input(spec, null));

        assertThat(r.status()).isEqualTo(StepResult.UPDATED);
        assertThat(r.reason()).contains("karpenter.sh/discovery");
        assertThat(f.clients().eks().describeCluster(x -> x.name("demo")).cluster().tags()).containsEntry("karpenter.sh/discovery", "demo");
    }

    @Test
    void clusterSecurityGroupThatEksCreates_getsTheDiscoveryTagForKarpenter() {
        // moto's DescribeCluster omits clusterSecurityGroupId; real EKS reports the group it created. Add it here.
        String vpcId = f.steps().network().view(spec).vpcId();
        String sg = f.clients().ec2().createSecurityGroup(x -> x.groupName("eks-cluster-sg-demo").description("EKS").vpcId(vpcId)).groupId();
        var withSg = new dev.nodeless.testing.DelegatingEksClient(f.eks()) {
            @Override
            public software.amazon.awssdk.services.eks.model.DescribeClusterResponse describeCluster(
                    software.amazon.awssdk.services.eks.model.DescribeClusterRequest r) {
                var c = moto.describeCluster(r).cluster();
                return software.amazon.awssdk.services.eks.model.DescribeClusterResponse.builder().cluster(c.toBuilder()
                        .resourcesVpcConfig(c.resourcesVpcConfig().toBuilder().clusterSecurityGroupId(sg).vpcId(vpcId).build()).build()).build();
            }
        };
        var steps = new dev.nodeless.aws.AwsSteps(f.clients(), withSg, AwsTestSupport.OWNER, java.util.Optional.of(AwsTestSupport.AUTOMATION_ROLE));
        steps.cluster().ensure(AwsTestSupport.input(spec, null)); // CreateCluster's answer carries no group yet, as in EKS

        StepResult r = steps.cluster().ensure(AwsTestSupport.input(spec, null));

        assertThat(r.status()).isEqualTo(StepResult.UPDATED);
        assertThat(r.reason()).contains("discovery tag on " + sg);
        assertThat(r.details()).containsEntry("clusterSecurityGroupId", sg).containsEntry("vpcId", vpcId);
        assertThat(f.clients().ec2().describeSecurityGroups(x -> x.groupIds(sg)).securityGroups().get(0).tags())
                .anyMatch(t -> t.key().equals("karpenter.sh/discovery") && t.value().equals("demo"));
        assertThat(steps.cluster().ensure(AwsTestSupport.input(spec, null)).status()).isEqualTo(StepResult.ACTIVE);
    }

    @Test
    void withoutNetwork_failsClearly_andCreatesNoCluster() {
        ClusterSpec other = AwsTestSupport.spec("other");

        assertThatThrownBy(() -> f.steps().cluster().ensure(AwsTestSupport.input(other, null)))
                .isInstanceOf(InvalidStepInputException.class).hasMessageContaining("ensureNetwork must run first");
        assertThat(f.clients().eks().listClusters().clusters()).doesNotContain("other");
    }

    @Test
    void delete_removesTheCluster_thenReportsAbsent() {
        f.steps().cluster().ensure(AwsTestSupport.input(spec, null));

        ClusterSpec confirmed = AwsTestSupport.confirmDeletion(spec);
        assertThat(f.steps().cluster().delete(confirmed, "cluster").done()).as("first switches EKS deletion protection off").isFalse();
        assertThat(f.steps().cluster().delete(confirmed, "cluster").status()).isEqualTo(StepResult.DELETED);
        assertThat(f.steps().cluster().delete(confirmed, "cluster").status()).isEqualTo(StepResult.ABSENT);
        assertThat(f.clients().eks().listClusters().clusters()).doesNotContain("demo");
    }

    // --- control plane: logging, upgrade policy, deletion protection (logging is moto's; the other two are EksClusterConfigStub's) ---

    @Test
    void create_enablesApiAuditAuthenticatorLogs_standardSupport_andDeletionProtection() {
        f.steps().cluster().ensure(AwsTestSupport.input(spec, null));

        var inMoto = f.clients().eks().describeCluster(x -> x.name("demo")).cluster();
        assertThat(ControlPlaneSettings.enabledLogTypes(inMoto)).containsExactly("api", "audit", "authenticator");
        var c = f.eks().describeCluster(x -> x.name("demo")).cluster();
        assertThat(c.upgradePolicy().supportTypeAsString()).isEqualTo("STANDARD");
        assertThat(c.deletionProtection()).isTrue();
        assertThat(f.eks().configUpdates).as("all set by CreateCluster, no update needed").isEmpty();
    }

    @Test
    void rerunWithOtherSettings_updatesOneSettingPerCall_untilTheClusterMatches() {
        f.steps().cluster().ensure(AwsTestSupport.input(spec, null));
        ClusterSpec changed = spec.withControlPlane(new ClusterSpec.Logging(List.of("api", "scheduler")), null,
                new ClusterSpec.UpgradePolicy("EXTENDED"), false, null);

        StepResult first = f.steps().cluster().ensure(AwsTestSupport.input(changed, null));
        StepResult second = f.steps().cluster().ensure(AwsTestSupport.input(changed, null));
        StepResult third = f.steps().cluster().ensure(AwsTestSupport.input(changed, null));
        StepResult fourth = f.steps().cluster().ensure(AwsTestSupport.input(changed, null));

        assertThat(first.done()).isFalse();
        assertThat(first.reason()).contains("updating logging was [api, audit, authenticator], spec asks [api, scheduler]",
                "then [upgradePolicy.supportType, deletionProtection]");
        assertThat(second.reason()).contains("updating upgradePolicy.supportType was STANDARD, spec asks EXTENDED");
        assertThat(third.reason()).contains("updating deletionProtection was true, spec asks false");
        assertThat(fourth.done()).isTrue();
        assertThat(fourth.reason()).isEqualTo("ACTIVE and matches");
        assertThat(f.eks().configUpdates).containsExactly("logging=[api, scheduler]", "upgradePolicy=EXTENDED", "deletionProtection=false");
        assertThat(ControlPlaneSettings.enabledLogTypes(f.clients().eks().describeCluster(x -> x.name("demo")).cluster()))
                .as("moto stored the logging update").containsExactly("api", "scheduler");
    }

    @Test
    void delete_ofAProtectedCluster_isRefusedWithoutConfirmation_andChangesNothing() {
        f.steps().cluster().ensure(AwsTestSupport.input(spec, null));

        assertThatThrownBy(() -> f.steps().cluster().delete(spec, "cluster")).isInstanceOf(InvalidStepInputException.class)
                .hasMessageContaining("refusing to delete cluster demo: it is protected (the spec's deletionProtection is true (the default); "
                        + "EKS deletion protection is on); nothing was changed")
                .hasMessageContaining("\"confirmDeletion\": \"demo\"");
        ClusterSpec unprotectedSpec = spec.withControlPlane(null, null, null, false, null);
        assertThatThrownBy(() -> f.steps().cluster().delete(unprotectedSpec, "cluster"))
                .as("the live cluster's EKS flag protects it even when the input's spec says false")
                .hasMessageContaining("EKS deletion protection is on");
        assertThat(f.eks().configUpdates).isEmpty();
        assertThat(f.clients().eks().listClusters().clusters()).contains("demo");
    }

    @Test
    void create_encryptsSecretsWithTheClustersOwnKey() {
        f.steps().cluster().ensure(AwsTestSupport.input(spec, null));

        String key = f.clients().kms().describeKey(x -> x.keyId("alias/nodeless/demo")).keyMetadata().arn();
        var c = f.clients().eks().describeCluster(x -> x.name("demo")).cluster(); // moto stores CreateCluster's encryptionConfig
        assertThat(c.encryptionConfig()).singleElement().satisfies(e -> {
            assertThat(e.resources()).containsExactly("secrets");
            assertThat(e.provider().keyArn()).isEqualTo(key);
        });
    }

    @Test
    void existingClusterWithoutEncryption_getsTheKeyAssociated_thenMatches() {
        ClusterSpec off = spec.withControlPlane(null, new ClusterSpec.Encryption(null, false), null, null, null);
        f.steps().cluster().ensure(AwsTestSupport.input(off, null));
        assertThat(f.clients().eks().describeCluster(x -> x.name("demo")).cluster().encryptionConfig()).isEmpty();

        StepResult associating = f.steps().cluster().ensure(AwsTestSupport.input(spec, null));
        StepResult after = f.steps().cluster().ensure(AwsTestSupport.input(spec, null));

        String key = f.clients().kms().describeKey(x -> x.keyId("alias/nodeless/demo")).keyMetadata().arn();
        assertThat(associating.done()).isFalse();
        assertThat(associating.reason()).isEqualTo("associating envelope encryption of Secrets with " + key
                + " (EKS re-encrypts every Secret; the cluster is UPDATING meanwhile)");
        assertThat(f.eks().configUpdates).containsExactly("encryptionConfig=" + key); // AssociateEncryptionConfig: EksClusterConfigStub
        assertThat(after.status()).isEqualTo(StepResult.ACTIVE);
        assertThat(after.reason()).isEqualTo("ACTIVE and matches");
    }

    @Test
    void encryptionTheSpecNoLongerAsksFor_isReportedAsDrift_notRemoved() {
        f.steps().cluster().ensure(AwsTestSupport.input(spec, null));
        ClusterSpec off = spec.withControlPlane(null, new ClusterSpec.Encryption(null, false), null, null, null);

        StepResult r = f.steps().cluster().ensure(AwsTestSupport.input(off, null));

        assertThat(r.done()).isTrue();
        assertThat(r.reason()).contains("drift not changed automatically: Secrets are encrypted with arn:aws:kms:", "EKS cannot remove it");
    }
}
