package dev.nodeless.kube.buffer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nodeless.buffer.ClusterApi.LastChange;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** The last replica change as the annotation {@link #ANNOTATION} on the buffer object (JSON), and its Event's id. */
final class LastChanges {

    static final String ANNOTATION = "nodeless.dev/last-change";
    private static final ObjectMapper JSON = new ObjectMapper();

    private LastChanges() {}

    static String write(LastChange c) {
        ObjectNode o = JSON.createObjectNode();
        if (c.key() != null) o.put("key", c.key());
        o.put("trigger", c.trigger()).put("before", c.before()).put("after", c.after()).put("reason", c.reason());
        return o.toString();
    }

    /** Tolerant: a missing or mangled annotation is no last change (the retry then simply sees no change). */
    static LastChange read(String json) {
        if (json == null || json.isBlank()) return null;
        try {
            JsonNode o = JSON.readTree(json);
            return new LastChange(o.hasNonNull("key") ? o.get("key").asText() : null, o.path("trigger").asText(), o.path("before").asInt(),
                    o.path("after").asInt(), o.path("reason").asText());
        } catch (java.io.IOException | RuntimeException e) {
            return null;
        }
    }

    /** 16 hex digits naming the change's Event: the same change always gets the same name. */
    static String id(LastChange c) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest((c.key() + "|" + c.before() + "|" + c.after()).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(h).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
