package dev.nodeless.event;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * "EC2 Instance State-change Notification" (source aws.ec2). Only states on the way out count
 * (stopping, shutting-down, stopped, terminated); pending and running are ignored with a reason.
 */
public record InstanceStateChange(String eventId, String instanceId, String state, Instant deadline) implements Disruption {

    public static final String KIND = "state-change";
    static final Set<String> LEAVING = Set.of("stopping", "shutting-down", "stopped", "terminated");

    static Classified parse(EventEnvelope e) {
        String id = e.detail().path("instance-id").asText("");
        String state = e.detail().path("state").asText("");
        InstanceIds.require(id, "detail.instance-id");
        if (!LEAVING.contains(state)) {
            return new Ignored(e.id(), KIND, "state '" + state + "' is not a disruption (only " + String.join(", ", LEAVING.stream().sorted().toList()) + ")");
        }
        return new InstanceStateChange(e.id(), id, state, e.time());
    }

    @Override public String kind() { return KIND; }
    @Override public List<String> instanceIds() { return List.of(instanceId); }
    @Override public boolean drains() { return true; }
}
