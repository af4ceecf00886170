package dev.nodeless.aws.eks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nodeless.aws.AwsSteps;
import dev.nodeless.aws.AwsTestSupport;
import dev.nodeless.aws.InvalidStepInputException;
import dev.nodeless.aws.RetryableStepException;
import dev.nodeless.bootstrap.StepResult;
import dev.nodeless.spec.ClusterSpec;
import dev.nodeless.testing.DelegatingEksClient;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.eks.model.CreateFargateProfileRequest;
import software.amazon.awssdk.services.eks.model.CreateFargateProfileResponse;
import software.amazon.awssdk.services.eks.model.ResourceInUseException;

class FargateProfilesTest {

    private AwsTestSupport.Fixture f;
    private final ClusterSpec spec = AwsTestSupport.spec("demo");

    @BeforeEach
    void clusterExists() {
        f = AwsTestSupport.fresh();
        AwsTestSupport.clusterReady(f, spec);
    }

    @Test
    void karpenterProfile_selectsItsNamespace_onPrivateSubnetsOnly_andSecondRunIsActive() {
        StepResult first = f.steps().fargateProfiles().ensure(AwsTestSupport.input(spec, "karpenter"));
        StepResult second = f.steps().fargateProfiles().ensure(AwsTestSupport.input(spec, "karpenter"));

        assertThat(first.status()).isEqualTo(StepResult.CREATED);
        assertThat(second.status()).isEqualTo(StepResult.ACTIVE);
        assertThat(second.details().get("profileArn")).isEqualTo(first.details().get("profileArn"));
        var p = f.clients().eks().describeFargateProfile(x -> x.clusterName("demo").fargateProfileName("karpenter")).fargateProfile();
        assertThat(p.selectors()).extracting(s -> s.namespace()).containsExactly("karpenter");
        assertThat(p.podExecutionRoleArn()).isEqualTo("arn:aws:iam::123456789012:role/nodeless/nodeless-demo-fargate");
        List<String> privateSubnets = f.steps().network().view(spec).privateSubnetIds();
        assertThat(p.subnets()).containsExactlyInAnyOrderElementsOf(privateSubnets).hasSize(3);
    }

    @Test
    void eksBusyWithAnotherProfile_isARetryableError() {
        // moto finishes profile operations at once, so EKS's one-operation-at-a-time refusal is injected here.
        DelegatingEksClient busy = new DelegatingEksClient(f.clients().eks()) {
            @Override
            public CreateFargateProfileResponse createFargateProfile(CreateFargateProfileRequest r) {
                throw (ResourceInUseException) ResourceInUseException.builder().statusCode(409)
                        .message("Cannot create Fargate Profile kube-system because cluster demo currently has Fargate profile karpenter in status CREATING")
                        .awsErrorDetails(AwsErrorDetails.builder().errorCode("ResourceInUseException").build()).build();
            }
        };
        AwsSteps steps = new AwsSteps(f.clients(), busy, AwsTestSupport.OWNER, Optional.of(AwsTestSupport.AUTOMATION_ROLE));

        assertThatThrownBy(() -> steps.fargateProfiles().ensure(AwsTestSupport.input(spec, "kube-system")))
                .isInstanceOf(RetryableStepException.class).hasMessageContaining("kube-system").hasCauseInstanceOf(ResourceInUseException.class);
    }

    @Test
    void unknownProfile_isRejected() {
        assertThatThrownBy(() -> f.steps().fargateProfiles().ensure(AwsTestSupport.input(spec, "default")))
                .isInstanceOf(InvalidStepInputException.class).hasMessageContaining("[karpenter, kube-system]");
        assertThat(f.clients().eks().listFargateProfiles(x -> x.clusterName("demo")).fargateProfileNames()).isEmpty();
    }

    @Test
    void delete_removesOnlyTheNamedProfile() {
        f.steps().fargateProfiles().ensure(AwsTestSupport.input(spec, "karpenter"));
        f.steps().fargateProfiles().ensure(AwsTestSupport.input(spec, "kube-system"));

        StepResult r = f.steps().fargateProfiles().delete(spec, "karpenter", "fargate-profile:karpenter");

        assertThat(r.status()).isEqualTo(StepResult.DELETED);
        assertThat(f.clients().eks().listFargateProfiles(x -> x.clusterName("demo")).fargateProfileNames()).containsExactly("kube-system");
        assertThat(f.steps().fargateProfiles().delete(spec, "karpenter", "fargate-profile:karpenter").status()).isEqualTo(StepResult.ABSENT);
    }
}
