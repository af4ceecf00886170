package dev.nodeless.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.fasterxml.jackson.databind.JsonNode;
import dev.nodeless.maintenance.ReconcileScheduler;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.List;

/**
 * The schedule's target: dry-run reconcile of every managed cluster; starts a maintain-buffer execution only
 * where the buffer must change, so an idle fleet leaves no execution history.
 */
@Named("reconcileBuffers")
public class ReconcileBuffersHandler implements RequestHandler<JsonNode, List<ReconcileScheduler.Outcome>> {

    private final ReconcileScheduler scheduler;

    @Inject
    public ReconcileBuffersHandler(ReconcileScheduler scheduler) {
        this.scheduler = scheduler;
    }

    @Override
    public List<ReconcileScheduler.Outcome> handleRequest(JsonNode scheduledEvent, Context context) {
        return scheduler.run();
    }
}
