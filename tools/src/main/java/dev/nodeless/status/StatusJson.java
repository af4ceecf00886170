package dev.nodeless.status;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code status --output json}: one document, {@code {"stack", "region", "at", "clusters": [...], "unreadable": [...]}},
 * each cluster the fields of {@link ClusterStatus} in declaration order, times as ISO-8601 UTC, absent values as
 * {@code null} (never left out), so scripts can rely on every key being there.
 */
public final class StatusJson {

    private static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new SimpleModule().addSerializer(Instant.class, ToStringSerializer.instance))
            .setSerializationInclusion(JsonInclude.Include.ALWAYS)
            .enable(SerializationFeature.INDENT_OUTPUT);

    private StatusJson() {}

    public static String render(String stack, String region, Instant at, StatusReader.Report report) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("stack", stack);
        root.put("region", region);
        root.put("at", at);
        root.put("clusters", report.clusters());
        root.put("unreadable", report.unreadable());
        try {
            return JSON.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("writing the status as JSON", e);
        }
    }
}
