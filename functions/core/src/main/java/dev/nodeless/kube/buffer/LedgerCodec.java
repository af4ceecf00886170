package dev.nodeless.kube.buffer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nodeless.buffer.AtRisk;
import dev.nodeless.buffer.Ledger;
import dev.nodeless.buffer.Resources;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The ledger as the JSON annotation on the buffer object. Written by hand (no Java-time module needed) and
 * tolerant on read: an annotation someone mangled reads as an empty ledger, which the next reconcile refills.
 */
final class LedgerCodec {

    private static final ObjectMapper JSON = new ObjectMapper();

    private LedgerCodec() {}

    static String write(Ledger ledger) {
        ObjectNode root = JSON.createObjectNode();
        if (ledger.clearedAt() != null) root.put("clearedAt", ledger.clearedAt().toString());
        if (ledger.surplusSince() != null) root.put("surplusSince", ledger.surplusSince().toString());
        if (ledger.share() != null) root.put("share", ledger.share());
        ArrayNode nodes = root.putArray("atRisk");
        ledger.atRisk().values().stream().sorted(java.util.Comparator.comparing(AtRisk::node)).forEach(n -> {
            ObjectNode o = nodes.addObject();
            o.put("node", n.node());
            o.put("instanceId", n.instanceId());
            o.put("kind", n.kind());
            o.put("markedAt", n.markedAt().toString());
            if (n.deadline() != null) o.put("deadline", n.deadline().toString());
            o.put("milliCpu", n.demand().milliCpu());
            o.put("memoryBytes", n.demand().memoryBytes());
        });
        return root.toString();
    }

    private static Instant instant(JsonNode root, String field) {
        return root.hasNonNull(field) ? Instant.parse(root.get(field).asText()) : null;
    }

    static Ledger read(String json) {
        if (json == null || json.isBlank()) return Ledger.EMPTY;
        try {
            JsonNode root = JSON.readTree(json);
            Map<String, AtRisk> nodes = new LinkedHashMap<>();
            for (JsonNode o : root.path("atRisk")) {
                AtRisk n = new AtRisk(o.path("node").asText(), o.path("instanceId").asText(null), o.path("kind").asText(),
                        Instant.parse(o.path("markedAt").asText()),
                        o.hasNonNull("deadline") ? Instant.parse(o.get("deadline").asText()) : null,
                        new Resources(o.path("milliCpu").asLong(), o.path("memoryBytes").asLong()));
                nodes.put(n.node(), n);
            }
            // an annotation written before baselinePercent existed has no share: none measured
            Integer share = root.hasNonNull("share") && root.get("share").canConvertToInt() && root.get("share").asInt() >= 0
                    ? root.get("share").asInt() : null;
            return new Ledger(nodes, instant(root, "clearedAt"), instant(root, "surplusSince"), share);
        } catch (JsonProcessingException | RuntimeException e) {
            return Ledger.EMPTY;
        }
    }
}
