package dev.nodeless.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.nodeless.maintenance.MaintenanceService;
import dev.nodeless.maintenance.MaintenanceStep;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/** Step 2: instance to managed cluster (EC2 tags, registry) and to its Node (providerID). */
@Named("resolveTarget")
public class ResolveTargetHandler implements RequestHandler<MaintenanceStep, MaintenanceStep> {

    private final MaintenanceService service;

    @Inject
    public ResolveTargetHandler(MaintenanceService service) {
        this.service = service;
    }

    @Override
    public MaintenanceStep handleRequest(MaintenanceStep step, Context context) {
        return StepFailures.translate("resolving " + String.join(",", step.instanceIds()) + " of event " + step.eventId(),
                () -> service.resolve(step));
    }
}
