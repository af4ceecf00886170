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
    void interruptedNode_isGoneAPodGracePeriodAfterItsDrain() {
        Scenario s = scenario(1, NO_BUFFER);
        Trace t = new Trace(fullNodes(2), List.of(warning(600)), List.of());

        Metrics m = run(s, t, strategy(s, "none"));

        // Drained at 600 s (no budget holds a pod), gone when its pods' 30 s grace is over: billed 0 to 630 s;
        // node 1 all hour, the replacement from its launch at 601 s to the end.
        double expected = 0.04 * (630 + 3600 + (3600 - 601)) / 3600;
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

    // Two full nodes = 8 pods of one size in Deployments of 4: pod i goes to Deployment i mod 2, so node 0 holds two
    // replicas of each; a PodDisruptionBudget maxUnavailable 1 on both. Node 0 expires at 600 s; node 1 is full.
    private static final String PDB = ", \"replicasPerWorkload\": 4, \"pdbShare\": 1, \"maxUnavailable\": 1";

    @Test
    void expiryDrain_evictsThroughPodDisruptionBudgets_andTheReplacementIsLaunchedForPodsStillOnTheNode() {
        Scenario s = scenario(0.5, 1, NO_BUFFER, "", PDB);
        Trace t = new Trace(List.of(fullNode(600_000 - 3_600_000), fullNode(-1_000)), List.of(), List.of());

        Metrics m = run(s, t, strategy(s, "none"));

        // 600 s: one replica of each Deployment evicted (the budgets then allow none); the provisioner counts the two
        // still on the node too, so one node is launched for all four (Ready at 661 s). The two evicted run at 661 s;
        // the retry at 665 s evicts the other two, which bind at once to the room launched for them.
        assertThat(m.displaced).isEqualTo(4);
        assertThat(m.launched).isEqualTo(1);
        assertThat(m.waitPercentile(1.0)).isEqualTo(61.0);
        assertThat(m.waitPercentile(0.5)).isEqualTo(0.0);
        assertThat(m.pendingPodSeconds()).isEqualTo(2 * 61.0);
    }

    @Test
    void terminationGracePeriod_deletesThePodsBudgetsStillHold() {
        Scenario s = scenario(0.5, 1, NO_BUFFER, ", \"nodeTerminationGraceSeconds\": 20", PDB);
        Trace t = new Trace(List.of(fullNode(600_000 - 3_600_000), fullNode(-1_000)), List.of(), List.of());

        Metrics m = run(s, t, strategy(s, "none"));

        // At 620 s the two held replicas are deleted regardless of their budget; they wait for the node Ready at 661 s.
        assertThat(m.displaced).isEqualTo(4);
        assertThat(m.pendingPodSeconds()).isEqualTo(2 * 61.0 + 2 * 41.0);
    }

    @Test
    void aPodStart_isImagePullOnANewNode_plusReadiness() {
        Scenario s = scenario(1, 100000, NO_BUFFER, "", ", \"imagePullSeconds\": 10, \"readinessSeconds\": 5");
        Trace t = new Trace(fullNodes(2), List.of(warning(600)), List.of());

        Metrics m = run(s, t, strategy(s, "none"));

        // Node Ready at 661 s; the image is pulled once by 671 s for the two replicas of each Deployment; Ready at 676 s.
        assertThat(m.waitPercentile(0.0)).isEqualTo(76.0);
        assertThat(m.waitPercentile(1.0)).isEqualTo(76.0);
        // Of each 76 s, the 15 s from the bind (pull, readiness) are the start no room held ahead removes.
        assertThat(m.startPodSeconds()).isEqualTo(4 * 15.0);
        assertThat(m.forcedStartPodSeconds()).isEqualTo(4 * 15.0);
        assertThat(m.forcedStarts()).isEqualTo(4);
    }

    @Test
    void aPodStart_onANodeThatRanItsDeploymentAlready_isReadinessOnly() {
        Scenario s = scenario(1, 100000, NO_BUFFER, ", \"budgetNodesPercent\": 0", ", \"imagePullSeconds\": 10, \"readinessSeconds\": 5");
        // (no consolidation budget, so the two half-full nodes stay) Node 1 has room for the 2 pods of node 0 and the same Deployments (4 pods of one size, one Deployment of 3).
        Trace t = new Trace(List.of(node(2), node(2)), List.of(warning(600)), List.of());

        Metrics m = run(s, t, strategy(s, "none"));

        assertThat(m.displaced).isEqualTo(2);
        assertThat(m.waitPercentile(1.0)).isEqualTo(5.0);
        assertThat(m.startPodSeconds()).isEqualTo(2 * 5.0);
    }

    @Test
    void interruption_keepsItsDeadline_podsABudgetHolds_areKilledWithTheInstance() {
        Scenario s = scenario(1, 100000, NO_BUFFER, ", \"nodeReadyMedianSeconds\": 200, \"nodeReadyP90Seconds\": 200", PDB);
        Trace t = new Trace(fullNodes(2), List.of(warning(600)), List.of());

        Metrics m = run(s, t, strategy(s, "none"));

        // Two evicted at 600 s, two held by their budgets (the replacement is Ready only at 801 s); at 720 s the
        // instance is gone and takes them with it: all four wait for the node at 801 s.
        assertThat(m.displaced).isEqualTo(4);
        assertThat(m.pendingPodSeconds()).isEqualTo(2 * 201.0 + 2 * 81.0);
    }
}
