package dev.nodeless.aws.metrics;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nodeless.buffer.BufferChange;
import dev.nodeless.maintenance.MaintenanceMetrics;
import java.io.PrintStream;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/**
 * {@link MaintenanceMetrics} as CloudWatch embedded metric format (EMF): one JSON object per line on standard output,
 * from which CloudWatch Logs extracts the metrics (no API call, no SDK client, no extra cold-start cost). Specification:
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html
 * <p>Written with {@code System.out}, which the Lambda Java runtime passes to the log stream line by line as is (the
 * JSON log format structures only LambdaLogger and Log4j2 output, per Lambda's "Configuring JSON and plain text log
 * formats"), so each line stays a top-level EMF object. Writing is
 * synchronous: a metric is in the log before the handler answers, so a later timeout cannot lose it.
 */
public final class EmbeddedMetrics implements MaintenanceMetrics {

    private static final System.Logger LOG = System.getLogger(EmbeddedMetrics.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String namespace;
    private final Clock clock;
    private final Consumer<String> out;

    public EmbeddedMetrics(String namespace, Clock clock, Consumer<String> out) {
        if (namespace == null || namespace.isBlank()) throw new IllegalArgumentException("a CloudWatch namespace is required");
        this.namespace = namespace;
        this.clock = clock;
        this.out = out;
    }

    /** To standard output, one line per document, flushed at once. */
    public static EmbeddedMetrics toStdout(String namespace, Clock clock) {
        PrintStream stdout = System.out;
        return new EmbeddedMetrics(namespace, clock, line -> {
            stdout.println(line);
            stdout.flush();
        });
    }

    @Override
    public void decided(BufferChange c) {
        // a NodePool's own buffer is a series of its own (cluster, buffer); the top-level buffer's stays (cluster)
        List<String> per = c.buffer() == null ? List.of("cluster") : List.of("cluster", "buffer");
        ObjectNode doc = document(
                directive(List.of(per), metric("BufferReplicas", "Count"), metric("AtRiskNodes", "Count")),
                directive(List.of(List.of("cluster", "action"), List.of("action")), metric("Decisions", "Count")));
        doc.put("cluster", c.cluster());
        if (c.buffer() != null) doc.put("buffer", c.buffer());
        doc.put("action", c.action())
                .put("BufferReplicas", c.replicasAfter()).put("AtRiskNodes", c.atRisk().size()).put("Decisions", 1)
                // properties, not metrics: searchable with Logs Insights next to the numbers
                .put("trigger", c.trigger()).put("replicasBefore", c.replicasBefore());
        write(doc);
    }

    @Override
    public void ignored(String kind, IgnoredBecause reason) {
        ObjectNode doc = document(directive(List.of(List.of("kind", "reason")), metric("EventsIgnored", "Count")));
        doc.put("kind", kind == null || kind.isBlank() ? "unknown" : kind).put("reason", reason.value()).put("EventsIgnored", 1);
        write(doc);
    }

    @Override
    public void reconcileChecked(String cluster, Duration took) {
        ObjectNode doc = document(directive(List.of(List.of("cluster")), metric("ReconcileDuration", "Milliseconds")));
        doc.put("cluster", cluster).put("ReconcileDuration", took.toMillis());
        write(doc);
    }

    private ObjectNode document(ObjectNode... directives) {
        ObjectNode doc = JSON.createObjectNode();
        ObjectNode aws = doc.putObject("_aws");
        aws.put("Timestamp", clock.millis());
        ArrayNode list = aws.putArray("CloudWatchMetrics");
        for (ObjectNode d : directives) list.add(d);
        return doc;
    }

    private ObjectNode directive(List<List<String>> dimensionSets, ObjectNode... metrics) {
        ObjectNode d = JSON.createObjectNode().put("Namespace", namespace);
        ArrayNode sets = d.putArray("Dimensions");
        for (List<String> set : dimensionSets) {
            ArrayNode names = sets.addArray();
            set.forEach(names::add);
        }
        ArrayNode list = d.putArray("Metrics");
        for (ObjectNode m : metrics) list.add(m);
        return d;
    }

    private static ObjectNode metric(String name, String unit) {
        return JSON.createObjectNode().put("Name", name).put("Unit", unit);
    }

    /** A metric that cannot be written is logged and dropped: reporting must never fail the buffer change it reports. */
    private void write(ObjectNode doc) {
        try {
            out.accept(doc.toString());
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "dropping a metric that could not be written: " + e);
        }
    }
}
