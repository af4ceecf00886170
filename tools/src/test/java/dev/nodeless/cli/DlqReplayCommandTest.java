package dev.nodeless.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nodeless.aws.AwsClients;
import dev.nodeless.testing.EventVariants;
import dev.nodeless.testing.Fixtures;
import dev.nodeless.testing.MotoServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sfn.SfnClient;

/** Against moto's SQS and Step Functions. */
class DlqReplayCommandTest {

    @Test
    void eachDeadLetter_startsOneExecutionNamedAfterTheEvent_onceEvenWhenRunTwice_andKeepsGarbage() {
        MotoServer moto = MotoServer.get();
        moto.reset();
        moto.post("/moto-api/config", "{\"stepfunctions\": {\"execute_state_machine\": false}}");
        AwsClients aws = moto.clients("eu-west-1");
        SfnClient sfn = aws.configure(SfnClient.builder()).build();
        String arn = sfn.createStateMachine(b -> b.name("maintain-buffer").roleArn("arn:aws:iam::123456789012:role/r")
                .definition("{\"StartAt\":\"S\",\"States\":{\"S\":{\"Type\":\"Succeed\"}}}")).stateMachineArn();
        String queue = aws.sqs().createQueue(b -> b.queueName("nodeless-maintenance-dlq")).queueUrl();
        aws.sqs().sendMessage(b -> b.queueUrl(queue).messageBody(Fixtures.event(EventVariants.SPOT)));
        aws.sqs().sendMessage(b -> b.queueUrl(queue).messageBody(Fixtures.event(EventVariants.SPOT))); // delivered twice
        aws.sqs().sendMessage(b -> b.queueUrl(queue).messageBody(Fixtures.event(EventVariants.HEALTH)));
        aws.sqs().sendMessage(b -> b.queueUrl(queue).messageBody("not json"));

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = DlqReplayCommand.replay(aws.sqs(), sfn, queue, arn, 10, false, new PrintStream(out, true, StandardCharsets.UTF_8));
        assertThat(code).as("a message that is no event is kept and reported").isEqualTo(1);
        String printed = out.toString(StandardCharsets.UTF_8);
        // Step Functions answers a second start with the same name and input like the first (idempotent start),
        // so the guarantee is the set of executions below, not the printed word
        assertThat(printed).contains("\"execution\":\"dlq-7e1d0c2b-4a5f-4b6e-9d8c-1a2b3c4d5e01\"").contains("\"action\":\"kept\"");
        assertThat(printed.lines()).hasSize(4);
        var counts = aws.sqs().getQueueAttributes(b -> b.queueUrl(queue)
                .attributeNamesWithStrings("ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible")).attributesAsStrings();
        assertThat(Integer.parseInt(counts.get("ApproximateNumberOfMessages")) + Integer.parseInt(counts.get("ApproximateNumberOfMessagesNotVisible")))
                .as("only the garbage message is kept (in flight until its visibility timeout ends)").isEqualTo(1);
        assertThat(sfn.listExecutions(b -> b.stateMachineArn(arn)).executions()).extracting(e -> e.name())
                .containsExactlyInAnyOrder("dlq-7e1d0c2b-4a5f-4b6e-9d8c-1a2b3c4d5e01", "dlq-7e1d0c2b-4a5f-4b6e-9d8c-1a2b3c4d5e04");
    }
}
