package dev.nodeless.spec;

import java.util.List;

/**
 * The cluster spec is wrong (drop-and-fail: retrying cannot help). Thrown by {@link SpecReader} for structural
 * problems and by {@link Specs#normalise} for rule violations. The message lists every problem, one per line,
 * each starting with the JSON path of the offending field, so the first state of the bootstrap fails with all
 * of them at once.
 */
public class InvalidSpecException extends RuntimeException {

    private final List<String> problems;

    public InvalidSpecException(List<String> problems) {
        super(message(problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }

    private static String message(List<String> problems) {
        if (problems.isEmpty()) throw new IllegalArgumentException("an invalid spec has at least one problem");
        return "invalid cluster spec (" + problems.size() + (problems.size() == 1 ? " problem" : " problems") + "):\n  "
                + String.join("\n  ", problems);
    }
}
