package dev.nodeless.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nodeless.aws.metrics.EmbeddedMetrics;
import dev.nodeless.buffer.BufferChange;
import dev.nodeless.it.support.Template;
import dev.nodeless.maintenance.MaintenanceMetrics;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The operations block of template.yaml read as a tree: every state machine and every function is covered by alarms,
 * every alarm and notification goes to the one topic, whose policy admits exactly those publishers, and the dashboard
 * asks for the metrics the maintenance functions really write (names and dimension sets from {@link EmbeddedMetrics}).
 */
class OperationsTemplateTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final Template template = Template.load();
    private final Map<String, JsonNode> alarms = template.resourcesOfType("AWS::CloudWatch::Alarm");

    /** Alarms on {@code namespace}/{@code metric} whose dimension {@code dimension} is {@code value} (a logical id or its attribute). */
    private List<String> alarmsOn(String namespace, String metric, String dimension, String value) {
        List<String> ids = new ArrayList<>();
        alarms.forEach((id, a) -> {
            JsonNode p = a.path("Properties");
            if (!p.path("Namespace").asText().equals(namespace) || !p.path("MetricName").asText().equals(metric)) return;
            for (JsonNode d : p.path("Dimensions")) {
                if (d.path("Name").asText().equals(dimension) && d.path("Value").asText().equals(value)) ids.add(id);
            }
        });
        return ids;
    }

    @Test
    void everyStateMachine_hasAFailedAndATimedOutAlarm() {
        assertThat(template.stateMachines()).isNotEmpty();
        for (String sm : template.stateMachines().keySet()) {
            assertThat(alarmsOn("AWS/States", "ExecutionsFailed", "StateMachineArn", sm)).as(sm + " failed").hasSize(1);
            assertThat(alarmsOn("AWS/States", "ExecutionsTimedOut", "StateMachineArn", sm)).as(sm + " timed out").hasSize(1);
        }
    }

    @Test
    void everyFunction_hasAnErrorsAndAThrottlesAlarm() {
        assertThat(template.functions()).hasSizeGreaterThan(10);
        for (String fn : template.functions().keySet()) {
            assertThat(alarmsOn("AWS/Lambda", "Errors", "FunctionName", fn)).as(fn + " errors").hasSize(1);
            assertThat(alarmsOn("AWS/Lambda", "Throttles", "FunctionName", fn)).as(fn + " throttles").hasSize(1);
        }
    }

    @Test
    void deadLetterQueue_alarmsOnAnyVisibleMessage() {
        List<String> ids = alarmsOn("AWS/SQS", "ApproximateNumberOfMessagesVisible", "QueueName", "MaintenanceDeadLetterQueue.QueueName");
        assertThat(ids).hasSize(1);
        JsonNode p = alarms.get(ids.get(0)).path("Properties");
        assertThat(p.path("ComparisonOperator").asText()).isEqualTo("GreaterThanThreshold");
        assertThat(p.path("Threshold").asDouble()).isZero();
    }

    /** Each alarm fires on one bad period, sends to the topic, stays quiet without data, and is named under the policy's prefix. */
    @Test
    void everyAlarm_sendsToTheAlertTopic_underTheStackPrefixThePolicyAdmits() {
        assertThat(alarms).hasSize(2 * template.stateMachines().size() + 2 * template.functions().size() + 1);
        Set<String> names = new HashSet<>();
        alarms.forEach((id, a) -> {
            JsonNode p = a.path("Properties");
            assertThat(p.path("AlarmActions")).as(id).singleElement().satisfies(t -> assertThat(t.asText()).isEqualTo("AlertTopic"));
            assertThat(p.path("TreatMissingData").asText()).as(id).isEqualTo("notBreaching");
            assertThat(p.path("EvaluationPeriods").asInt()).as(id).isEqualTo(1);
            assertThat(p.path("AlarmDescription").asText()).as(id).contains("docs/operations.md#");
            String name = p.path("AlarmName").asText();
            assertThat(name).as(id).startsWith("${AWS::StackName}-");
            assertThat(names.add(name)).as("unique alarm name " + name).isTrue();
        });
        JsonNode cw = statement("CloudWatchAlarms");
        assertThat(cw.at("/Principal/Service").asText()).isEqualTo("cloudwatch.amazonaws.com");
        assertThat(cw.at("/Condition/ArnLike/aws:SourceArn").asText()).endsWith(":alarm:${AWS::StackName}-*");
        assertThat(cw.at("/Condition/StringEquals/aws:SourceAccount").asText()).isEqualTo("AWS::AccountId");
    }

    /** The topic admits EventBridge only from the rules that target it, and every rule that targets it is admitted. */
    @Test
    void topicPolicy_admitsExactlyTheNotificationRules_andOnlyPublish() {
        Set<String> targeting = new TreeSet<>();
        template.resourcesOfType("AWS::Events::Rule").forEach((id, rule) -> {
            for (JsonNode t : rule.at("/Properties/Targets")) if (t.path("Arn").asText().equals("AlertTopic")) targeting.add(id + ".Arn");
        });
        assertThat(targeting).containsExactly("BootstrapNotificationRule.Arn", "BufferGrowthNotificationRule.Arn", "TeardownNotificationRule.Arn");
        JsonNode eb = statement("EventBridgeNotifications");
        assertThat(eb.at("/Principal/Service").asText()).isEqualTo("events.amazonaws.com");
        Set<String> admitted = new TreeSet<>();
        eb.at("/Condition/ArnEquals/aws:SourceArn").forEach(a -> admitted.add(a.asText()));
        assertThat(admitted).isEqualTo(targeting);
        for (JsonNode st : template.resource("AlertTopicPolicy").at("/Properties/PolicyDocument/Statement")) {
            assertThat(st.path("Action").asText()).isEqualTo("sns:Publish");
            assertThat(st.path("Resource").asText()).isEqualTo("AlertTopic");
        }
    }

    @Test
    void emailSubscription_existsOnlyWhenAnAddressIsGiven() {
        JsonNode sub = template.resource("AlertEmailSubscription");
        assertThat(sub.path("Condition").asText()).isEqualTo("HasAlertEmail");
        assertThat(sub.at("/Properties/Endpoint").asText()).isEqualTo("AlertEmail");
        assertThat(template.root().at("/Parameters/AlertEmail/Default").asText()).isEmpty();
        assertThat(template.root().at("/Conditions/HasAlertEmail").toString()).contains("AlertEmail");
        assertThat("").matches(template.root().at("/Parameters/AlertEmail/AllowedPattern").asText());
        assertThat("ops@example.com").matches(template.root().at("/Parameters/AlertEmail/AllowedPattern").asText());
    }

    /** The SEARCH expressions name the metrics and exact dimension sets the EMF writer emits; new clusters appear by themselves. */
    @Test
    void dashboard_searchesTheMetricsTheFunctionsWrite_andShowsEveryStateMachineAndTheQueue() throws IOException {
        JsonNode body = dashboard();
        Map<String, Set<String>> written = writtenMetrics();
        Pattern search = Pattern.compile("SEARCH\\('\\{\"Nodeless/\\$\\{AWS::StackName}\",([a-z,]+)} MetricName=\"(\\w+)\"', '(Sum|Maximum)', 300\\)");
        Set<String> searched = new TreeSet<>();
        for (JsonNode expression : body.findValues("expression")) {
            Matcher m = search.matcher(expression.asText());
            assertThat(m.matches()).as(expression.asText()).isTrue();
            searched.add(m.group(2));
            assertThat(written.get(m.group(2))).as("dimension sets written for " + m.group(2)).contains(m.group(1));
        }
        assertThat(searched).contains("BufferReplicas", "AtRiskNodes", "Decisions", "EventsIgnored", "ReconcileDuration");
        assertThat(template.functions().get("SizeBufferFunction")).isNotNull();
        assertThat(template.root().at("/Globals/Function/Environment/Variables/NODELESS_METRICS_NAMESPACE").asText())
                .isEqualTo("Nodeless/${AWS::StackName}");
        String text = body.toString();
        for (String sm : template.stateMachines().keySet()) {
            assertThat(text).as(sm).contains("\"ExecutionsFailed\",\"StateMachineArn\",\"${" + sm + "}\"");
        }
        assertThat(text).contains("\"ApproximateNumberOfMessagesVisible\",\"QueueName\",\"${MaintenanceDeadLetterQueue.QueueName}\"");
    }

    /** The dashboard body as CloudFormation would send it once !Sub has replaced its ${...} references. */
    private JsonNode dashboard() throws IOException {
        String body = template.resource("OperationsDashboard").at("/Properties/DashboardBody").asText();
        return JSON.readTree(body); // ${...} sit inside JSON strings, so the body parses before substitution too
    }

    /** Metric name -> dimension sets ("cluster", "cluster,action") of the documents the EMF writer produces. */
    private static Map<String, Set<String>> writtenMetrics() throws IOException {
        List<String> lines = new ArrayList<>();
        EmbeddedMetrics emf = new EmbeddedMetrics("Nodeless", Clock.systemUTC(), lines::add);
        emf.decided(new BufferChange("demo", "spot-interruption", "n1", "grow", 2, 5, "r", List.of("n1"), true));
        emf.ignored("spot-interruption", MaintenanceMetrics.IgnoredBecause.UNMANAGED);
        emf.reconcileChecked("demo", Duration.ofMillis(5));
        Map<String, Set<String>> out = new java.util.HashMap<>();
        for (String line : lines) {
            for (JsonNode d : JSON.readTree(line).at("/_aws/CloudWatchMetrics")) {
                for (JsonNode metric : d.path("Metrics")) {
                    for (JsonNode set : d.path("Dimensions")) {
                        List<String> names = new ArrayList<>();
                        set.forEach(n -> names.add(n.asText()));
                        out.computeIfAbsent(metric.path("Name").asText(), k -> new HashSet<>()).add(String.join(",", names));
                    }
                }
            }
        }
        return out;
    }

    private JsonNode statement(String sid) {
        for (JsonNode st : template.resource("AlertTopicPolicy").at("/Properties/PolicyDocument/Statement")) {
            if (st.path("Sid").asText().equals(sid)) return st;
        }
        throw new AssertionError("AlertTopicPolicy has no statement " + sid);
    }
}
