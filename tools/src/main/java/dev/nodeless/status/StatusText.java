package dev.nodeless.status;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** {@code status} for people: one block per cluster, a line per fact, every execution with its console link. */
public final class StatusText {

    private StatusText() {}

    public static String render(String stack, String region, Instant now, StatusReader.Report report) {
        StringBuilder out = new StringBuilder();
        out.append("stack ").append(stack).append(" (").append(region).append("), ").append(report.clusters().size())
                .append(" cluster(s), at ").append(now).append('\n');
        for (ClusterStatus c : report.clusters()) cluster(out, c, now);
        for (String bad : report.unreadable()) out.append("\nunreadable registry item ").append(bad).append('\n');
        return out.toString();
    }

    private static void cluster(StringBuilder out, ClusterStatus c, Instant now) {
        ClusterStatus.Registry r = c.registry();
        out.append('\n').append(c.cluster()).append("  ").append(r.status()).append("  ").append(r.region()).append('\n');
        line(out, "spec", "sha256 " + r.specHash().substring(0, Math.min(12, r.specHash().length()))
                + (r.kubernetesVersion() == null ? "" : ", Kubernetes " + r.kubernetesVersion())
                + (r.karpenterVersion() == null ? "" : ", Karpenter " + r.karpenterVersion())
                + ", registered " + r.createdAt() + ", updated " + r.updatedAt());
        line(out, "maintenance", r.pause() == null ? "running"
                : "PAUSED by " + r.pause().by() + " at " + r.pause().at() + " (" + ago(r.pause().at(), now) + "): " + r.pause().reason());
        if (r.lastError() != null) {
            line(out, "last error", r.lastError());
            if (r.lastFailedExecution() != null) line(out, "", ExecutionHistory.console(r.region(), r.lastFailedExecution()));
        }
        if (r.reconcileFailure() == null) {
            line(out, "reconcile", "no failure recorded");
        } else {
            var f = r.reconcileFailure();
            line(out, "reconcile", "FAILED at " + f.at() + " (" + ago(f.at(), now) + ")"
                    + (f.retryable() ? ", transient (retried within the run)" : "") + ": " + f.cause());
            if (f.execution() != null) line(out, "", ExecutionHistory.console(r.region(), f.execution()));
        }
        if (c.buffer() == null) {
            line(out, "buffer", "not read: " + c.bufferUnavailable());
        } else {
            buffer(out, c.buffer(), now);
            for (ClusterStatus.Buffer pool : c.poolBuffers()) buffer(out, pool, now);
        }
        if (c.executionsUnavailable() != null) {
            line(out, "executions", "not listed: " + c.executionsUnavailable());
        } else if (c.executions().isEmpty()) {
            line(out, "executions", "none found (searched by name: " + dev.nodeless.maintenance.ExecutionNames.prefix(c.cluster()) + "...)");
        } else {
            line(out, "executions", "");
            for (ClusterStatus.Run e : c.executions()) {
                out.append(String.format("    %-17s %-10s %-20s %s%n", e.workflow(), e.status(),
                        e.started() == null ? "-" : e.started().truncatedTo(java.time.temporal.ChronoUnit.SECONDS), e.name()));
                if (e.note() != null) out.append("    ").append(" ".repeat(18)).append(e.note()).append('\n');
                out.append("    ").append(" ".repeat(18)).append(e.console()).append('\n');
            }
        }
    }

    private static void buffer(StringBuilder out, ClusterStatus.Buffer b, Instant now) {
        line(out, b.pool() == null ? "buffer" : "pool buffer", b.object() + (b.pool() == null ? "" : " (NodePool " + b.pool() + ")") + ": " + b.replicas() + " replica(s); baseline " + b.baseline()
                + (b.baselineNow() != b.baseline() ? " (now " + b.baselineNow() + (b.share() != null ? ", share of requests " + b.share() : "") + ")" : "")
                + ", max " + b.maxReplicas());
        if (b.lastChange() != null) {
            ClusterStatus.LastChange l = b.lastChange();
            line(out, "last change", l.trigger() + ": " + l.before() + " -> " + l.after() + "; " + l.reason());
        }
        List<ClusterStatus.AtRiskNode> nodes = b.atRisk();
        line(out, "at risk", nodes.isEmpty() ? "no node" : nodes.size() + " node(s)");
        if (!nodes.isEmpty()) {
            out.append(String.format("    %-44s %-20s %-22s %-32s %8s %8s%n", "NODE", "INSTANCE", "TRIGGER", "DEADLINE", "CPU", "MEMORY"));
            for (ClusterStatus.AtRiskNode n : nodes) {
                String deadline = n.deadline() == null ? "-" : n.deadline() + " (" + until(n.deadline(), now) + ")";
                out.append(String.format("    %-44s %-20s %-22s %-32s %8s %8s%n", n.node(), n.instanceId() == null ? "-" : n.instanceId(),
                        n.trigger(), deadline, n.milliCpu() + "m", mebibytes(n.memoryBytes())));
            }
        }
        if (b.labeledOnly() != null && !b.labeledOnly().isEmpty()) {
            line(out, "", "labeled at risk but not in the ledger (the next reconcile removes the label): " + String.join(", ", b.labeledOnly()));
        }
    }

    private static void line(StringBuilder out, String label, String text) {
        out.append(String.format("  %-12s %s", label, text).stripTrailing()).append('\n');
    }

    private static String mebibytes(long bytes) {
        return ((bytes + (1L << 20) - 1) >> 20) + "Mi";
    }

    static String until(Instant t, Instant now) {
        return now.isAfter(t) ? short_(Duration.between(t, now)) + " ago" : "in " + short_(Duration.between(now, t));
    }

    private static String ago(Instant t, Instant now) {
        return t == null ? "?" : until(t, now);
    }

    private static String short_(Duration d) {
        long s = d.getSeconds();
        if (s < 60) return s + "s";
        if (s < 3600) return (s / 60) + "m" + (s % 60 == 0 ? "" : (s % 60) + "s");
        if (s < 86400) return (s / 3600) + "h" + ((s % 3600) / 60 == 0 ? "" : ((s % 3600) / 60) + "m");
        return (s / 86400) + "d" + ((s % 86400) / 3600 == 0 ? "" : ((s % 86400) / 3600) + "h");
    }
}
