package dev.nodeless.sim;

import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.nodeless.sim.SimFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

/** Displaced pods take buffer room: pause pods are preempted (2 s), a CapacityBuffer's room is taken at once. */
class PreemptionTest {

    private static final String ONE_CPU_BUFFER = """
            {"staticBuffer": {"replicas": 1, "cpu": "1", "memory": "0"},
             "capacityBuffer": {"replicas": 1, "cpu": "1", "memory": "0"}}""";

    @Test
    void displacedPods_preemptThePausePod_andWaitOnlyForItToExit() {
        Scenario s = scenario(1, ONE_CPU_BUFFER);
        // Node 0 and 1 full; the buffer pod gets a warm node 2 (1000m of its 2000m free).
        Trace t = new Trace(fullNodes(2), List.of(warning(600)), List.of());

        Metrics m = run(s, t, strategy(s, "static-runbook"));

        // 2 pods land on node 2's free 1000m; the third preempts the pause pod (starts at 602 s); the fourth fits
        // in what the preemption freed.
        assertThat(m.displaced).isEqualTo(4);
        assertThat(m.preemptions).isEqualTo(1);
        assertThat(m.pendingPodSeconds()).isEqualTo(2.0);
        assertThat(m.waitPercentile(1.0)).isEqualTo(2.0);
        // The preempted pause pod goes Pending, so Karpenter launches a node for it: the buffer refills.
        assertThat(m.launched).isEqualTo(1);
        assertThat(valueAt(m.pending, 601_000)).isEqualTo(1);
        assertThat(valueAt(m.pending, 602_000)).isZero();
    }

    @Test
    void capacityBufferRoom_isTakenWithoutPreemptionDelay() {
        Scenario s = scenario(1, ONE_CPU_BUFFER);
        Trace t = new Trace(fullNodes(2), List.of(warning(600)), List.of());

        Metrics m = run(s, t, strategy(s, "capacity-buffer"));

        assertThat(m.displaced).isEqualTo(4);
        assertThat(m.pendingPodSeconds()).isZero();
        assertThat(m.launched).isEqualTo(1);
    }

    @Test
    void withoutBuffer_theSamePodsWaitForANewNode() {
        Scenario s = scenario(1, ONE_CPU_BUFFER);
        Trace t = new Trace(fullNodes(2), List.of(warning(600)), List.of());

        Metrics m = run(s, t, strategy(s, "none"));

        assertThat(m.preemptions).isZero();
        assertThat(m.pendingPodSeconds()).isEqualTo(4 * 61.0);
    }
}
