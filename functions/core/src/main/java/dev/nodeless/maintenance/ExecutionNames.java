package dev.nodeless.maintenance;

import dev.nodeless.spec.ResourceNames;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Collection;

/**
 * Names of the maintain-buffer executions Nodeless starts. Every name begins with the cluster ({@link #prefix}), so
 * the Step Functions console's name search and {@code nodeless status} find a cluster's history, and is at most
 * {@link #MAX} characters of {@code [A-Za-z0-9_-]} (Step Functions allows 80; CloudWatch-logged names need exactly
 * those characters).
 * <ul>
 *   <li>event-started: {@code <cluster>-<kind>-<event id>}; when that is too long the event id becomes 16 hex digits
 *       of its SHA-256, then the kind is left out (it is in the input and the history). A redelivered event gets the
 *       same name, which Step Functions refuses: idempotent;</li>
 *   <li>reconcile-started: {@code <cluster>-reconcile-<yyyyMMdd'T'HHmm>}, or {@code <cluster>-<yyyyMMdd'T'HHmm>} when
 *       that is too long: one per cluster and minute, so a schedule delivered twice starts one execution.</li>
 * </ul>
 * The cluster part is the cluster name itself up to {@link #CLUSTER_ROOM} characters (EKS allows 100); a longer name
 * keeps its first {@code CLUSTER_ROOM - 9} characters and gains {@code -} and 8 hex digits of its SHA-256, so two long
 * names that share a beginning still get different prefixes.
 */
public final class ExecutionNames {

    public static final int MAX = 80;
    /** Room for the cluster: what is left after {@code -} and the 16 hex digits of a hashed event id. */
    public static final int CLUSTER_ROOM = MAX - 1 - 16;
    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmm").withZone(ZoneOffset.UTC);

    private ExecutionNames() {}

    /** The cluster as it begins every execution name of it (without the {@code -} that follows). */
    public static String clusterPart(String cluster) {
        String safe = safe(cluster);
        return safe.length() <= CLUSTER_ROOM ? safe : safe.substring(0, CLUSTER_ROOM - 9) + "-" + ResourceNames.sha256(cluster).substring(0, 8);
    }

    /** What every execution name of this cluster starts with: {@link #clusterPart} and {@code -}. */
    public static String prefix(String cluster) {
        return clusterPart(cluster) + "-";
    }

    public static String forEvent(String cluster, String kind, String eventId) {
        String c = clusterPart(cluster);
        String k = safe(kind == null ? "event" : kind);
        String id = safe(eventId == null || eventId.isBlank() ? "none" : eventId);
        String full = c + "-" + k + "-" + id;
        if (full.length() <= MAX) return full;
        String hashed = ResourceNames.sha256(id).substring(0, 16);
        String shorter = c + "-" + k + "-" + hashed;
        return shorter.length() <= MAX ? shorter : c + "-" + hashed;
    }

    public static String forReconcile(String cluster, Instant now) {
        String c = clusterPart(cluster);
        String minute = MINUTE.format(now);
        String full = c + "-reconcile-" + minute;
        return full.length() <= MAX ? full : c + "-" + minute;
    }

    /**
     * Whether an execution of this name is one of {@code cluster}'s: it starts with the cluster's {@link #prefix} and
     * not with the longer prefix of another of {@code clusters} (so {@code demo} does not claim {@code demo-2}'s).
     */
    public static boolean belongsTo(String executionName, String cluster, Collection<String> clusters) {
        String mine = prefix(cluster);
        if (!executionName.startsWith(mine)) return false;
        for (String other : clusters) {
            String theirs = prefix(other);
            if (theirs.length() > mine.length() && executionName.startsWith(theirs)) return false;
        }
        return true;
    }

    private static String safe(String s) {
        return s.replaceAll("[^A-Za-z0-9_-]", "-");
    }
}
