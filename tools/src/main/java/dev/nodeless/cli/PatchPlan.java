package dev.nodeless.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.nodeless.spec.ClusterSpec;
import dev.nodeless.spec.InvalidSpecException;
import dev.nodeless.spec.SpecReader;
import dev.nodeless.spec.Specs;
import dev.nodeless.update.SpecDiff;
import dev.nodeless.update.UpdatePlan;
import dev.nodeless.update.UpdatePlanner;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;

/**
 * {@code nodeless plan --spec <registered spec> --patch <merge patch>}: what update-cluster would change, offline, with
 * the same planner as its planUpdate step ({@link UpdatePlanner}): every changed field with its value before and after,
 * the steps it runs, and whose access it removes. A patch the update would refuse is one line on stderr, exit 2.
 */
final class PatchPlan {

    private PatchPlan() {}

    static int run(Map<String, String> opts, PrintStream out, PrintStream err) throws IOException {
        for (String other : new String[] {"--out", "--current", "--charts"}) {
            if (opts.containsKey(other)) {
                err.println("plan: --patch prints the update's diff and steps only; " + other + " does not apply to it");
                return 2;
            }
        }
        Path specFile = Path.of(opts.get("--spec"));
        Path patchFile = Path.of(opts.get("--patch"));
        ClusterSpec registered;
        JsonNode patch;
        try {
            registered = Specs.normalise(Files.readString(specFile));
        } catch (NoSuchFileException e) {
            err.println("plan: spec file not found: " + specFile);
            return 2;
        } catch (InvalidSpecException e) {
            err.println("plan: --spec " + specFile + " is not a valid cluster spec: " + String.join("; ", e.problems()));
            return 2;
        }
        try {
            patch = SpecReader.MAPPER.readTree(Files.readString(patchFile));
        } catch (NoSuchFileException e) {
            err.println("plan: patch file not found: " + patchFile);
            return 2;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            err.println("plan: --patch " + patchFile + " is not JSON: " + e.getOriginalMessage().replace('\n', ' '));
            return 2;
        }
        UpdatePlan plan = UpdatePlanner.plan(registered, patch, true);
        if (UpdatePlan.REFUSED.equals(plan.status())) {
            err.println("plan: update-cluster would refuse --patch " + patchFile + ": " + plan.reason());
            return 2;
        }
        print(out, plan);
        return 0;
    }

    static void print(PrintStream out, UpdatePlan plan) {
        out.printf("Update of cluster %s - offline, from the registered spec: %d change(s)%n", plan.clusterName(), plan.changes().size());
        for (SpecDiff.Change c : plan.changes()) out.printf("  %s: %s -> %s%n", c.path(), c.before(), c.after());
        if (UpdatePlan.UNCHANGED.equals(plan.status())) {
            out.println("Nothing to apply: update-cluster would end at once without writing.");
            return;
        }
        out.println("Steps, in order: registerCluster UPDATING (maintenance goes on with the running spec), "
                + (plan.steps().isEmpty() ? "" : String.join(", ", plan.steps()) + ", ") + "registerCluster ACTIVE (the new spec)");
        out.println("Access removed: " + (plan.accessRemovals().isEmpty() ? "none" : String.join(", ", plan.accessRemovals())));
    }
}
