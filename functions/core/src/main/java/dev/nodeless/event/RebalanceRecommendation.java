package dev.nodeless.event;

import java.time.Instant;
import java.util.List;

/**
 * "EC2 Instance Rebalance Recommendation" (source aws.ec2): an early, soft signal that a spot instance is at
 * elevated risk. Karpenter ignores it; Nodeless grows the buffer but never drains.
 */
public record RebalanceRecommendation(String eventId, String instanceId) implements Disruption {

    public static final String KIND = "rebalance";

    static Classified parse(EventEnvelope e) {
        String id = e.detail().path("instance-id").asText("");
        InstanceIds.require(id, "detail.instance-id");
        return new RebalanceRecommendation(e.id(), id);
    }

    @Override public String kind() { return KIND; }
    @Override public List<String> instanceIds() { return List.of(instanceId); }
    @Override public Instant deadline() { return null; }
    @Override public boolean drains() { return false; }
}
