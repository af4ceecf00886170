package dev.nodeless.event;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * "EC2 Spot Instance Interruption Warning" (source aws.ec2): two minutes' notice before the instance is
 * reclaimed. Its {@code resources} ARN is malformed by design (no account, AZ instead of region), so the
 * instance comes from {@code detail.instance-id}.
 */
public record SpotInterruption(String eventId, String instanceId, String instanceAction, Instant deadline) implements Disruption {

    public static final String KIND = "spot-interruption";
    static final Duration NOTICE = Duration.ofMinutes(2);

    static Classified parse(EventEnvelope e) {
        String id = e.detail().path("instance-id").asText("");
        InstanceIds.require(id, "detail.instance-id");
        Instant deadline = e.time() == null ? null : e.time().plus(NOTICE);
        return new SpotInterruption(e.id(), id, e.detail().path("instance-action").asText("terminate"), deadline);
    }

    @Override public String kind() { return KIND; }
    @Override public List<String> instanceIds() { return List.of(instanceId); }
    @Override public boolean drains() { return true; }
    @Override public Instant over() { return deadline; }
}
