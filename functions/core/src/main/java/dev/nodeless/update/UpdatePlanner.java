package dev.nodeless.update;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nodeless.cluster.SpecHash;
import dev.nodeless.spec.ClusterSpec;
import dev.nodeless.spec.InvalidSpecException;
import dev.nodeless.spec.SpecReader;
import dev.nodeless.spec.Specs;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Plans an update of a running cluster from a JSON merge patch (RFC 7396) of its registered spec. Pure; the
 * update-cluster Lambda and {@code nodeless plan --patch} both call it.
 * <ol>
 *   <li>The patch must be a JSON object (a merge patch of anything else would replace the whole spec).</li>
 *   <li>It is merged into the registered spec with {@code confirmAccessRemoval} emptied first: a confirmation is for
 *       the run it is given to, never carried over to the next update.</li>
 *   <li>The result is read, defaulted and validated like a bootstrap input (a member set to null takes its default).</li>
 *   <li>Every changed field gets its rule ({@link AffectedSteps}); one refused field refuses the whole patch, naming it.</li>
 *   <li>Admins and viewers the patch removes must each be listed in its {@code confirmAccessRemoval}, else the patch is
 *       refused naming them (ensureAccessEntries' own guard checks the same again against the entries in EKS).</li>
 * </ol>
 */
public final class UpdatePlanner {

    private UpdatePlanner() {}

    public static UpdatePlan plan(ClusterSpec registered, JsonNode patch, boolean dryRun) {
        String name = registered.clusterName();
        if (patch == null || !patch.isObject()) {
            return UpdatePlan.refused(name, "the patch must be a JSON object (an RFC 7396 merge patch of the registered spec), got "
                    + (patch == null || patch.isMissingNode() ? "nothing" : patch.getNodeType().name().toLowerCase()), List.of(), dryRun);
        }
        JsonNode before = SpecReader.MAPPER.valueToTree(registered);
        ((ObjectNode) before).putArray("confirmAccessRemoval");
        ClusterSpec merged;
        try {
            merged = Specs.normalise(MergePatch.apply(before, patch));
        } catch (InvalidSpecException e) {
            return UpdatePlan.refused(name, "the patched spec is invalid: " + String.join("; ", e.problems()), List.of(), dryRun);
        }
        List<SpecDiff.Change> changes = SpecDiff.between(before, SpecReader.MAPPER.valueToTree(merged));
        List<AffectedSteps.Rule> rules = new ArrayList<>();
        List<String> refusals = new ArrayList<>();
        for (SpecDiff.Change c : changes) {
            AffectedSteps.Rule rule = AffectedSteps.ruleFor(c.path());
            if (rule instanceof AffectedSteps.Refused r) refusals.add(c.path() + " cannot change: " + r.why());
            rules.add(rule);
        }
        if (!refusals.isEmpty()) return UpdatePlan.refused(name, String.join("; ", refusals), changes, dryRun);

        List<String> removals = accessRemovals(registered, merged);
        List<String> unconfirmed = removals.stream().filter(a -> !merged.confirmAccessRemoval().contains(a)).toList();
        if (!unconfirmed.isEmpty()) {
            return UpdatePlan.refused(name, "refusing to remove the access of " + unconfirmed + " from cluster " + name
                    + ": the patch leaves them out of admins and viewers; to remove them, also set confirmAccessRemoval to list them", changes, dryRun);
        }
        if (changes.isEmpty()) {
            return new UpdatePlan(name, UpdatePlan.UNCHANGED, "the patch changes nothing in the registered spec", merged, changes,
                    List.of(), UpdatePlan.runOf(List.of()), List.of(), dryRun, SpecHash.of(registered));
        }
        List<String> steps = AffectedSteps.steps(rules);
        String reason = changes.size() + " field(s) change; " + (steps.isEmpty() ? "registry only (read by the maintenance loop)"
                : "steps " + String.join(", ", steps)) + (removals.isEmpty() ? "" : "; removes the access of " + removals);
        return new UpdatePlan(name, UpdatePlan.CHANGES, reason, merged, changes, steps, UpdatePlan.runOf(steps), removals, dryRun,
                SpecHash.of(registered));
    }

    /** Principals that had access (admin or viewer) before and have none after. */
    static List<String> accessRemovals(ClusterSpec before, ClusterSpec after) {
        Set<String> had = new LinkedHashSet<>(before.admins());
        if (before.viewers() != null) had.addAll(before.viewers());
        Set<String> keeps = new LinkedHashSet<>(after.admins());
        if (after.viewers() != null) keeps.addAll(after.viewers());
        had.removeAll(keeps);
        return List.copyOf(had);
    }
}
