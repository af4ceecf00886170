package dev.nodeless.chart;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nodeless.bootstrap.ClusterFacts;
import dev.nodeless.spec.ClusterSpec;
import dev.nodeless.spec.SpecFixtures;
import dev.nodeless.spec.Specs;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Karpenter's CapacityBuffer feature gate is on when any buffer, the top-level one or a NodePool's own, is a CapacityBuffer. */
class NodePoolFeatureGateTest {

    @SuppressWarnings("unchecked")
    private static Object gates(ClusterSpec spec) {
        Map<String, Object> settings = (Map<String, Object>) ChartReleases.karpenter(spec, ClusterFacts.planned(spec)).values().get("settings");
        return settings.get("featureGates");
    }

    @Test
    void aPoolsCapacityBuffer_turnsTheGateOn_evenWithATopLevelPausePodsBuffer() {
        ObjectNode raw = SpecFixtures.json("events/cluster-spec-node-pools.json");
        assertThat(gates(Specs.normalise(raw))).as("every buffer is pause-pods").isNull();

        SpecFixtures.put((ObjectNode) raw.at("/karpenter/nodePools/2"), "/buffer/backend", "\"capacity-buffer\"");
        ClusterSpec spec = Specs.normalise(raw);

        assertThat(spec.buffer().backend()).isEqualTo("pause-pods");
        assertThat(gates(spec)).isEqualTo(Map.of("capacityBuffer", true));
    }
}
