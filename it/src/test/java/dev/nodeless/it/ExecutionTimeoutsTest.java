package dev.nodeless.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.nodeless.it.support.Asl;
import dev.nodeless.it.support.Template;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every workflow bounds its execution ({@code TimeoutSeconds}), so the stack's timed-out alarms can fire, and the bound
 * never cuts a path that is still retrying as designed: an execution that ends {@code TIMED_OUT} means something hung
 * beyond every retry, not a slow but healthy run. The worst cases are computed from the definitions and the template.
 */
class ExecutionTimeoutsTest {

    /** Step Functions' own limit for a Standard execution: one year. */
    static final long ONE_YEAR = 365L * 24 * 3600;
    /** The fleet size docs/maintenance.md sizes the reconcile for ("100 and 1,000 clusters"). */
    static final int DOCUMENTED_FLEET = 1_000;
    /** A Task that is not a Lambda (maintain-buffer's PutEvents) has no function timeout; one attempt is bounded here by assumption. */
    static final int SERVICE_CALL_SECONDS = 60;

    private final Template template = Template.load();

    @Test
    void everyStateMachineInTheTemplate_setsAnExecutionTimeoutBelowTheServiceLimit() {
        assertThat(template.stateMachines()).isNotEmpty();
        template.stateMachines().forEach((id, resource) -> {
            String uri = resource.at("/Properties/DefinitionUri").asText();
            String name = uri.replaceFirst("^statemachine/", "").replaceFirst("\\.asl\\.json$", "");
            long timeout = Asl.load(name).tree().path("TimeoutSeconds").asLong();
            assertThat(timeout).as("%s TimeoutSeconds", uri).isPositive().isLessThan(ONE_YEAR);
        });
    }

    /** Each Task at most once per execution: every attempt of every retrier up to its function's timeout, plus backoff. */
    @Test
    void maintainBuffer_outlastsItsWorstRetryPath() {
        Asl asl = Asl.load("maintain-buffer");
        long worst = 0;
        for (Map.Entry<String, JsonNode> task : StateMachineDefinitionsTest.statesOfType(asl, "Task").entrySet()) {
            worst += worstSeconds(task.getValue(), attemptSeconds(task.getValue(), "MaintainBufferStateMachine"));
        }
        assertThat(worst).as("worst retry path").isGreaterThan(SERVICE_CALL_SECONDS);
        assertThat(asl.tree().path("TimeoutSeconds").asLong()).isGreaterThanOrEqualTo(worst);
    }

    /** Every cluster of the documented fleet hanging until its item's last retry, MaxConcurrency at a time. */
    @Test
    void reconcileFleet_outlastsADocumentedFleetThatHangsEverywhere() {
        Asl asl = Asl.load("reconcile-fleet");
        JsonNode map = asl.tree().at("/States/ReconcileEachCluster");
        JsonNode item = map.at("/ItemProcessor/States/ReconcileCluster");
        long perItem = worstSeconds(item, attemptSeconds(item, "ReconcileFleetStateMachine"));
        assertThat(perItem).as("an Express child ends within its 5-minute limit").isLessThanOrEqualTo(300);
        long waves = -Math.floorDiv(-DOCUMENTED_FLEET, map.path("MaxConcurrency").asInt());
        assertThat(asl.tree().path("TimeoutSeconds").asLong()).isGreaterThanOrEqualTo(waves * perItem);
    }

    private static long worstSeconds(JsonNode task, long attempt) {
        long attempts = 1;
        long backoff = 0;
        for (JsonNode retrier : task.path("Retry")) {
            int max = retrier.path("MaxAttempts").asInt(3);
            double interval = retrier.path("IntervalSeconds").asDouble(1);
            double rate = retrier.path("BackoffRate").asDouble(2);
            long cap = retrier.path("MaxDelaySeconds").asLong(Long.MAX_VALUE);
            attempts += max;
            for (int i = 0; i < max; i++) backoff += Math.min(cap, (long) Math.ceil(interval * Math.pow(rate, i)));
        }
        return attempts * attempt + backoff;
    }

    /** The Task's own TimeoutSeconds, else the Lambda's timeout (function, else Globals), else the service-call bound. */
    private long attemptSeconds(JsonNode task, String stateMachineId) {
        long own = task.path("TimeoutSeconds").asLong(Long.MAX_VALUE);
        String resource = task.path("Resource").asText();
        if (!resource.startsWith("${")) return Math.min(own, SERVICE_CALL_SECONDS);
        String placeholder = resource.substring(2, resource.length() - 1);
        String functionRef = template.resource(stateMachineId).at("/Properties/DefinitionSubstitutions/" + placeholder).asText();
        String functionId = functionRef.replaceFirst("\\.Alias$", "");
        JsonNode timeout = template.resource(functionId).at("/Properties/Timeout");
        long lambda = timeout.isMissingNode() ? template.root().at("/Globals/Function/Timeout").asLong() : timeout.asLong();
        assertThat(lambda).as("%s timeout", functionId).isPositive();
        return Math.min(own, lambda);
    }
}
