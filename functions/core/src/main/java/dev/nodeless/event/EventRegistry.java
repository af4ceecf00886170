package dev.nodeless.event;

import java.util.Map;
import java.util.function.Function;

/**
 * One parser per event kind, keyed by (source, detail-type). Anything else is {@link Ignored} with a reason:
 * EventBridge rules may be widened by an operator, and an unknown kind must never fail an execution.
 */
public final class EventRegistry {

    record Key(String source, String detailType) {}

    private static final Map<Key, Function<EventEnvelope, Classified>> PARSERS = Map.of(
            new Key("aws.ec2", "EC2 Spot Instance Interruption Warning"), SpotInterruption::parse,
            new Key("aws.ec2", "EC2 Instance Rebalance Recommendation"), RebalanceRecommendation::parse,
            new Key("aws.ec2", "EC2 Instance State-change Notification"), InstanceStateChange::parse,
            new Key("aws.health", "AWS Health Event"), ScheduledChange::parse,
            new Key(ReconcileRequest.SOURCE, ReconcileRequest.DETAIL_TYPE), ReconcileRequest::parse);

    private EventRegistry() {}

    public static Classified classify(EventEnvelope e) {
        Function<EventEnvelope, Classified> parser = PARSERS.get(new Key(e.source(), e.detailType()));
        if (parser == null) {
            return new Ignored(e.id(), "unknown", "no parser for source '" + e.source() + "', detail-type '" + e.detailType() + "'");
        }
        return parser.apply(e);
    }

    /** Parses and classifies raw JSON; throws {@link MalformedEventException} for input that is not an event. */
    public static Classified classify(String json) {
        return classify(EventEnvelope.parse(json));
    }
}
