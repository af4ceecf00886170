package dev.nodeless.maintenance;

import dev.nodeless.buffer.BufferChange;
import java.time.Duration;
import java.util.Locale;

/**
 * What the maintenance loop reports to operators (port; the Lambdas write CloudWatch embedded metric format, see
 * {@code dev.nodeless.aws.metrics.EmbeddedMetrics}; the offline tools report nothing). Calls never fail the step
 * they describe. The metrics reference is docs/operations.md.
 */
public interface MaintenanceMetrics {

    /**
     * Why an event changed nothing. A closed set, because it is a metric dimension (each value is a metric with its
     * own monthly price): the free-text reason stays in the step's output and the log line.
     */
    enum IgnoredBecause {
        /** not an EventBridge event, or an impossible time (the step's action is "rejected") */
        MALFORMED,
        /** the disruption was already over (a late spot warning, a past maintenance window) */
        STALE,
        /** no parser for its (source, detail-type): a widened rule */
        UNKNOWN_KIND,
        /** a known kind that needs no action (an instance starting, a Health issue, a backup copy) */
        NOT_ACTIONABLE,
        /** no instance of the event belongs to a live Nodeless cluster (another team's instance, or none) */
        UNMANAGED,
        /** the cluster is managed, but no Node has the instance's providerID (not joined yet, or already gone) */
        NO_NODE,
        /** the cluster's maintenance is paused ({@code nodeless maintenance pause}) */
        PAUSED;

        /** The dimension value: lower case, words joined by '-'. */
        public String value() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /** sizeBuffer decided for one cluster: replicas after, at-risk nodes after, and the action (grow, shrink, none). */
    void decided(BufferChange change);

    /** An event of {@code kind} was ignored or rejected. */
    void ignored(String kind, IgnoredBecause reason);

    /** The scheduled reconcile's check of one cluster (reads, plans, no writes) took {@code took}. */
    void reconcileChecked(String cluster, Duration took);

    /** Reports nothing (offline tools, benchmarks). */
    MaintenanceMetrics NONE = new MaintenanceMetrics() {
        @Override public void decided(BufferChange change) {}
        @Override public void ignored(String kind, IgnoredBecause reason) {}
        @Override public void reconcileChecked(String cluster, Duration took) {}
    };
}
