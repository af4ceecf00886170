package dev.nodeless.sim;

import dev.nodeless.buffer.Resources;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static dev.nodeless.sim.SimFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Karpenter v1.14.1's consolidation, one behaviour per test, on hand-checked traces (m5.large, 2000m, 500m pods; a pass
 * every 10 s from 10 s; consolidateAfter 60 s; a command executes 15 s after the pass that found it).
 */
class ConsolidationTest {

    private static final String NO_BUFFER = "{}";
    private static final double PRICE = 0.04;

    private static double billed(double... seconds) {
        double sum = 0;
        for (double s : seconds) sum += s;
        return PRICE * sum / 3600;
    }

    @Test
    void emptyNode_isDeletedAfterConsolidateAfter_andTheValidationDelay() {
        Scenario s = scenario(1, NO_BUFFER);
        Trace t = new Trace(List.of(fullNode(-1000), fullNode(-1000), node(0)), List.of(), List.of());

        Metrics m = run(s, t, strategy(s, "none"));

        // Consolidatable at 59 s (created at -1 s), found by the pass at 60 s, executed at 75 s; no pod: gone at once.
        assertThat(m.consolidated).isEqualTo(1);
        assertThat(m.displaced).isZero();
        assertThat(m.nodeUsd()).isCloseTo(billed(3600, 3600, 75), within(1e-9));
    }

    @Test
    void underutilizedNode_isDeleted_whenItsPodsFitOnTheOtherNodes() {
        Scenario s = scenario(1, NO_BUFFER);
        // budget ceil(10% of 3) = 1 node: multi-node needs 2, so single-node picks the best price per pod (B: 1 pod).
        Trace t = new Trace(List.of(fullNode(-1000), node(1), node(2)), List.of(), List.of());

        Metrics m = run(s, t, strategy(s, "none"));

        // B's pod moves to C at 75 s; then C (3 pods) fits nowhere: nothing more.
        assertThat(m.consolidated).isEqualTo(1);
        assertThat(m.displaced).isEqualTo(1);
        assertThat(m.launched).isZero();
        assertThat(m.nodeUsd()).isCloseTo(billed(3600, 75 + 30, 3600), within(1e-9));
    }

    @Test
    void aPodConsolidationMoved_startsAgain_butItsStartIsNotAForcedOne() {
        Scenario s = scenario(1, 100000, NO_BUFFER, "", ", \"imagePullSeconds\": 10, \"readinessSeconds\": 5");
        Trace t = new Trace(List.of(fullNode(-1000), node(1), node(2)), List.of(), List.of());

        Metrics m = run(s, t, strategy(s, "none"));

        // B's pod moves to C at 75 s, where a replica of its Deployment runs (image there): readiness, 5 s, all its wait.
        assertThat(m.consolidationEvictions).isEqualTo(1);
        assertThat(m.pendingPodSeconds()).isEqualTo(5.0);
        assertThat(m.startPodSeconds()).isEqualTo(5.0);
        assertThat(m.forcedStartPodSeconds()).isZero();
        assertThat(m.forcedStarts()).isZero();
    }

    @Test
    void multiNode_deletesTheLongestPrefixThatFits_inOneCommand() {
        Scenario s = scenario(1, 100000, NO_BUFFER, ", \"budgetNodesPercent\": 100", "");
        Trace t = new Trace(List.of(node(1), node(1), node(1), node(1)), List.of(), List.of());

        Metrics m = run(s, t, strategy(s, "none"));

        // Binary search over 4 candidates (ids in order, equal price per pod): 3 fit on the 4th, 4 cannot. One command.
        assertThat(m.consolidated).isEqualTo(3);
        assertThat(m.displaced).isEqualTo(3);
        assertThat(m.nodeUsd()).isCloseTo(billed(105, 105, 105, 3600), within(1e-9));
    }

    @Test
    void budget_tenPercentOfNodes_roundsUp() {
        // 15 nodes of one pod each: ceil(1.5) = 2 per command while 2 are being disrupted; 90 s in, only the first
        // command (found at 60 s, executed at 75 s) has run, and it took exactly 2.
        Scenario s = scenario(90.0 / 3600, 100000, NO_BUFFER, "", "");
        Trace t = new Trace(new ArrayList<>(Collections.nCopies(15, node(1))), List.of(), List.of());

        Metrics m = run(s, t, strategy(s, "none"));

        assertThat(m.consolidated).isEqualTo(2);
    }

    @Test
    void doNotDisruptPods_keepTheirNodeOutOfConsolidation() {
        Scenario s = scenario(1, 100000, NO_BUFFER, ", \"budgetNodesPercent\": 100", ", \"doNotDisruptShare\": 1");
        Trace t = new Trace(List.of(node(1), node(1), node(1), node(1)), List.of(), List.of());

        Metrics m = run(s, t, strategy(s, "none"));

        assertThat(m.consolidated).isZero();
        assertThat(m.displaced).isZero();
    }

    @Test
    void whenEmptyPolicy_removesOnlyEmptyNodes() {
        Scenario s = scenario(1, 100000, NO_BUFFER, ", \"budgetNodesPercent\": 100, \"consolidationPolicy\": \"WhenEmpty\"", "");
        Trace t = new Trace(List.of(node(1), node(1), node(1), node(0)), List.of(), List.of());

        Metrics m = run(s, t, strategy(s, "none"));

        assertThat(m.consolidated).isEqualTo(1);
        assertThat(m.displaced).isZero();
    }

    @Test
    void spotNode_isNotReplacedByACheaperSpotNode_spotToSpotIsOffByDefault() {
        String types = M5_LARGE + """
                , {"name": "m5.xlarge", "vcpu": 4, "memoryGiB": 16, "spotPricePerHour": 0.08, "share": 0},
                  {"name": "c5.xlarge", "vcpu": 4, "memoryGiB": 8, "spotPricePerHour": 0.068, "share": 0}""";
        Scenario s = scenario(1, 100000, NO_BUFFER, "", "", types);
        // 3 x (1 CPU, 1Gi) on an m5.xlarge: a c5.xlarge would hold them for less; a full m5.large beside it
        // (2 x 1 CPU) whose pods do not both fit in the 1 CPU left: no deletion is possible, only a replacement.
        Resources pod = Resources.of("1", "1Gi");
        Trace t = new Trace(List.of(new Trace.InitialNode("m5.large", "a", -1000, List.of(pod, pod)),
                new Trace.InitialNode("m5.xlarge", "a", -1000, List.of(pod, pod, pod))), List.of(), List.of());

        Metrics m = run(s, t, strategy(s, "none"));

        assertThat(m.consolidated).isZero();
        assertThat(m.launched).isZero();
    }

    @Test
    void bufferPods_areReschedulablePods_theyKeepANodeAndMoveOnlyWhereTheyFit() {
        // A static buffer of one 1-CPU pod lands on the emptiest node: C (0 pods). A and B have 2 pods each (1000m free).
        Scenario s = scenario(1, 100000, "{\"staticBuffer\": {\"replicas\": 1, \"cpu\": \"1\", \"memory\": \"0\"}}",
                ", \"budgetNodesPercent\": 100", "");
        Trace t = new Trace(List.of(node(2), node(2), node(0)), List.of(), List.of());

        Metrics m = run(s, t, strategy(s, "static-runbook"));

        // C is not empty (the buffer pod counts), but everything fits on fewer nodes: consolidation packs the pods and
        // the buffer pod onto 2 nodes, deleting one of A, B, C; the buffer keeps running throughout.
        assertThat(m.consolidated).isEqualTo(1);
        assertThat(m.bufferCpuHours()).isCloseTo(1.0, within(0.01));
    }

    @Test
    void aPodEventDuringTheValidationDelay_dropsTheCommand() {
        // Found at 60 s: A (1 pod) onto B. At 65 s a spot warning drains C: its 4 pods land on A and B (6 free slots),
        // so at 75 s A is no longer a candidate (a pod bound under consolidateAfter ago) and nothing is deleted.
        Scenario s = scenario(100.0 / 3600, 100000, NO_BUFFER, "", "");
        Trace t = new Trace(List.of(node(1), node(1), fullNode(-1000)),
                List.of(new Trace.Interruption(65_000, POOL, 0.9, -1, "background")), List.of());

        Metrics m = run(s, t, strategy(s, "none"));

        assertThat(m.displaced).isEqualTo(4);
        assertThat(m.consolidated).isZero();
    }

    @Test
    void startConsolidated_theRunStartsFromWhatConsolidationLeaves_uncounted() {
        Scenario s = scenario(1, 100000, NO_BUFFER, ", \"startConsolidated\": true", "");
        Trace t = new Trace(List.of(node(1), node(1), node(1), node(1)), List.of(), List.of());

        Metrics m = run(s, t, strategy(s, "none"));

        // Before time zero three nodes' pods move onto the fourth; nothing is evicted, consolidated or billed for them.
        assertThat(m.consolidated).isZero();
        assertThat(m.displaced).isZero();
        assertThat(m.nodeUsd()).isCloseTo(billed(3600), within(1e-9));
    }
}
