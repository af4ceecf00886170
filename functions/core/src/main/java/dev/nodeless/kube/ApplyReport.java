package dev.nodeless.kube;

import java.util.List;

/**
 * What one apply run did, object by object, in the order applied.
 *
 * @param objects     every object applied, with what changed
 * @param pendingCrds CRDs applied but not yet {@code Established}; when not empty the objects that may depend
 *                    on them were not applied yet and the step must run again
 */
public record ApplyReport(List<Applied> objects, List<String> pendingCrds) {

    public enum Change { CREATED, CONFIGURED, UNCHANGED }

    /** @param ref {@code Kind namespace/name} or {@code Kind name} for cluster-scoped objects */
    public record Applied(String ref, Change change) {}

    public ApplyReport {
        objects = List.copyOf(objects);
        pendingCrds = List.copyOf(pendingCrds);
    }

    public boolean complete() { return pendingCrds.isEmpty(); }

    public long count(Change change) { return objects.stream().filter(o -> o.change() == change).count(); }

    public boolean changedAnything() { return count(Change.CREATED) + count(Change.CONFIGURED) > 0; }

    /** Objects created or configured, at most {@code max} of them, then "and N more" (keeps the step output small). */
    public String changed(int max) {
        List<String> refs = objects.stream().filter(o -> o.change() != Change.UNCHANGED).map(o -> o.change().name().toLowerCase() + " " + o.ref()).toList();
        if (refs.size() <= max) return String.join(", ", refs);
        return String.join(", ", refs.subList(0, max)) + " and " + (refs.size() - max) + " more";
    }

    public String summary() {
        String s = count(Change.CREATED) + " created, " + count(Change.CONFIGURED) + " configured, " + count(Change.UNCHANGED) + " unchanged";
        return complete() ? s : s + "; waiting for CRDs to be Established: " + String.join(", ", pendingCrds);
    }
}
