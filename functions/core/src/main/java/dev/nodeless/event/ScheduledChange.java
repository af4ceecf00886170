package dev.nodeless.event;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * "AWS Health Event" (source aws.health) for service EC2, category scheduledChange: retirements and
 * maintenance announced days ahead. {@code affectedEntities[].entityValue} is an instance id or an instance
 * ARN. Health sends each event twice when backup delivery is on; the copy with {@code backupEvent: "true"}
 * is dropped so one change gives one execution.
 */
public record ScheduledChange(String eventId, String eventTypeCode, List<String> instanceIds, Instant deadline, Instant windowEnd) implements Disruption {

    public static final String KIND = "scheduled-change";

    public ScheduledChange {
        instanceIds = List.copyOf(instanceIds);
    }

    static Classified parse(EventEnvelope e) {
        JsonNode d = e.detail();
        if ("true".equalsIgnoreCase(d.path("backupEvent").asText())) {
            return new Ignored(e.id(), KIND, "backup copy of a Health event (backupEvent: true)");
        }
        if (!"EC2".equals(d.path("service").asText())) {
            return new Ignored(e.id(), KIND, "Health event for service '" + d.path("service").asText() + "', not EC2");
        }
        if (!"scheduledChange".equals(d.path("eventTypeCategory").asText())) {
            return new Ignored(e.id(), KIND, "Health event category '" + d.path("eventTypeCategory").asText() + "', not scheduledChange");
        }
        List<String> ids = new ArrayList<>();
        for (JsonNode entity : d.path("affectedEntities")) {
            InstanceIds.fromIdOrArn(entity.path("entityValue").asText("")).filter(id -> !ids.contains(id)).ifPresent(ids::add);
        }
        if (ids.isEmpty()) return new Ignored(e.id(), KIND, "Health event names no EC2 instance in affectedEntities");
        return new ScheduledChange(e.id(), d.path("eventTypeCode").asText(""), ids, healthTime(d.path("startTime").asText(null)),
                healthTime(d.path("endTime").asText(null)));
    }

    /** Health writes times as RFC 1123 ("Tue, 15 Sep 2026 12:00:00 GMT"); tolerate RFC 3339 too. */
    static Instant healthTime(String text) {
        if (text == null || text.isBlank()) return null;
        try {
            return ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        } catch (DateTimeParseException notRfc1123) {
            try {
                return Instant.parse(text);
            } catch (DateTimeParseException e) {
                return null;
            }
        }
    }

    @Override public String kind() { return KIND; }
    @Override public boolean drains() { return true; }
    @Override public Instant over() { return windowEnd; }
}
