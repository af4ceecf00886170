package dev.nodeless.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.function.Consumer;

/** Variants of the fixtures in events/, built by changing one field instead of copying JSON. */
public final class EventVariants {

    private static final ObjectMapper JSON = new ObjectMapper();

    public static final String SPOT = "ec2-spot-instance-interruption-warning.json";
    public static final String REBALANCE = "ec2-instance-rebalance-recommendation.json";
    public static final String STATE_CHANGE = "ec2-instance-state-change-notification.json";
    public static final String HEALTH = "aws-health-event-scheduled-change.json";
    public static final String RECONCILE = "nodeless-buffer-reconcile-needed.json";

    private EventVariants() {}

    public static String variant(String fixture, Consumer<ObjectNode> change) {
        try {
            ObjectNode root = (ObjectNode) JSON.readTree(Fixtures.event(fixture));
            change.accept(root);
            return JSON.writeValueAsString(root);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The same kind of event for another instance (and a distinct event id). */
    public static String forInstance(String fixture, String instanceId) {
        return variant(fixture, e -> {
            e.put("id", e.get("id").asText() + "-" + instanceId);
            ObjectNode d = (ObjectNode) e.get("detail");
            if (d.has("instance-id")) d.put("instance-id", instanceId);
            if (d.has("affectedEntities")) ((ObjectNode) d.get("affectedEntities").get(0)).put("entityValue", instanceId);
        });
    }

    /** The Health fixture with its entity written as an instance ARN (Health sends either form). */
    public static String healthWithArnEntity(String instanceId) {
        return variant(HEALTH, e -> ((ObjectNode) e.get("detail").get("affectedEntities").get(0))
                .put("entityValue", "arn:aws:ec2:eu-west-1:123456789012:instance/" + instanceId));
    }
}
