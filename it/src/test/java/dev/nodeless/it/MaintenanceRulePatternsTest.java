package dev.nodeless.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nodeless.aws.AwsClients;
import dev.nodeless.it.support.Asl;
import dev.nodeless.it.support.ProjectFiles;
import dev.nodeless.it.support.Template;
import dev.nodeless.testing.MotoServer;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;

/**
 * The template's EventBridge patterns, loaded into moto's EventBridge (which delivers to SQS targets), receive
 * the real-shaped reference events: each event reaches exactly its rule, and look-alikes that must not start a
 * maintain-buffer execution (an instance starting, a Health issue) reach none.
 */
class MaintenanceRulePatternsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final AwsClients aws = MotoServer.get().clients(Asl.REGION);
    private final Map<String, String> queueByRule = new LinkedHashMap<>();

    @BeforeEach
    void createRulesFromTheTemplate() {
        MotoServer.get().reset();
        Template.load().resourcesOfType("AWS::Events::Rule").forEach((id, rule) -> {
            JsonNode pattern = rule.at("/Properties/EventPattern");
            if (pattern.isMissingNode()) return; // the schedule
            String queueUrl = aws.sqs().createQueue(b -> b.queueName(id)).queueUrl();
            String queueArn = "arn:aws:sqs:" + Asl.REGION + ":" + Asl.ACCOUNT + ":" + id;
            aws.events().putRule(b -> b.name(id).eventPattern(pattern.toString()));
            aws.events().putTargets(b -> b.rule(id).targets(t -> t.id("q").arn(queueArn)));
            queueByRule.put(id, queueUrl);
        });
        // the notification rules are loaded too: no EC2 or Health event may reach them
        assertThat(queueByRule).containsOnlyKeys("SpotInterruptionWarningRule", "RebalanceRecommendationRule",
                "InstanceStateChangeRule", "ScheduledChangeRule",
                "BootstrapNotificationRule", "TeardownNotificationRule", "BufferGrowthNotificationRule");
    }

    @Test
    void spotWarning_reachesOnlyTheSpotInterruptionRule() throws IOException {
        assertThat(deliver(reference("ec2-spot-instance-interruption-warning.json"))).containsExactly("SpotInterruptionWarningRule");
    }

    @Test
    void rebalanceRecommendation_reachesOnlyTheRebalanceRule() throws IOException {
        assertThat(deliver(reference("ec2-instance-rebalance-recommendation.json"))).containsExactly("RebalanceRecommendationRule");
    }

    @Test
    void instanceGoingAway_reachesTheStateChangeRuleForEveryLeavingState() throws IOException {
        for (String state : List.of("stopping", "shutting-down", "stopped", "terminated")) {
            ObjectNode event = reference("ec2-instance-state-change-notification.json");
            ((ObjectNode) event.get("detail")).put("state", state);
            assertThat(deliver(event)).as(state).containsExactly("InstanceStateChangeRule");
        }
    }

    @Test
    void instanceStartingOrRunning_reachesNoRule() throws IOException {
        for (String state : List.of("pending", "running")) {
            ObjectNode event = reference("ec2-instance-state-change-notification.json");
            ((ObjectNode) event.get("detail")).put("state", state);
            assertThat(deliver(event)).as(state).isEmpty();
        }
    }

    @Test
    void scheduledRetirement_reachesOnlyTheScheduledChangeRule() throws IOException {
        assertThat(deliver(reference("aws-health-ec2-instance-retirement-scheduled.json"))).containsExactly("ScheduledChangeRule");
    }

    @Test
    void healthIssueOrOtherService_reachesNoRule() throws IOException {
        ObjectNode issue = reference("aws-health-ec2-instance-retirement-scheduled.json");
        ((ObjectNode) issue.get("detail")).put("eventTypeCategory", "issue");
        assertThat(deliver(issue)).isEmpty();
        ObjectNode rds = reference("aws-health-ec2-instance-retirement-scheduled.json");
        ((ObjectNode) rds.get("detail")).put("service", "RDS");
        assertThat(deliver(rds)).isEmpty();
    }

    private ObjectNode reference(String file) throws IOException {
        return (ObjectNode) JSON.readTree(Files.readString(ProjectFiles.reference().resolve("events").resolve(file)));
    }

    /** Puts one event on the default bus and answers which rules' queues received it. */
    private List<String> deliver(JsonNode event) {
        List<String> resources = new ArrayList<>();
        event.path("resources").forEach(r -> resources.add(r.asText()));
        var result = aws.events().putEvents(b -> b.entries(PutEventsRequestEntry.builder()
                .source(event.path("source").asText()).detailType(event.path("detail-type").asText())
                .detail(event.path("detail").toString()).resources(resources).build()));
        assertThat(result.failedEntryCount()).isZero();
        List<String> reached = new ArrayList<>();
        queueByRule.forEach((rule, url) -> {
            var messages = aws.sqs().receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10)).messages();
            if (!messages.isEmpty()) {
                reached.add(rule);
                messages.forEach(m -> aws.sqs().deleteMessage(b -> b.queueUrl(url).receiptHandle(m.receiptHandle())));
            }
        });
        return reached;
    }
}
