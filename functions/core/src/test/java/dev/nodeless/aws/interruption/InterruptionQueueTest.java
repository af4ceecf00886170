package dev.nodeless.aws.interruption;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nodeless.aws.AwsTestSupport;
import dev.nodeless.aws.Json;
import dev.nodeless.bootstrap.StepResult;
import dev.nodeless.spec.ClusterSpec;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

class InterruptionQueueTest {

    private AwsTestSupport.Fixture f;
    private final ClusterSpec spec = AwsTestSupport.spec("demo");

    @BeforeEach
    void freshMoto() {
        f = AwsTestSupport.fresh();
    }

    @Test
    void queue_isEncryptedKeepsFiveMinutes_andOnlyEventBridgeMaySend() {
        StepResult r = f.steps().interruptionQueue().ensure(AwsTestSupport.input(spec, null));

        assertThat(r.status()).isEqualTo(StepResult.CREATED);
        assertThat(r.details()).containsEntry("queueName", "nodeless_demo").containsEntry("queueArn", "arn:aws:sqs:eu-west-1:123456789012:nodeless_demo");
        Map<QueueAttributeName, String> attrs = f.clients().sqs().getQueueAttributes(x -> x.queueUrl(r.details().get("queueUrl"))
                .attributeNames(QueueAttributeName.ALL)).attributes();
        assertThat(attrs).containsEntry(QueueAttributeName.MESSAGE_RETENTION_PERIOD, "300").containsEntry(QueueAttributeName.SQS_MANAGED_SSE_ENABLED, "true");
        var policy = Json.read(attrs.get(QueueAttributeName.POLICY));
        assertThat(policy.at("/Statement/0/Principal/Service").toString()).contains("events.amazonaws.com", "sqs.amazonaws.com");
        assertThat(policy.at("/Statement/0/Action").asText()).isEqualTo("sqs:SendMessage");
        assertThat(policy.at("/Statement/1/Effect").asText()).isEqualTo("Deny");
    }

    @Test
    void rules_matchTheFiveKarpenterEventKinds_andTargetTheQueue() {
        f.steps().interruptionQueue().ensure(AwsTestSupport.input(spec, null));

        var events = f.clients().events();
        List<String> detailTypes = new java.util.ArrayList<>();
        for (var rule : events.listRules(x -> x.namePrefix("nodeless_demo-")).rules()) {
            detailTypes.add(Json.read(rule.eventPattern()).at("/detail-type/0").asText());
            assertThat(events.listTargetsByRule(x -> x.rule(rule.name())).targets())
                    .singleElement().satisfies(t -> assertThat(t.arn()).isEqualTo("arn:aws:sqs:eu-west-1:123456789012:nodeless_demo"));
        }
        assertThat(detailTypes).containsExactlyInAnyOrder("AWS Health Event", "EC2 Spot Instance Interruption Warning",
                "EC2 Instance Rebalance Recommendation", "EC2 Instance State-change Notification",
                "EC2 Capacity Reservation Instance Interruption Warning");
    }

    @Test
    void spotWarningPutOnTheBus_arrivesInTheQueue() {
        StepResult r = f.steps().interruptionQueue().ensure(AwsTestSupport.input(spec, null));

        f.clients().events().putEvents(x -> x.entries(e -> e.source("aws.ec2").detailType("EC2 Spot Instance Interruption Warning")
                .detail("{\"instance-id\":\"i-0abc\",\"instance-action\":\"terminate\"}")));

        var messages = f.clients().sqs().receiveMessage(x -> x.queueUrl(r.details().get("queueUrl")).waitTimeSeconds(2)).messages();
        assertThat(messages).singleElement().satisfies(m -> assertThat(m.body()).contains("i-0abc"));
    }

    @Test
    void secondRun_isUnchanged_andChangedRetentionIsSetBack() {
        StepResult first = f.steps().interruptionQueue().ensure(AwsTestSupport.input(spec, null));
        assertThat(f.steps().interruptionQueue().ensure(AwsTestSupport.input(spec, null)).status()).isEqualTo(StepResult.UNCHANGED);
        f.clients().sqs().setQueueAttributes(x -> x.queueUrl(first.details().get("queueUrl"))
                .attributes(Map.of(QueueAttributeName.MESSAGE_RETENTION_PERIOD, "86400")));

        StepResult r = f.steps().interruptionQueue().ensure(AwsTestSupport.input(spec, null));

        assertThat(r.status()).isEqualTo(StepResult.UPDATED);
        assertThat(r.reason()).contains("MessageRetentionPeriod");
        assertThat(f.clients().sqs().getQueueAttributes(x -> x.queueUrl(first.details().get("queueUrl"))
                .attributeNames(QueueAttributeName.MESSAGE_RETENTION_PERIOD)).attributes()).containsEntry(QueueAttributeName.MESSAGE_RETENTION_PERIOD, "300");
    }

    @Test
    void delete_removesRulesAndQueue_thenReportsAbsent() {
        f.steps().interruptionQueue().ensure(AwsTestSupport.input(spec, null));

        assertThat(f.steps().interruptionQueue().delete(spec, "interruption-queue").status()).isEqualTo(StepResult.DELETED);
        assertThat(f.clients().events().listRules(x -> x.namePrefix("nodeless_demo")).rules()).isEmpty();
        assertThat(f.clients().sqs().listQueues(x -> x.queueNamePrefix("nodeless_demo")).queueUrls()).isEmpty();
        assertThat(f.steps().interruptionQueue().delete(spec, "interruption-queue").status()).isEqualTo(StepResult.ABSENT);
    }
}
