package dev.nodeless.update;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.LinkedHashSet;
import java.util.regex.Pattern;

/**
 * The field-level difference of two specs as JSON: objects are compared member by member (in the
 * order of the first, then new members), everything else (arrays
 * included, as a merge patch replaces them whole) as one value. Paths are JSONPath like the validator's
 * ({@code $.buffer.maxReplicas}, {@code $.tags['team/owner']}); an absent member is {@code null}. Pure.
 */
public final class SpecDiff {

    /** One changed field: its path and the value before and after (JSON {@code null} when absent). */
    public record Change(String path, JsonNode before, JsonNode after) {}

    private static final Pattern PLAIN_KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private SpecDiff() {}

    public static List<Change> between(JsonNode before, JsonNode after) {
        List<Change> changes = new ArrayList<>();
        walk("$", before, after, changes);
        return changes;
    }

    /** The path of member {@code key} under {@code parent}, bracketed when the key is not a plain name. */
    public static String child(String parent, String key) {
        return PLAIN_KEY.matcher(key).matches() ? parent + "." + key : parent + "['" + key.replace("'", "\\'") + "']";
    }

    private static void walk(String path, JsonNode before, JsonNode after, List<Change> changes) {
        JsonNode b = before == null || before.isMissingNode() ? NullNode.getInstance() : before;
        JsonNode a = after == null || after.isMissingNode() ? NullNode.getInstance() : after;
        if (b.equals(a)) return;
        // An object that appears or disappears as a whole is reported member by member, so every change is a field.
        if ((b.isObject() || b.isNull()) && (a.isObject() || a.isNull())) {
            LinkedHashSet<String> keys = new LinkedHashSet<>();
            for (Iterator<String> it = b.fieldNames(); it.hasNext(); ) keys.add(it.next());
            for (Iterator<String> it = a.fieldNames(); it.hasNext(); ) keys.add(it.next());
            for (String key : keys) walk(child(path, key), b.get(key), a.get(key), changes);
            return;
        }
        changes.add(new Change(path, b, a));
    }
}
