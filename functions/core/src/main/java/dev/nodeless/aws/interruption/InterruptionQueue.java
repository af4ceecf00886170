package dev.nodeless.aws.interruption;

import dev.nodeless.aws.AwsAccount;
import dev.nodeless.aws.AwsErrors;
import dev.nodeless.aws.Json;
import dev.nodeless.aws.ResourceTags;
import dev.nodeless.bootstrap.StepInput;
import dev.nodeless.bootstrap.StepResult;
import dev.nodeless.spec.ClusterSpec;
import dev.nodeless.spec.ResourceNames;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.DescribeRuleResponse;
import software.amazon.awssdk.services.eventbridge.model.RuleState;
import software.amazon.awssdk.services.eventbridge.model.Tag;
import software.amazon.awssdk.services.eventbridge.model.Target;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;

/**
 * Step {@code ensureInterruptionQueue} and teardown stage {@code interruption-queue}: Karpenter's interruption
 * queue (SQS, SSE, 5-minute retention: an interruption older than that is useless) with a policy letting EventBridge
 * send to it, and the five EventBridge rules Karpenter v1.14 documents (scheduled health changes, spot interruption
 * warnings, rebalance recommendations, instance state changes, capacity reservation interruption warnings) targeting it. The Helm value
 * {@code settings.interruptionQueue} must name {@link ResourceNames#interruptionQueue()}.
 */
public final class InterruptionQueue {

    public static final String STEP = "ensureInterruptionQueue";
    public static final String TARGET_ID = "KarpenterInterruptionQueueTarget";
    public static final String RETENTION_SECONDS = "300";

    /** Event patterns by rule kind ({@link ResourceNames#INTERRUPTION_RULE_KINDS}), as Karpenter's getting-started template has them. */
    public static final Map<String, String> PATTERNS = Map.of(
            "scheduled-change", pattern("aws.health", "AWS Health Event"),
            "spot-interruption", pattern("aws.ec2", "EC2 Spot Instance Interruption Warning"),
            "rebalance", pattern("aws.ec2", "EC2 Instance Rebalance Recommendation"),
            "instance-state-change", pattern("aws.ec2", "EC2 Instance State-change Notification"),
            "capacity-reservation-interruption", pattern("aws.ec2", "EC2 Capacity Reservation Instance Interruption Warning"));

    private final SqsClient sqs;
    private final EventBridgeClient events;
    private final AwsAccount account;

    private final ResourceTags resourceTags;

    public InterruptionQueue(SqsClient sqs, EventBridgeClient events, AwsAccount account, ResourceTags resourceTags) {
        this.resourceTags = resourceTags;
        this.sqs = sqs;
        this.events = events;
        this.account = account;
    }

    public String queueArn(ClusterSpec spec) {
        return account.arn("sqs", new ResourceNames(spec.clusterName()).interruptionQueue());
    }

    /** Only EventBridge (and SQS itself) may send; nothing may use plain HTTP. */
    public String queuePolicy(ClusterSpec spec) {
        String arn = queueArn(spec);
        Map<String, Object> allow = new LinkedHashMap<>();
        allow.put("Sid", "AllowEventBridge");
        allow.put("Effect", "Allow");
        allow.put("Principal", Map.of("Service", List.of("events.amazonaws.com", "sqs.amazonaws.com")));
        allow.put("Action", "sqs:SendMessage");
        allow.put("Resource", arn);
        Map<String, Object> denyHttp = new LinkedHashMap<>();
        denyHttp.put("Sid", "DenyHTTP");
        denyHttp.put("Effect", "Deny");
        denyHttp.put("Principal", "*");
        denyHttp.put("Action", "sqs:*");
        denyHttp.put("Resource", arn);
        denyHttp.put("Condition", Map.of("Bool", Map.of("aws:SecureTransport", "false")));
        return Json.write(Map.of("Version", "2012-10-17", "Id", "EC2InterruptionPolicy", "Statement", List.of(allow, denyHttp)));
    }

    public StepResult ensure(StepInput input) {
        ClusterSpec spec = input.spec();
        ResourceNames names = new ResourceNames(spec.clusterName());
        return AwsErrors.call("ensuring the interruption queue of " + spec.clusterName(), () -> {
            List<String> created = new ArrayList<>();
            List<String> repaired = new ArrayList<>();
            Map<QueueAttributeName, String> wanted = Map.of(
                    QueueAttributeName.MESSAGE_RETENTION_PERIOD, RETENTION_SECONDS,
                    QueueAttributeName.SQS_MANAGED_SSE_ENABLED, "true",
                    QueueAttributeName.POLICY, queuePolicy(spec));
            String url = queueUrl(names.interruptionQueue());
            if (url == null) {
                url = sqs.createQueue(r -> r.queueName(names.interruptionQueue()).attributes(wanted).tags(resourceTags.of(spec))).queueUrl();
                created.add("queue " + names.interruptionQueue());
            } else {
                String u = url;
                Map<QueueAttributeName, String> actual = sqs.getQueueAttributes(r -> r.queueUrl(u).attributeNames(QueueAttributeName.ALL)).attributes();
                Map<QueueAttributeName, String> changed = new LinkedHashMap<>();
                wanted.forEach((k, v) -> {
                    boolean same = k == QueueAttributeName.POLICY ? actual.get(k) != null && Json.samePolicy(v, actual.get(k)) : v.equals(actual.get(k));
                    if (!same) changed.put(k, v);
                });
                if (!changed.isEmpty()) {
                    sqs.setQueueAttributes(r -> r.queueUrl(u).attributes(changed));
                    repaired.add("queue attributes " + changed.keySet());
                }
                Map<String, String> actualTags = sqs.listQueueTags(r -> r.queueUrl(u)).tags();
                resourceTags.requireOwned("SQS queue " + names.interruptionQueue(), actualTags);
                Map<String, String> missingTags = resourceTags.toAdd(resourceTags.of(spec), actualTags);
                if (!missingTags.isEmpty()) {
                    sqs.tagQueue(r -> r.queueUrl(u).tags(missingTags));
                    repaired.add("queue tags " + missingTags.keySet());
                }
            }
            String arn = queueArn(spec);
            for (String kind : ResourceNames.INTERRUPTION_RULE_KINDS) ensureRule(spec, names.interruptionRule(kind), PATTERNS.get(kind), arn, created, repaired);

            boolean fresh = created.size() == 1 + ResourceNames.INTERRUPTION_RULE_KINDS.size();
            String status = fresh ? StepResult.CREATED : created.isEmpty() && repaired.isEmpty() ? StepResult.UNCHANGED : StepResult.UPDATED;
            String reason = status.equals(StepResult.UNCHANGED) ? "queue and rules exist and match"
                    : (created.isEmpty() ? "" : "created " + created) + (repaired.isEmpty() ? "" : (created.isEmpty() ? "" : "; ") + "repaired " + repaired);
            return StepResult.done(STEP, null, status, reason, Map.of("queueName", names.interruptionQueue(), "queueUrl", url, "queueArn", arn));
        });
    }

    private void ensureRule(ClusterSpec spec, String name, String pattern, String queueArn, List<String> created, List<String> repaired) {
        DescribeRuleResponse rule = describeRule(name);
        if (rule == null) {
            events.putRule(r -> r.name(name).eventPattern(pattern).state(RuleState.ENABLED)
                    .description("Karpenter interruption handling for " + spec.clusterName()).tags(tags(spec)));
            created.add("rule " + name);
        } else if (requireOwnedRule(rule) && (!Json.read(pattern).equals(Json.read(rule.eventPattern())) || rule.state() != RuleState.ENABLED)) {
            // The tags again: the template allows PutRule only with this stack's ownership tag in the request.
            events.putRule(r -> r.name(name).eventPattern(pattern).state(RuleState.ENABLED)
                    .description("Karpenter interruption handling for " + spec.clusterName()).tags(tags(spec)));
            repaired.add("rule " + name + " pattern/state");
        }
        List<Target> targets = events.listTargetsByRule(r -> r.rule(name)).targets();
        boolean targetOk = targets.stream().anyMatch(t -> TARGET_ID.equals(t.id()) && queueArn.equals(t.arn()));
        if (!targetOk) {
            events.putTargets(r -> r.rule(name).targets(Target.builder().id(TARGET_ID).arn(queueArn).build()));
            if (rule != null) repaired.add("target of rule " + name);
        }
    }

    public StepResult delete(ClusterSpec spec, String stage) {
        ResourceNames names = new ResourceNames(spec.clusterName());
        return AwsErrors.call("deleting the interruption queue of " + spec.clusterName(), () -> {
            List<String> deleted = new ArrayList<>();
            for (String kind : ResourceNames.INTERRUPTION_RULE_KINDS) {
                String name = names.interruptionRule(kind);
                DescribeRuleResponse rule = describeRule(name);
                if (rule == null) continue;
                requireOwnedRule(rule);
                List<String> ids = events.listTargetsByRule(r -> r.rule(name)).targets().stream().map(Target::id).toList();
                if (!ids.isEmpty()) events.removeTargets(r -> r.rule(name).ids(ids));
                events.deleteRule(r -> r.name(name));
                deleted.add("rule " + name);
            }
            String url = queueUrl(names.interruptionQueue());
            if (url != null) {
                resourceTags.requireOwned("SQS queue " + names.interruptionQueue(), sqs.listQueueTags(r -> r.queueUrl(url)).tags());
                sqs.deleteQueue(r -> r.queueUrl(url));
                deleted.add("queue " + names.interruptionQueue());
            }
            return StepResult.done("teardownStep", stage, deleted.isEmpty() ? StepResult.ABSENT : StepResult.DELETED,
                    deleted.isEmpty() ? "no interruption queue or rule of this cluster" : "deleted " + deleted, Map.of());
        });
    }

    private String queueUrl(String name) {
        try {
            return sqs.getQueueUrl(r -> r.queueName(name)).queueUrl();
        } catch (QueueDoesNotExistException e) {
            return null;
        }
    }

    private DescribeRuleResponse describeRule(String name) {
        try {
            return events.describeRule(r -> r.name(name));
        } catch (software.amazon.awssdk.services.eventbridge.model.ResourceNotFoundException e) {
            return null;
        }
    }

    private boolean requireOwnedRule(DescribeRuleResponse rule) {
        Map<String, String> tags = new LinkedHashMap<>();
        events.listTagsForResource(r -> r.resourceARN(rule.arn())).tags().forEach(t -> tags.put(t.key(), t.value()));
        resourceTags.requireOwned("EventBridge rule " + rule.name(), tags);
        return true;
    }

    private List<Tag> tags(ClusterSpec spec) {
        return resourceTags.of(spec).entrySet().stream().map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList();
    }

    private static String pattern(String source, String detailType) {
        return Json.write(Map.of("source", List.of(source), "detail-type", List.of(detailType)));
    }
}
