package dev.nodeless.kube;

import dev.nodeless.aws.AwsErrors;
import dev.nodeless.aws.RetryableStepException;
import dev.nodeless.buffer.BufferConflictException;
import dev.nodeless.cluster.ReconcileFailure;
import dev.nodeless.maintenance.ReconcileScheduler;
import dev.nodeless.maintenance.ReconcileScheduler.Outcome;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.lang.System.Logger.Level;
import java.time.Clock;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * One Map item of the reconcile-fleet workflow: reconciles one cluster and classifies its failure the way the
 * maintain-buffer handlers do ({@link KubeFailures}, {@link AwsErrors}).
 * <ul>
 *   <li>transient ({@link RetryableKubeException}: 429, 5xx, no response; {@link RetryableStepException}: AWS
 *       throttling, 5xx, network; {@link BufferConflictException}) is thrown, so the Map item's Retry runs the
 *       idempotent dry run again and, once its attempts are spent, its Catch records the failure;</li>
 *   <li>anything else (403 from RBAC, no buffer object, a snapshot Nodeless cannot read, a bug) cannot get better by
 *       retrying within this tick: it is answered as a {@code failed} outcome with the cause, at once.</li>
 * </ul>
 * Either way one structured log line names the cluster, the outcome and the cause; the other clusters' items never
 * see it. And either way the failure (when, cause, whether retried, the reconcile-fleet execution) is recorded on the
 * cluster's registry item, and cleared by the next reconcile that succeeds ({@code reconciled} or {@code unchanged}),
 * so {@code nodeless status} shows a cluster whose reconcile keeps failing. A failure to record is logged, never
 * turned into the reconcile's outcome.
 */
public final class ReconcileClusterStep {

    private static final System.Logger LOG = System.getLogger(ReconcileClusterStep.class.getName());

    /** Port: records ({@code failure} not null) or clears (null) a cluster's last reconcile failure (the registry). */
    @FunctionalInterface
    public interface FailureLog {
        void set(String cluster, ReconcileFailure failure);

        FailureLog NONE = (cluster, failure) -> {};
    }

    private final ReconcileScheduler scheduler;
    private final FailureLog failures;
    private final Clock clock;

    public ReconcileClusterStep(ReconcileScheduler scheduler) {
        this(scheduler, FailureLog.NONE, Clock.systemUTC());
    }

    public ReconcileClusterStep(ReconcileScheduler scheduler, FailureLog failures, Clock clock) {
        this.scheduler = scheduler;
        this.failures = failures;
        this.clock = clock;
    }

    public Outcome run(String cluster) {
        return run(cluster, null);
    }

    /** @param execution the reconcile-fleet execution this item belongs to (recorded with a failure), or null */
    public Outcome run(String cluster, String execution) {
        long start = System.nanoTime();
        Outcome outcome;
        try {
            outcome = scheduler.reconcile(cluster);
        } catch (RuntimeException e) {
            RuntimeException c = classify("reconciling cluster " + cluster, e);
            boolean retry = retryable(c);
            log(cluster, ReconcileScheduler.FAILED, retry, c.getClass().getName(), c.getMessage(), start);
            String cause = shorten(c.getClass().getSimpleName() + ": " + c.getMessage());
            if (cluster != null && !cluster.isBlank()) remember(cluster, new ReconcileFailure(clock.instant(), cause, retry, execution));
            if (retry) throw compact(c);
            return Outcome.failed(cluster, cause);
        }
        log(cluster, outcome.outcome(), false, null, outcome.reason(), start);
        if (outcome.outcome().equals(ReconcileScheduler.RECONCILED) || outcome.outcome().equals(ReconcileScheduler.UNCHANGED)) {
            remember(cluster, null);
        }
        return outcome;
    }

    private void remember(String cluster, ReconcileFailure failure) {
        try {
            failures.set(cluster, failure);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "reconcile-cluster cluster={0} could not {1} its reconcile failure in the registry: {2}",
                    cluster, failure == null ? "clear" : "record", e.getMessage());
        }
    }

    /** A Kubernetes (REST or fabric8) or AWS SDK failure as the typed exception the state machines know; others unchanged. */
    public static RuntimeException classify(String doing, RuntimeException e) {
        if (e instanceof KubeApiException k) return KubeFailures.classify(doing, k);
        if (e instanceof KubernetesClientException k) return KubeFailures.classify(doing, k);
        if (e instanceof SdkException s) return AwsErrors.classify(s, doing);
        return e;
    }

    /** Longest cause a failure record carries; the log line above has it whole. */
    static final int MAX_CAUSE = 300;

    /**
     * The same type (the name the Retry matches) with a short message and no cause or stack trace: the Java runtime
     * puts all three into the error Step Functions passes to the item's Catch, and every failure record goes into the
     * Map's output, which must stay under 256 KiB for the whole fleet.
     */
    static RuntimeException compact(RuntimeException e) {
        String message = shorten(e.getMessage());
        RuntimeException small;
        if (e instanceof RetryableKubeException) small = new RetryableKubeException(message, null);
        else if (e instanceof RetryableStepException) small = new RetryableStepException(message);
        else if (e instanceof BufferConflictException) small = new BufferConflictException(message, null);
        else return e;
        small.setStackTrace(new StackTraceElement[0]);
        return small;
    }

    static String shorten(String s) {
        return s == null || s.length() <= MAX_CAUSE ? s : s.substring(0, MAX_CAUSE - 3) + "...";
    }

    /** The failures the workflow's Retry names (and only those). */
    public static boolean retryable(Throwable e) {
        return e instanceof RetryableKubeException || e instanceof RetryableStepException || e instanceof BufferConflictException;
    }

    private static void log(String cluster, String outcome, boolean retryable, String error, String cause, long start) {
        LOG.log(outcome.equals(ReconcileScheduler.FAILED) ? Level.WARNING : Level.INFO,
                "reconcile-cluster cluster={0} outcome={1} retryable={2} error={3} millis={4} cause={5}",
                cluster, outcome, retryable, error, (System.nanoTime() - start) / 1_000_000, cause);
    }
}
