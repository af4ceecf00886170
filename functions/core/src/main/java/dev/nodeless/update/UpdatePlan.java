package dev.nodeless.update;

import dev.nodeless.spec.ClusterSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What update-cluster will do (or refuses to do) for one merge patch of a registered spec; the update-cluster state
 * machine routes on {@code status} and on {@code run}, and its output carries the rest.
 *
 * @param status         {@link #CHANGES}, {@link #UNCHANGED} or {@link #REFUSED}
 * @param reason         in words: the refusal (naming the field and why), or a summary
 * @param spec           the merged, normalised spec to apply; null when refused
 * @param changes        every changed field (path, before, after)
 * @param steps          the steps to run, in the bootstrap's order (registerCluster runs in any case)
 * @param run            each step of {@link AffectedSteps#ORDER} to true or false, for the state machine's Choices
 * @param accessRemovals admins and viewers whose access this update removes (each confirmed in confirmAccessRemoval)
 * @param dryRun         true: nothing is applied, the plan is the execution's output
 * @param baseSpecHash   the hash of the registered spec the plan was made from ({@link dev.nodeless.cluster.SpecHash}): the
 *                       state machine stops when the registry holds another one by the time the update starts; null when refused
 */
public record UpdatePlan(String clusterName, String status, String reason, ClusterSpec spec, List<SpecDiff.Change> changes,
                         List<String> steps, Map<String, Boolean> run, List<String> accessRemovals, boolean dryRun,
                         String baseSpecHash) {

    public static final String CHANGES = "CHANGES";
    public static final String UNCHANGED = "UNCHANGED";
    public static final String REFUSED = "REFUSED";

    public static UpdatePlan refused(String clusterName, String reason, List<SpecDiff.Change> changes, boolean dryRun) {
        return new UpdatePlan(clusterName, REFUSED, reason, null, changes, List.of(), runOf(List.of()), List.of(), dryRun, null);
    }

    static Map<String, Boolean> runOf(List<String> steps) {
        Map<String, Boolean> run = new LinkedHashMap<>();
        for (String step : AffectedSteps.ORDER) run.put(step, steps.contains(step));
        return run;
    }
}
