package dev.nodeless.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.fasterxml.jackson.databind.JsonNode;
import dev.nodeless.update.ClusterUpdate;
import dev.nodeless.update.UpdatePlan;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import org.jboss.logging.Logger;

/**
 * First state of update-cluster: the execution's input ({@code clusterName}, {@code patch}, optional {@code dryRun})
 * in, the {@link UpdatePlan} out (merged spec, diff, steps to run, access removals). Reads the registry only; a refused
 * patch is an answer with status REFUSED, which the state machine ends on without writing anything.
 */
@Named("planUpdate")
public class PlanUpdateHandler implements RequestHandler<PlanUpdateHandler.Request, UpdatePlan> {

    private static final Logger LOG = Logger.getLogger(PlanUpdateHandler.class);

    /** The update-cluster execution input. */
    public record Request(String clusterName, JsonNode patch, Boolean dryRun) {}

    @Inject AwsStepRunner runner;

    @Override
    public UpdatePlan handleRequest(Request in, Context context) {
        Request request = in == null ? new Request(null, null, null) : in;
        UpdatePlan plan = new ClusterUpdate(runner.registry()).plan(request.clusterName(), request.patch(), Boolean.TRUE.equals(request.dryRun()));
        LOG.infof("%s %s: %s, %d change(s), steps %s, dryRun=%s: %s", ClusterUpdate.STEP, request.clusterName(), plan.status(),
                plan.changes().size(), plan.steps(), plan.dryRun(), plan.reason());
        return plan;
    }
}
