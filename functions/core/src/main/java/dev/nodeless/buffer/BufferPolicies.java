package dev.nodeless.buffer;

import dev.nodeless.spec.ClusterSpec;
import dev.nodeless.spec.Durations;
import dev.nodeless.spec.NodePools;
import dev.nodeless.spec.ResourceNames;
import dev.nodeless.spec.SpecDefaults;
import java.util.List;

/** Builds the {@link BufferPolicy} from a normalised cluster spec. */
public final class BufferPolicies {

    private BufferPolicies() {}

    public static BufferPolicy from(ClusterSpec spec) {
        return from(spec.clusterName(), "buffer", spec.buffer());
    }

    /**
     * Every buffer of the cluster: the top-level one ({@link ResourceNames#BUFFER_NAME}), then one per NodePool that has
     * its own ({@code pause-pods-<pool>}), each with its own policy and backend.
     */
    public static BufferScopes scopes(ClusterSpec spec) {
        List<BufferScope> pools = new java.util.ArrayList<>();
        for (ClusterSpec.NodePool p : NodePools.buffered(spec)) {
            pools.add(new BufferScope(NodePools.bufferName(p.name()), p.buffer().backend(),
                    from(spec.clusterName(), "karpenter.nodePools[" + p.name() + "].buffer", p.buffer()), p.name()));
        }
        return BufferScopes.single(ResourceNames.BUFFER_NAME, spec.buffer().backend(), from(spec)).with(pools);
    }

    private static BufferPolicy from(String cluster, String section, ClusterSpec.Buffer b) {
        if (b == null || b.baselineReplicas() == null || b.maxReplicas() == null || b.pod() == null
                || b.lookahead() == null || b.cooldown() == null) {
            throw new IllegalArgumentException("cluster spec " + cluster + " has no complete " + section
                    + " section (baselineReplicas, maxReplicas, pod, lookahead, cooldown); was it normalised?");
        }
        return new BufferPolicy(b.baselineReplicas(), b.maxReplicas(), Resources.of(b.pod().cpu(), b.pod().memory(), b.pod().extended()),
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
