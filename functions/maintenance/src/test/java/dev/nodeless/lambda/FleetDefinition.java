package dev.nodeless.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nodeless.testing.Fixtures;
import java.nio.file.Files;
import java.util.HashSet;
import java.util.Set;

/** The error names reconcile-fleet's per-cluster Task retries, read from the definition that is deployed. */
final class FleetDefinition {

    private FleetDefinition() {}

    static Set<String> retriedErrors() throws Exception {
        JsonNode asl = new ObjectMapper().readTree(Files.readString(Fixtures.root().resolve("statemachine/reconcile-fleet.asl.json")));
        Set<String> names = new HashSet<>();
        asl.at("/States/ReconcileEachCluster/ItemProcessor/States/ReconcileCluster/Retry")
                .forEach(r -> r.path("ErrorEquals").forEach(e -> names.add(e.asText())));
        if (names.isEmpty()) throw new AssertionError("ReconcileCluster has no Retry");
        return names;
    }
}
