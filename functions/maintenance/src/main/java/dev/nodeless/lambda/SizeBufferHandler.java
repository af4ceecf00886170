package dev.nodeless.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.nodeless.maintenance.MaintenanceService;
import dev.nodeless.maintenance.MaintenanceStep;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/**
 * Step 3: mark at risk and resize. A transient failure (API down, conflicts beyond the retry budget) is thrown
 * under a name the state machine's Retry matches, so it runs the idempotent step again; see {@link StepFailures}.
 */
@Named("sizeBuffer")
public class SizeBufferHandler implements RequestHandler<MaintenanceStep, MaintenanceStep> {

    private final MaintenanceService service;

    @Inject
    public SizeBufferHandler(MaintenanceService service) {
        this.service = service;
    }

    @Override
    public MaintenanceStep handleRequest(MaintenanceStep step, Context context) {
        return StepFailures.translate("sizing the buffer for event " + step.eventId(), () -> service.size(step));
    }
}
