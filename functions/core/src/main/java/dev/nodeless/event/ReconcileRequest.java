package dev.nodeless.event;

import java.time.Instant;
import java.util.List;

/**
 * Nodeless' own event (source {@code nodeless.maintenance}, detail-type {@code Buffer Reconcile Needed}): the
 * scheduled reconcile found that one cluster's buffer must change (Karpenter expiry ahead, stale marks, end of
 * cool-down, a baseline schedule window starting or ending) and started a maintain-buffer execution with this input so the change has an audit trail.
 */
public record ReconcileRequest(String eventId, String cluster, String reason) implements Disruption {

    public static final String KIND = "reconcile";
    public static final String SOURCE = "nodeless.maintenance";
    public static final String DETAIL_TYPE = "Buffer Reconcile Needed";

    static Classified parse(EventEnvelope e) {
        String cluster = e.detail().path("cluster").asText("");
        if (cluster.isBlank()) return new Ignored(e.id(), KIND, "reconcile request names no detail.cluster");
        return new ReconcileRequest(e.id(), cluster, e.detail().path("reason").asText(""));
    }

    @Override public String kind() { return KIND; }
    @Override public List<String> instanceIds() { return List.of(); }
    @Override public Instant deadline() { return null; }
    @Override public boolean drains() { return false; }
}
