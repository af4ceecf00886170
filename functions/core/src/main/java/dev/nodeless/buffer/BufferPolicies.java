package dev.nodeless.buffer;

import dev.nodeless.spec.ClusterSpec;
import dev.nodeless.spec.Durations;
import dev.nodeless.spec.SpecDefaults;
import java.util.List;

/** Builds the {@link BufferPolicy} from a normalised cluster spec. */
public final class BufferPolicies {

    private BufferPolicies() {}

    public static BufferPolicy from(ClusterSpec spec) {
        ClusterSpec.Buffer b = spec.buffer();
        if (b == null || b.baselineReplicas() == null || b.maxReplicas() == null || b.pod() == null
                || b.lookahead() == null || b.cooldown() == null) {
            throw new IllegalArgumentException("cluster spec " + spec.clusterName()
                    + " has no complete buffer section (baselineReplicas, maxReplicas, pod, lookahead, cooldown); was it normalised?");
        }
        return new BufferPolicy(b.baselineReplicas(), b.maxReplicas(), Resources.of(b.pod().cpu(), b.pod().memory()),
                Durations.require(b.cooldown()), Durations.require(b.lookahead()), schedule(b.baselineSchedule()),
                // absent (a spec stored before baselinePercent existed) is off
                b.baselinePercent() == null ? 0 : b.baselinePercent());
    }

    /** Absent (a spec stored before schedules existed) is no schedule. */
    static BaselineSchedule schedule(List<ClusterSpec.Buffer.Window> windows) {
        if (windows == null || windows.isEmpty()) return BaselineSchedule.NONE;
        return new BaselineSchedule(windows.stream()
                .map(w -> BaselineSchedule.Window.of(w.days(), w.from(), w.to(),
                        w.timeZone() != null ? w.timeZone() : SpecDefaults.SCHEDULE_TIME_ZONE, w.replicas()))
                .toList());
    }
}
