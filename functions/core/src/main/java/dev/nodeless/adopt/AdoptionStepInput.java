package dev.nodeless.adopt;

import java.util.Map;

/**
 * What adopt-cluster's Lambdas receive from the state machine.
 *
 * @param request the execution's input as given ({@link AdoptionRequest}); every step reads and checks it again (pure)
 * @param target  which part of the step: adoptCluster check/record/release/finish, adoptKubernetes install/uninstall
 * @param outputs earlier steps' results, keyed by target ({@code check}, {@code install}, {@code release}, ...)
 */
public record AdoptionStepInput(Map<String, Object> request, String target, Map<String, Object> outputs) {

    /** The cluster's name for logs, whatever the request holds. */
    public String clusterName() {
        return request == null || request.get("clusterName") == null ? null : String.valueOf(request.get("clusterName"));
    }

    /** A detail of an earlier step's result ({@code outputs.<step>.details.<key>}), or null. */
    public String detail(String step, String key) {
        if (outputs == null || !(outputs.get(step) instanceof Map<?, ?> result)) return null;
        return result.get("details") instanceof Map<?, ?> d && d.get(key) != null ? String.valueOf(d.get(key)) : null;
    }
}
