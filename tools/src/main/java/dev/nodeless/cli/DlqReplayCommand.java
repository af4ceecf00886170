package dev.nodeless.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nodeless.aws.AwsClients;
import java.io.PrintStream;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionAlreadyExistsException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * {@code dlq-replay --queue-url <dead-letter queue> --state-machine-arn <maintain-buffer> [--region r] [--max n] [--dry-run]}
 *
 * <p>Events EventBridge could not deliver to the maintain-buffer state machine (after its retry policy) land in the
 * rule's dead-letter queue with the original event as the message body. This starts one execution per message,
 * named {@code dlq-<event id>} so running the command twice never handles an event twice, and deletes the message
 * only after the start succeeded (or the execution already exists). It does not re-publish to EventBridge: that
 * would also re-deliver the event to Karpenter's interruption queue. Sizing is level-triggered, so a late event is
 * harmless; a reconcile has usually healed its effect already.
 */
final class DlqReplayCommand implements Main.Command {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public String summary() {
        return "start maintain-buffer executions for events in the rules' dead-letter queue (--queue-url, --state-machine-arn)";
    }

    @Override
    public int run(String[] args, PrintStream out, PrintStream err) {
        String queue = null, arn = null, region = System.getenv().getOrDefault("AWS_REGION", "eu-west-1"), endpoint = null;
        int max = 100;
        boolean dryRun = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--queue-url" -> queue = value(args, ++i);
                case "--state-machine-arn" -> arn = value(args, ++i);
                case "--region" -> region = value(args, ++i);
                case "--endpoint-url" -> endpoint = value(args, ++i);
                case "--max" -> {
                    String v = value(args, ++i);
                    try {
                        max = Integer.parseInt(v);
                    } catch (NumberFormatException e) {
                        max = -1;
                    }
                    if (max < 1) {
                        err.println("dlq-replay: --max must be a whole number of messages, 1 or more, got '" + v + "'");
                        return 2;
                    }
                }
                case "--dry-run" -> dryRun = true;
                default -> {
                    err.println("dlq-replay: unknown option " + args[i]);
                    return 2;
                }
            }
        }
        if (queue == null || arn == null) {
            err.println("usage: nodeless dlq-replay --queue-url <url> --state-machine-arn <arn> [--region r] [--max n] [--dry-run]");
            return 2;
        }
        AwsClients aws = endpoint == null ? AwsClients.forRegion(region)
                : new AwsClients(region, Optional.of(URI.create(endpoint)), software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider.builder().build());
        return replay(aws.sqs(), aws.configure(SfnClient.builder()).build(), queue, arn, max, dryRun, out);
    }

    static int replay(SqsClient sqs, SfnClient sfn, String queue, String arn, int max, boolean dryRun, PrintStream out) {
        int handled = 0, failed = 0;
        while (handled + failed < max) {
            int want = Math.min(10, max - handled - failed);
            List<Message> batch = sqs.receiveMessage(r -> r.queueUrl(queue).maxNumberOfMessages(want).waitTimeSeconds(1)
                    .visibilityTimeout(dryRun ? 0 : 60)).messages();
            if (batch.isEmpty()) break;
            for (Message m : batch) {
                DeadLetterRecord record = DeadLetterRecord.read(m.body());
                if (record instanceof DeadLetterRecord.Unreadable u) {
                    out.println(JSON.createObjectNode().put("messageId", m.messageId()).put("action", "kept").put("reason", u.reason()));
                    failed++;
                    continue;
                }
                if (record instanceof DeadLetterRecord.Superseded s) {
                    if (!dryRun) sqs.deleteMessage(d -> d.queueUrl(queue).receiptHandle(m.receiptHandle()));
                    out.println(JSON.createObjectNode().put("messageId", m.messageId()).put("action", dryRun ? "would-drop" : "dropped")
                            .put("reason", s.reason()));
                    handled++;
                    continue;
                }
                DeadLetterRecord.Event ev = (DeadLetterRecord.Event) record;
                String id = ev.id();
                String input = ev.event().toString();
                String name = ("dlq-" + id).replaceAll("[^A-Za-z0-9_-]", "-");
                name = name.length() > 80 ? name.substring(0, 80) : name;
                String action;
                if (dryRun) {
                    action = "would-start";
                } else {
                    String execution = name;
                    try {
                        sfn.startExecution(s -> s.stateMachineArn(arn).name(execution).input(input));
                        action = "started";
                    } catch (ExecutionAlreadyExistsException e) {
                        // same name, execution finished (a running one with the same input is returned as started)
                        action = "already-started";
                    }
                    sqs.deleteMessage(d -> d.queueUrl(queue).receiptHandle(m.receiptHandle()));
                }
                out.println(JSON.createObjectNode().put("eventId", id).put("execution", name).put("action", action).put("via", ev.via()));
                handled++;
            }
            if (dryRun) break;
        }
        return failed == 0 ? 0 : 1;
    }

    private static String value(String[] args, int i) {
        if (i >= args.length) throw new IllegalArgumentException("option " + args[i - 1] + " needs a value");
        return args[i];
    }
}
