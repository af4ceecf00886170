package dev.nodeless.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class AwsAccountTest {

    @Test
    void functionArn_givesPartitionAccountAndRegion_andBadArnIsRejected() {
        AwsAccount china = AwsAccount.fromFunctionArn("arn:aws-cn:lambda:cn-north-1:111122223333:function:f");
        assertThat(china.roleArn("r")).isEqualTo("arn:aws-cn:iam::111122223333:role/nodeless/r");
        assertThat(china.region()).isEqualTo("cn-north-1");
        assertThatThrownBy(() -> AwsAccount.fromFunctionArn("arn:aws:s3:::bucket")).hasMessageContaining("not a Lambda function ARN");
    }
}
