package dev.nodeless.it.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One Amazon States Language definition of {@code statemachine/}, as written (with {@code ${...}} placeholders). */
public record Asl(String name, String text) {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z0-9]+)}");

    public static final String ACCOUNT = "123456789012";
    public static final String REGION = "us-east-1";

    /** Values the tests give to the numeric settings (short waits, few verify attempts, a growth of 3 replicas announced). */
    public static final Map<String, String> TEST_SETTINGS = Map.of("PollSeconds", "1", "VerifyMaxAttempts", "3", "TeardownMaxAttempts", "3", "BufferGrowthNotifyReplicas", "3");

    public static Asl load(String name) {
        try {
            return new Asl(name, Files.readString(ProjectFiles.stateMachine(name)));
        } catch (IOException e) {
            throw new IllegalStateException("reading state machine " + name, e);
        }
    }

    /** Every {@code ${Name}} the definition expects from the template's DefinitionSubstitutions. */
    public Set<String> placeholders() {
        Set<String> names = new TreeSet<>();
        Matcher m = PLACEHOLDER.matcher(text);
        while (m.find()) names.add(m.group(1));
        return names;
    }

    /** The definition as Step Functions would receive it, with test values: Lambda alias ARNs and {@link #TEST_SETTINGS}. */
    public String substituted() {
        return substituted(TEST_SETTINGS);
    }

    public String substituted(Map<String, String> settings) {
        Matcher m = PLACEHOLDER.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String key = m.group(1);
            String value;
            if (key.endsWith("FunctionArn")) value = functionAliasArn(key.substring(0, key.length() - "FunctionArn".length()));
            else if (settings.containsKey(key)) value = settings.get(key);
            else throw new IllegalStateException(name + " uses ${" + key + "}, which the tests have no value for");
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    public static String functionAliasArn(String capitalizedHandler) {
        return "arn:aws:lambda:" + REGION + ":" + ACCOUNT + ":function:" + capitalizedHandler + ":live";
    }

    /** The parsed definition (placeholders substituted, so numbers parse as numbers). */
    public JsonNode tree() {
        try {
            return JSON.readTree(substituted());
        } catch (IOException e) {
            throw new IllegalStateException(name + " is not valid JSON after substitution", e);
        }
    }

    /** Every state, including those inside Parallel branches and Map item processors, by a path-like name. */
    public Map<String, JsonNode> allStates() {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        collect(tree(), "", out);
        return out;
    }

    /** The states of the top level and of each branch/item processor, each group with its own names (transitions stay inside a group). */
    public List<Map<String, JsonNode>> stateGroups() {
        List<Map<String, JsonNode>> groups = new ArrayList<>();
        groups(tree(), groups);
        return groups;
    }

    private static void collect(JsonNode machine, String prefix, Map<String, JsonNode> out) {
        for (Iterator<Map.Entry<String, JsonNode>> it = machine.get("States").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            out.put(prefix + e.getKey(), e.getValue());
            for (JsonNode nested : nestedMachines(e.getValue())) collect(nested, prefix + e.getKey() + "/", out);
        }
    }

    private static void groups(JsonNode machine, List<Map<String, JsonNode>> groups) {
        Map<String, JsonNode> group = new LinkedHashMap<>();
        groups.add(group);
        for (Iterator<Map.Entry<String, JsonNode>> it = machine.get("States").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            group.put(e.getKey(), e.getValue());
            for (JsonNode nested : nestedMachines(e.getValue())) groups(nested, groups);
        }
    }

    private static List<JsonNode> nestedMachines(JsonNode state) {
        List<JsonNode> nested = new ArrayList<>();
        state.path("Branches").forEach(nested::add);
        if (state.has("ItemProcessor")) nested.add(state.get("ItemProcessor"));
        if (state.has("Iterator")) nested.add(state.get("Iterator"));
        return nested;
    }
}
