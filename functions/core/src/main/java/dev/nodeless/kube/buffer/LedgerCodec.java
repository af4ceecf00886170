package dev.nodeless.kube.buffer;

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

    /**
     * Kubernetes limits all annotations of an object to 256 KiB together; plain JSON takes about 212 bytes per
     * at-risk node, so past this size the ledger is written gzip-compressed and base64-encoded behind {@link #GZIP}
     * (a few thousand at-risk nodes in a spot storm or a drift wave). Small ledgers stay readable with kubectl.
     */
    static final int PLAIN_LIMIT = 32 * 1024;
    static final String GZIP = "gzip+base64:";

    static String write(Ledger ledger) {
        String json = plain(ledger);
        if (json.length() <= PLAIN_LIMIT) return json;
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.util.zip.GZIPOutputStream gz = new java.util.zip.GZIPOutputStream(bytes)) {
            gz.write(rows(ledger).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("compressing the ledger in memory", e);
        }
        return GZIP + java.util.Base64.getEncoder().encodeToString(bytes.toByteArray());
    }

    /**
     * The compressed form's content: a JSON header (times, share, the base instant, the kinds) and one tab-separated
     * line per node, sorted by name: node, instance, kind index, markedAt and deadline as milliseconds after the
     * base, milliCpu, memoryBytes. About 100 bytes a node before compression, the repetitive parts gone after it.
     */
    private static String rows(Ledger ledger) {
        java.util.List<AtRisk> nodes = ledger.atRisk().values().stream().sorted(java.util.Comparator.comparing(AtRisk::node)).toList();
        long base = nodes.stream().mapToLong(n -> n.markedAt().toEpochMilli()).min().orElse(0);
        java.util.List<String> kinds = nodes.stream().map(AtRisk::kind).distinct().sorted().toList();
        ObjectNode header = JSON.createObjectNode();
        if (ledger.clearedAt() != null) header.put("clearedAt", ledger.clearedAt().toString());
        if (ledger.surplusSince() != null) header.put("surplusSince", ledger.surplusSince().toString());
        if (ledger.share() != null) header.put("share", ledger.share());
        header.put("base", base);
        kinds.forEach(header.putArray("kinds")::add);
        StringBuilder out = new StringBuilder(header.toString()).append('\n');
        for (AtRisk n : nodes) {
            out.append(n.node()).append('\t').append(n.instanceId() == null ? "" : n.instanceId()).append('\t').append(kinds.indexOf(n.kind()))
                    .append('\t').append(n.markedAt().toEpochMilli() - base).append('\t')
                    .append(n.deadline() == null ? "" : Long.toString(n.deadline().toEpochMilli() - base))
                    .append('\t').append(n.demand().milliCpu()).append('\t').append(n.demand().memoryBytes());
            // extended resources (nvidia.com/gpu=2,...) in an eighth column, only when there are any
            if (!n.demand().extended().isEmpty()) {
                out.append('\t').append(String.join(",", n.demand().extended().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList()));
            }
            out.append('\n');
        }
        return out.toString();
    }

    private static Ledger fromRows(String text) throws java.io.IOException {
        String[] lines = text.split("\n");
        JsonNode header = JSON.readTree(lines[0]);
        long base = header.path("base").asLong();
        java.util.List<String> kinds = new java.util.ArrayList<>();
        header.path("kinds").forEach(k -> kinds.add(k.asText()));
        Map<String, AtRisk> nodes = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            String[] f = lines[i].split("\t", -1);
            AtRisk n = new AtRisk(f[0], f[1].isEmpty() ? null : f[1], kinds.get(Integer.parseInt(f[2])), Instant.ofEpochMilli(base + Long.parseLong(f[3])),
                    f[4].isEmpty() ? null : Instant.ofEpochMilli(base + Long.parseLong(f[4])), new Resources(Long.parseLong(f[5]), Long.parseLong(f[6]), f.length > 7 ? extendedColumn(f[7]) : Map.of()));
            nodes.put(n.node(), n);
        }
        Integer share = header.hasNonNull("share") && header.get("share").canConvertToInt() && header.get("share").asInt() >= 0 ? header.get("share").asInt() : null;
        return new Ledger(nodes, instant(header, "clearedAt"), instant(header, "surplusSince"), share);
    }

    private static Map<String, Long> extendedColumn(String column) {
        Map<String, Long> m = new LinkedHashMap<>();
        for (String pair : column.split(",")) {
            int eq = pair.lastIndexOf('=');
            if (eq > 0) m.put(pair.substring(0, eq), Long.parseLong(pair.substring(eq + 1)));
        }
        return m;
    }

    private static String plain(Ledger ledger) {
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
            if (!n.demand().extended().isEmpty()) n.demand().extended().forEach(o.putObject("extended")::put);
        });
        return root.toString();
    }

    /** A ledger written before extended resources counted has none. */
    private static Map<String, Long> extended(JsonNode o) {
        Map<String, Long> m = new LinkedHashMap<>();
        o.fields().forEachRemaining(e -> m.put(e.getKey(), e.getValue().asLong()));
        return m;
    }

    private static Instant instant(JsonNode root, String field) {
        return root.hasNonNull(field) ? Instant.parse(root.get(field).asText()) : null;
    }

    static Ledger read(String annotation) {
        if (annotation == null || annotation.isBlank()) return Ledger.EMPTY;
        try {
            if (annotation.startsWith(GZIP)) return fromRows(gunzip(annotation.substring(GZIP.length())));
            JsonNode root = JSON.readTree(annotation);
            Map<String, AtRisk> nodes = new LinkedHashMap<>();
            for (JsonNode o : root.path("atRisk")) {
                AtRisk n = new AtRisk(o.path("node").asText(), o.path("instanceId").asText(null), o.path("kind").asText(),
                        Instant.parse(o.path("markedAt").asText()),
                        o.hasNonNull("deadline") ? Instant.parse(o.get("deadline").asText()) : null,
                        new Resources(o.path("milliCpu").asLong(), o.path("memoryBytes").asLong(), extended(o.path("extended"))));
                nodes.put(n.node(), n);
            }
            // an annotation written before baselinePercent existed has no share: none measured
            Integer share = root.hasNonNull("share") && root.get("share").canConvertToInt() && root.get("share").asInt() >= 0
                    ? root.get("share").asInt() : null;
            return new Ledger(nodes, instant(root, "clearedAt"), instant(root, "surplusSince"), share);
        } catch (java.io.IOException | RuntimeException e) {
            return Ledger.EMPTY;
        }
    }

    private static String gunzip(String base64) throws java.io.IOException {
        try (java.util.zip.GZIPInputStream in = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(java.util.Base64.getDecoder().decode(base64)))) {
            // bounded: a compressed annotation can never hold more than this much ledger
            byte[] out = in.readNBytes(64 * 1024 * 1024);
            return new String(out, java.nio.charset.StandardCharsets.UTF_8);
        }
    }
}
