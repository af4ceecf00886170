package dev.nodeless.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.nodeless.kube.ReconcileClusterStep;
import dev.nodeless.maintenance.ReconcileScheduler;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/**
 * One item of reconcile-fleet's Map, input {@code {"cluster": name}}: a dry-run reconcile of that cluster, which starts
 * a maintain-buffer execution only when the buffer must change. A transient failure is thrown (the item's Retry),
 * any other is answered as a {@code failed} outcome; either is recorded on the cluster's registry item, and cleared by
 * the next success; see {@link ReconcileClusterStep}.
 */
@Named("reconcileCluster")
public class ReconcileClusterHandler implements RequestHandler<ReconcileScheduler.Item, ReconcileScheduler.Outcome> {

    private final ReconcileClusterStep step;

    public ReconcileClusterHandler(ReconcileScheduler scheduler) {
        this(scheduler, ReconcileClusterStep.FailureLog.NONE);
    }

    /** @param failures where a failed reconcile is recorded and a successful one clears it (the registry item) */
    @Inject
    public ReconcileClusterHandler(ReconcileScheduler scheduler, ReconcileClusterStep.FailureLog failures) {
        this.step = new ReconcileClusterStep(scheduler, failures, java.time.Clock.systemUTC());
    }

    @Override
    public ReconcileScheduler.Outcome handleRequest(ReconcileScheduler.Item item, Context context) {
        return item == null ? step.run(null) : step.run(item.cluster(), item.execution());
    }
}
