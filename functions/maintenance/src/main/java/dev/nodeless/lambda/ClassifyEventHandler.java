package dev.nodeless.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.fasterxml.jackson.databind.JsonNode;
import dev.nodeless.maintenance.MaintenanceService;
import dev.nodeless.maintenance.MaintenanceStep;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/** Step 1 of maintain-buffer: the raw EventBridge event to a classified step (or ignored/rejected with a reason). */
@Named("classifyEvent")
public class ClassifyEventHandler implements RequestHandler<JsonNode, MaintenanceStep> {

    private final MaintenanceService service;

    @Inject
    public ClassifyEventHandler(MaintenanceService service) {
        this.service = service;
    }

    @Override
    public MaintenanceStep handleRequest(JsonNode event, Context context) {
        return service.classify(event);
    }
}
