package dev.nodeless.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.fasterxml.jackson.databind.JsonNode;
import dev.nodeless.maintenance.ReconcileScheduler;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/**
 * reconcile-fleet's first step: the live clusters of the registry, one Map item each ({@code {"cluster": name}}),
 * and the registry items it could not read, reported by name. A registry fault is thrown classified, so the
 * workflow's Retry runs the read again.
 */
@Named("listManagedClusters")
public class ListManagedClustersHandler implements RequestHandler<JsonNode, ReconcileScheduler.Fleet> {

    private final ReconcileScheduler scheduler;

    @Inject
    public ListManagedClustersHandler(ReconcileScheduler scheduler) {
        this.scheduler = scheduler;
    }

    @Override
    public ReconcileScheduler.Fleet handleRequest(JsonNode scheduledEvent, Context context) {
        return StepFailures.translate("listing the managed clusters", scheduler::list);
    }
}
