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

    /** moto with a maintain-buffer state machine that does not run, and the dead-letter queue. */
    static final class World {
        final AwsClients aws;
        final SfnClient sfn;
        final String arn;
        final String queue;

        World() {
            MotoServer moto = MotoServer.get();
            moto.reset();
            moto.post("/moto-api/config", "{\"stepfunctions\": {\"execute_state_machine\": false}}");
            aws = moto.clients("eu-west-1");
            sfn = aws.configure(SfnClient.builder()).build();
            arn = sfn.createStateMachine(b -> b.name("maintain-buffer").roleArn("arn:aws:iam::123456789012:role/r")
                    .definition("{\"StartAt\":\"S\",\"States\":{\"S\":{\"Type\":\"Succeed\"}}}")).stateMachineArn();
            queue = aws.sqs().createQueue(b -> b.queueName("nodeless-maintenance-dlq")).queueUrl();
        }
    }

    @Test
    void eachDeadLetter_startsOneExecutionNamedAfterTheEvent_onceEvenWhenRunTwice_andKeepsGarbage() {
        World w = new World();
        AwsClients aws = w.aws;
        SfnClient sfn = w.sfn;
        String arn = w.arn;
        String queue = w.queue;
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

    /** A Lambda asynchronous-invoke OnFailure destination record, as AWS documents its shape. */
    static String lambdaFailure(String functionName, String payload) {
        return "{\"version\":\"1.0\",\"timestamp\":\"2026-11-20T09:40:00.000Z\",\"requestContext\":{\"requestId\":\"e4b46cbf-b738-xmpl-8880-a18cdf61200e\","
                + "\"functionArn\":\"arn:aws:lambda:eu-west-1:123456789012:function:" + functionName + ":live\",\"condition\":\"RetriesExhausted\","
                + "\"approximateInvokeCount\":2},\"requestPayload\":" + payload + ",\"responseContext\":{\"statusCode\":200,"
                + "\"executedVersion\":\"3\",\"functionError\":\"Unhandled\"},\"responsePayload\":{\"errorMessage\":\"cluster demo unreachable\","
                + "\"errorType\":\"dev.nodeless.kube.RetryableKubeException\"}}";
    }

    @Test
    void lambdaDestinationRecords_replayTheirEvent_aFailedScheduledReconcileIsSuperseded_andDryRunChangesNothing() {
        World w = new World();
        AwsClients aws = w.aws;
        SfnClient sfn = w.sfn;
        String arn = w.arn;
        String queue = w.queue;
        String schedule = "{\"version\":\"0\",\"id\":\"53dc4d37-cffa-4f76-80c9-8b7d4a4d2eaa\",\"detail-type\":\"Scheduled Event\",\"source\":\"aws.events\","
                + "\"account\":\"123456789012\",\"time\":\"2026-11-20T09:35:00Z\",\"region\":\"eu-west-1\",\"resources\":[],\"detail\":{}}";
        aws.sqs().sendMessage(b -> b.queueUrl(queue).messageBody(lambdaFailure("nodeless-AdmitEvent", Fixtures.event(EventVariants.SPOT))));
        aws.sqs().sendMessage(b -> b.queueUrl(queue).messageBody(lambdaFailure("nodeless-ReconcileBuffers", schedule)));
        aws.sqs().sendMessage(b -> b.queueUrl(queue).messageBody("{\"id\": 1, \"id\": 2}"));

        ByteArrayOutputStream dry = new ByteArrayOutputStream();
        DlqReplayCommand.replay(aws.sqs(), sfn, queue, arn, 10, true, new PrintStream(dry, true, StandardCharsets.UTF_8));
        assertThat(dry.toString(StandardCharsets.UTF_8)).contains("\"action\":\"would-start\"", "\"action\":\"would-drop\"", "\"action\":\"kept\"");
        assertThat(sfn.listExecutions(b -> b.stateMachineArn(arn)).executions()).as("dry run starts nothing").isEmpty();

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = DlqReplayCommand.replay(aws.sqs(), sfn, queue, arn, 10, false, new PrintStream(out, true, StandardCharsets.UTF_8));
        String printed = out.toString(StandardCharsets.UTF_8);
        assertThat(code).as("the ambiguous message is kept and reported").isEqualTo(1);
        assertThat(printed).contains("\"via\":\"Lambda arn:aws:lambda:eu-west-1:123456789012:function:nodeless-AdmitEvent:live RetriesExhausted after 2 attempt(s): cluster demo unreachable\"")
                .contains("\"action\":\"dropped\"").contains("next scheduled reconcile");
        assertThat(sfn.listExecutions(b -> b.stateMachineArn(arn)).executions()).extracting(e -> e.name())
                .containsExactly("dlq-7e1d0c2b-4a5f-4b6e-9d8c-1a2b3c4d5e01");
    }

    /** The schedule's target is the reconcile-fleet state machine: a tick it could not start lands as the event itself. */
    @Test
    void aScheduleTickThatCouldNotStartReconcileFleet_isDroppedAsSuperseded_notReplayedIntoMaintainBuffer() {
        World w = new World();
        String tick = "{\"version\":\"0\",\"id\":\"a1dc4d37-cffa-4f76-80c9-8b7d4a4d2e01\",\"detail-type\":\"Scheduled Event\",\"source\":\"aws.events\","
                + "\"account\":\"123456789012\",\"time\":\"2026-11-20T09:35:00Z\",\"region\":\"eu-west-1\",\"resources\":[],\"detail\":{}}";
        w.aws.sqs().sendMessage(b -> b.queueUrl(w.queue).messageBody(tick));

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = DlqReplayCommand.replay(w.aws.sqs(), w.sfn, w.queue, w.arn, 10, false, new PrintStream(out, true, StandardCharsets.UTF_8));

        assertThat(code).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("\"action\":\"dropped\"").contains("could not start reconcile-fleet");
        assertThat(w.sfn.listExecutions(b -> b.stateMachineArn(w.arn)).executions()).isEmpty();
    }
}
