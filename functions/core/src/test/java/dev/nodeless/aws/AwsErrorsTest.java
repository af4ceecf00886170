package dev.nodeless.aws;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;

class AwsErrorsTest {

    private static AwsServiceException error(String code, int status) {
        return AwsServiceException.builder().statusCode(status).message(code)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(code).build()).build();
    }

    @Test
    void throttlingResourceInUseAndServerErrors_areRetryable_namingWhatWasBeingDone() {
        for (var e : new AwsServiceException[] {error("ThrottlingException", 400), error("ResourceInUseException", 409),
                error("InternalFailure", 500), error("SomethingNew", 503)}) {
            RuntimeException c = AwsErrors.classify(e, "creating Fargate profile karpenter");
            assertThat(c).isInstanceOf(RetryableStepException.class).hasMessageStartingWith("creating Fargate profile karpenter: ").hasCause(e);
        }
        assertThat(AwsErrors.classify(SdkClientException.create("connection reset"), "x")).isInstanceOf(RetryableStepException.class);
    }

    @Test
    void validationErrors_failWithoutRetry() {
        RuntimeException c = AwsErrors.classify(error("InvalidParameterException", 400), "creating cluster demo");
        assertThat(c).isInstanceOf(InvalidStepInputException.class).hasMessageContaining("creating cluster demo");
    }

    @Test
    void anythingElse_propagatesUnchanged() {
        AwsServiceException denied = error("AccessDeniedException", 403);
        assertThat(AwsErrors.classify(denied, "x")).isSameAs(denied);
    }

    @Test
    void callerRole_turnsAnAssumedRoleSessionIntoItsRole() {
        assertThat(CallerRole.toRoleArn("arn:aws:sts::123456789012:assumed-role/nodeless-Bootstrap-ABC/session-1"))
                .isEqualTo("arn:aws:iam::123456789012:role/nodeless-Bootstrap-ABC");
        assertThat(CallerRole.toRoleArn("arn:aws:iam::123456789012:user/alice")).isEqualTo("arn:aws:iam::123456789012:user/alice");
    }
}
