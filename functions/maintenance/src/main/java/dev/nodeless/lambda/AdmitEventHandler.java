package dev.nodeless.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.fasterxml.jackson.databind.JsonNode;
import dev.nodeless.maintenance.EventAdmission;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/**
 * The target of the EC2 and Health rules: starts a maintain-buffer execution only for an event about a managed
 * cluster; every other event is answered "ignored because ..." and leaves no execution history.
 */
@Named("admitEvent")
public class AdmitEventHandler implements RequestHandler<JsonNode, EventAdmission.Decision> {

    private final EventAdmission admission;

    @Inject
    public AdmitEventHandler(EventAdmission admission) {
        this.admission = admission;
    }

    @Override
    public EventAdmission.Decision handleRequest(JsonNode event, Context context) {
        return StepFailures.translate("admitting event " + event.path("id").asText(""), () -> admission.admit(event));
    }
}
