package dev.nodeless.aws.iam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nodeless.aws.AwsTestSupport;
import dev.nodeless.aws.InvalidStepInputException;
import dev.nodeless.aws.Json;
import dev.nodeless.bootstrap.StepResult;
import dev.nodeless.spec.ClusterSpec;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AttachedPolicy;

class IamRolesTest {

    private AwsTestSupport.Fixture f;
    private IamClient iam;
    private final ClusterSpec spec = AwsTestSupport.spec("demo");

    @BeforeEach
    void freshMoto() {
        f = AwsTestSupport.fresh();
        iam = f.clients().iam();
    }

    @Test
    void clusterRole_isCreatedWithEksTrustAndClusterPolicy_andSecondRunIsUnchanged() {
        StepResult first = f.steps().iamRoles().ensure(AwsTestSupport.input(spec, "cluster"));
        StepResult second = f.steps().iamRoles().ensure(AwsTestSupport.input(spec, "cluster"));

        assertThat(first.status()).isEqualTo(StepResult.CREATED);
        assertThat(second.status()).isEqualTo(StepResult.UNCHANGED);
        assertThat(second.details().get("roleArn")).isEqualTo(first.details().get("roleArn"))
                .isEqualTo("arn:aws:iam::123456789012:role/nodeless/nodeless-demo-cluster");
        var role = iam.getRole(r -> r.roleName("nodeless-demo-cluster")).role();
        assertThat(trust(role.assumeRolePolicyDocument()).at("/Statement/0/Principal/Service").asText()).isEqualTo("eks.amazonaws.com");
        assertThat(managed("nodeless-demo-cluster")).containsExactly("arn:aws:iam::aws:policy/AmazonEKSClusterPolicy");
        assertThat(role.tags()).anyMatch(t -> t.key().equals("nodeless.dev/cluster") && t.value().equals("demo"))
                .anyMatch(t -> t.key().equals("team") && t.value().equals("platform"));
    }

    @Test
    void nodeRole_getsTheFourNodePolicies_andAnInstanceProfileHoldingIt() {
        StepResult r = f.steps().iamRoles().ensure(AwsTestSupport.input(spec, "node"));

        assertThat(managed("nodeless-demo-node")).containsExactlyInAnyOrder(
                "arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy", "arn:aws:iam::aws:policy/AmazonEKS_CNI_Policy",
                "arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryPullOnly", "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore");
        var profile = iam.getInstanceProfile(p -> p.instanceProfileName(r.details().get("instanceProfile"))).instanceProfile();
        assertThat(profile.roles()).extracting(x -> x.roleName()).containsExactly("nodeless-demo-node");
        assertThat(trust(iam.getRole(x -> x.roleName("nodeless-demo-node")).role().assumeRolePolicyDocument())
                .at("/Statement/0/Principal/Service").asText()).isEqualTo("ec2.amazonaws.com");
        assertThat(iam.getRole(x -> x.roleName("nodeless-demo-node")).role().path()).isEqualTo("/nodeless/");
        assertThat(profile.path()).isEqualTo("/nodeless/");
    }

    @Test
    void nodeRole_ensuresTheSpotServiceLinkedRole_once_andAnExistingOneIsSuccess() {
        StepResult first = f.steps().iamRoles().ensure(AwsTestSupport.input(spec, "node"));
        assertThat(first.reason()).contains("created AWSServiceRoleForEC2Spot");
        // IAM names it AWSServiceRoleForEC2Spot; moto names it after the service, so find it by its path.
        assertThat(iam.listRoles(x -> x.pathPrefix("/aws-service-role/spot.amazonaws.com/")).roles()).hasSize(1);

        StepResult second = f.steps().iamRoles().ensure(AwsTestSupport.input(spec, "node"));
        assertThat(second.status()).isEqualTo(StepResult.UNCHANGED);
        assertThat(second.reason()).doesNotContain("AWSServiceRoleForEC2Spot");
        assertThat(second.details()).containsEntry("spotServiceLinkedRole", "AWSServiceRoleForEC2Spot");
    }

    @Test
    void fargateRole_trustsOnlyThisClustersFargateProfiles() {
        f.steps().iamRoles().ensure(AwsTestSupport.input(spec, "fargate"));

        var trust = trust(iam.getRole(x -> x.roleName("nodeless-demo-fargate")).role().assumeRolePolicyDocument());
        assertThat(trust.at("/Statement/0/Principal/Service").asText()).isEqualTo("eks-fargate-pods.amazonaws.com");
        assertThat(trust.at("/Statement/0/Condition/ArnLike/aws:SourceArn").asText())
                .isEqualTo("arn:aws:eks:eu-west-1:123456789012:fargateprofile/demo/*");
        assertThat(managed("nodeless-demo-fargate")).containsExactly("arn:aws:iam::aws:policy/AmazonEKSFargatePodExecutionRolePolicy");
    }

    @Test
    void driftedRole_isRepaired_andTheRepairIsReported() {
        f.steps().iamRoles().ensure(AwsTestSupport.input(spec, "cluster"));
        iam.detachRolePolicy(r -> r.roleName("nodeless-demo-cluster").policyArn("arn:aws:iam::aws:policy/AmazonEKSClusterPolicy"));
        iam.attachRolePolicy(r -> r.roleName("nodeless-demo-cluster").policyArn("arn:aws:iam::aws:policy/AdministratorAccess"));
        iam.updateAssumeRolePolicy(r -> r.roleName("nodeless-demo-cluster").policyDocument(PolicyDocuments.serviceTrust("ec2.amazonaws.com", null)));

        StepResult r = f.steps().iamRoles().ensure(AwsTestSupport.input(spec, "cluster"));

        assertThat(r.status()).isEqualTo(StepResult.UPDATED);
        assertThat(r.reason()).contains("trust policy", "attached arn:aws:iam::aws:policy/AmazonEKSClusterPolicy",
                "detached unexpected arn:aws:iam::aws:policy/AdministratorAccess");
        assertThat(managed("nodeless-demo-cluster")).containsExactly("arn:aws:iam::aws:policy/AmazonEKSClusterPolicy");
        assertThat(f.steps().iamRoles().ensure(AwsTestSupport.input(spec, "cluster")).status()).isEqualTo(StepResult.UNCHANGED);
    }

    @Test
    void unknownTarget_isRejected_andCreatesNothing() {
        assertThatThrownBy(() -> f.steps().iamRoles().ensure(AwsTestSupport.input(spec, "admin")))
                .isInstanceOf(InvalidStepInputException.class).hasMessageContaining("'admin'").hasMessageContaining("[cluster, fargate, node]");
        assertThat(iam.listRoles().roles()).noneMatch(r -> r.roleName().startsWith("nodeless-"));
    }

    @Test
    void delete_removesRolesAndInstanceProfile_thenReportsAbsent() {
        for (String kind : List.of("cluster", "fargate", "node")) f.steps().iamRoles().ensure(AwsTestSupport.input(spec, kind));

        StepResult deleted = f.steps().iamRoles().delete(spec, "iam-roles");
        StepResult again = f.steps().iamRoles().delete(spec, "iam-roles");

        assertThat(deleted.status()).isEqualTo(StepResult.DELETED);
        assertThat(again.status()).isEqualTo(StepResult.ABSENT);
        assertThat(iam.listRoles().roles()).noneMatch(r -> r.roleName().startsWith("nodeless-demo"));
        assertThat(iam.listInstanceProfiles().instanceProfiles()).noneMatch(p -> p.instanceProfileName().startsWith("nodeless-demo"));
    }

    private List<String> managed(String role) {
        return iam.listAttachedRolePolicies(r -> r.roleName(role)).attachedPolicies().stream().map(AttachedPolicy::policyArn).toList();
    }

    static com.fasterxml.jackson.databind.JsonNode trust(String doc) {
        return Json.read(doc.startsWith("%") || doc.contains("%22") ? URLDecoder.decode(doc, StandardCharsets.UTF_8) : doc);
    }
}
