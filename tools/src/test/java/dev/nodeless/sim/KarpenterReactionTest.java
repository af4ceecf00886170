package dev.nodeless.sim;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static dev.nodeless.sim.SimFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Karpenter's reaction on hand-checked traces: drain at once, launch only for Pending pods, no pre-spin on expiry. */
class KarpenterReactionTest {

    private static final String NO_BUFFER = "{}";

    @Test
    void spotWarning_drainsAtOnce_andPodsRunOneBatchIdlePlusNodeReadyLater() {
        Scenario s = scenario(1, NO_BUFFER);
        Trace t = new Trace(fullNodes(2), List.of(warning(600)), List.of());

        Metrics m = run(s, t, strategy(s, "none"));

        // 4 pods displaced at 600 s, nowhere to go; batch closes at 601 s (1 s idle); node Ready at 661 s.
        assertThat(m.displaced).isEqualTo(4);
        assertThat(m.waitPercentile(0.0)).isEqualTo(61.0);
        assertThat(m.waitPercentile(1.0)).isEqualTo(61.0);
        assertThat(m.pendingPodSeconds()).isEqualTo(4 * 61.0);
        assertThat(m.launched).isEqualTo(1);
        assertThat(valueAt(m.pending, 600_000)).isEqualTo(4);
        assertThat(valueAt(m.pending, 660_999)).isEqualTo(4);
        assertThat(valueAt(m.pending, 661_000)).isZero();
    }

    @Test
    void interruptedNode_isGoneTwoMinutesAfterTheWarning() {
        Scenario s = scenario(1, NO_BUFFER);
        Trace t = new Trace(fullNodes(2), List.of(warning(600)), List.of());

        Metrics m = run(s, t, strategy(s, "none"));

        // Billed: node 0 from 0 to 720 s, node 1 all hour, the replacement from its launch at 601 s to the end.
        double expected = 0.04 * (720 + 3600 + (3600 - 601)) / 3600;
        assertThat(m.nodeUsd()).isCloseTo(expected, within(1e-9));
    }

    @Test
    void pendingPodsArrivingEverySecond_closeTheBatchAtItsTenSecondMaximum() {
        Scenario s = scenario(1, NO_BUFFER);
        List<Trace.Interruption> storm = new ArrayList<>();
        for (int k = 0; k <= 10; k++) storm.add(warning(600 + 0.95 * k)); // last at 609.5 s, idle would end at 610.5 s
        Trace t = new Trace(fullNodes(12), storm, List.of());

        Metrics m = run(s, t, strategy(s, "none"));

        // One batch closed at 610 s (600 + 10 s max) for all 44 pods; every new node Ready at 670 s.
        assertThat(m.displaced).isEqualTo(44);
        assertThat(m.launched).isEqualTo(11);
        assertThat(m.waitPercentile(1.0)).isEqualTo(70.0);
        assertThat(m.waitPercentile(0.0)).isEqualTo(60.5);
    }

    @Test
    void expiry_isForceful_replacementLaunchedOnlyAfterPodsArePending() {
        // expireAfter 1 h; node 0 created 50 min before the start expires at 600 s.
        Scenario s = scenario(0.5, 1, NO_BUFFER);
        Trace t = new Trace(List.of(fullNode(-3_000_000), fullNode(-1_000)), List.of(), List.of());

        Metrics m = run(s, t, strategy(s, "none"));

        assertThat(m.expiries).isEqualTo(1);
        assertThat(m.displaced).isEqualTo(4);
        assertThat(m.waitPercentile(1.0)).isEqualTo(61.0);
        assertThat(m.launched).isEqualTo(1);
    }

    @Test
    void warmBufferNode_isNotCountedAsLaunched_andHoldsTheBufferAllRun() {
        // Buffer of 1 on its own node; nothing else happens: the node is never empty, so it stays.
        Scenario s = scenario(1, "{\"staticBuffer\": {\"replicas\": 1, \"cpu\": \"1\", \"memory\": \"0\"}}");
        Trace t = new Trace(fullNodes(2), List.of(), List.of());

        Metrics m = run(s, t, strategy(s, "static-runbook"));

        assertThat(m.consolidated).isZero();
        assertThat(m.bufferCpuHours()).isCloseTo(1.0, within(1e-9));
        assertThat(m.launched).isZero(); // the buffer's node at time zero is warm, not launched
    }
}
