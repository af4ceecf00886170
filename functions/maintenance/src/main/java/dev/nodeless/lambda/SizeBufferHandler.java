package dev.nodeless.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.nodeless.maintenance.MaintenanceService;
import dev.nodeless.maintenance.MaintenanceStep;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/**
 * Step 3: mark at risk and resize. A failure (API down, conflicts beyond the retry budget) is thrown so the
 * state machine's Retry runs the idempotent step again.
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
        return service.size(step);
    }
}
