package dev.nodeless.sim;

import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.nodeless.sim.SimFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

/** The Nodeless strategy drives the production BufferPlanner with what the rules and the reconcile deliver. */
class NodelessBufferTest {

    private static final String NODELESS = """
            {"nodeless": {"baseline": 0, "maxReplicas": 100, "cpu": "1", "memory": "0",
                          "cooldownMinutes": 10, "lookaheadMinutes": 15}}""";

    @Test
    void rebalanceRecommendation_growsBufferByTheNodesRequests_beforeTheWarning() {
        Scenario s = scenario(1, NODELESS);
        // Rebalance recommendation at 300 s, warning at 600 s, both for node 0 (4 x 500m).
        Trace t = new Trace(fullNodes(2), List.of(warningAfterRebalance(600, 300)), List.of());

        Metrics m = run(s, t, strategy(s, "nodeless"));

        // Heard at 305 s: demand 2000m / 1 CPU chunks = 2 replicas; they avoid node 0, so a node is launched
        // (Ready at 366 s) and the displaced pods only wait for two preemptions at 600 s.
        assertThat(valueAt(m.replicas, 304_999)).isZero();
        assertThat(valueAt(m.replicas, 305_000)).isEqualTo(2);
        assertThat(m.rebalances).isEqualTo(1);
        assertThat(m.preemptions).isEqualTo(2);
        assertThat(m.pendingPodSeconds()).isEqualTo(2 * 2.0);
        // 4 evicted by the drain; when the buffer shrinks at 1500 s the node launched for its refill is empty, and
        // consolidation moves the 4 pods of the node they preempted onto it (that node is a candidate, the empty one
        // is not yet: its last pod left under consolidateAfter ago): validated and drained at 1515 s.
        assertThat(m.displaced).isEqualTo(8);
        assertThat(valueAt(m.pending, 1_515_000)).isZero();
    }

    @Test
    void capacityBufferBackend_theSameSizing_butDisplacedPodsTakeTheRoomWithoutPreemption() {
        Scenario s = scenario(1, NODELESS.replace("\"lookaheadMinutes\": 15", "\"lookaheadMinutes\": 15, \"backend\": \"capacity-buffer\""));
        Trace t = new Trace(fullNodes(2), List.of(warningAfterRebalance(600, 300)), List.of());

        Metrics m = run(s, t, strategy(s, "nodeless"));

        // As above (2 replicas at 305 s), but the displaced pods take the virtual pods' room at 600 s at once.
        assertThat(valueAt(m.replicas, 305_000)).isEqualTo(2);
        assertThat(m.preemptions).isEqualTo(2);
        assertThat(m.pendingPodSeconds()).isZero();
    }

    @Test
    void aBackendTheClusterSpecDoesNotHave_isRefused() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> scenario(1, NODELESS.replace("\"lookaheadMinutes\": 15",
                        "\"lookaheadMinutes\": 15, \"backend\": \"karpenter\"")))
                .hasMessageContaining("strategies.nodeless.backend must be pause-pods or capacity-buffer, got karpenter");
    }

    @Test
    void afterTheNodeIsGone_reconcileShrinksAfterCooldown_andTheEmptyNodeIsConsolidated() {
        Scenario s = scenario(1, NODELESS);
        Trace t = new Trace(fullNodes(2), List.of(warningAfterRebalance(600, 300)), List.of());

        Metrics m = run(s, t, strategy(s, "nodeless"));

        // Node 0 gone at 720 s; the 900 s reconcile clears the ledger; cool-down 10 min: shrink at 1500 s.
        assertThat(valueAt(m.replicas, 1_499_999)).isEqualTo(2);
        assertThat(valueAt(m.replicas, 1_500_000)).isZero();
        // The node launched for the refilled buffer is empty after the shrink and consolidated 60 s later.
        assertThat(m.consolidated).isEqualTo(1);
        assertThat(m.launched).isEqualTo(2);
    }

    @Test
    void expiryForecast_growsBufferWithinTheLookahead_soExpiryDisplacesIntoIt() {
        // expireAfter 1 h; node 0 expires at 1200 s; the reconcile at 300 s sees it within 15 min.
        Scenario s = scenario(0.5, 1, NODELESS);
        Trace t = new Trace(List.of(fullNode(1_200_000 - 3_600_000), fullNode(-1_000)), List.of(), List.of());

        Metrics nodeless = run(s, t, strategy(s, "nodeless"));
        Metrics none = run(s, t, strategy(s, "none"));

        assertThat(valueAt(nodeless.replicas, 299_999)).isZero();
        assertThat(valueAt(nodeless.replicas, 300_000)).isEqualTo(2);
        assertThat(nodeless.expiries).isEqualTo(1);
        assertThat(nodeless.pendingPodSeconds()).isEqualTo(2 * 2.0);
        assertThat(none.pendingPodSeconds()).isEqualTo(4 * 61.0);
    }

    @Test
    void spotWarningWithoutRebalance_isHeardAfterTheDrain_marksTheNode_andBuysNoRoom() {
        Scenario s = scenario(1, NODELESS);
        Trace t = new Trace(fullNodes(2), List.of(warning(600)), List.of());
        NodelessBuffer nodeless = (NodelessBuffer) strategy(s, "nodeless");

        Metrics m = run(s, t, nodeless);

        // At 605 s Karpenter has evicted node 0's pods (still Terminating: 30 s grace, measured 2000m) and provisions for
        // them itself: the mark keeps buffer pods off node 0 and buys no room.
        assertThat(valueAt(m.replicas, 605_000)).isZero();
        assertThat(nodeless.ledger().atRisk()).isEmpty(); // gone at 720 s, forgotten by the 900 s reconcile
        assertThat(nodeless.lastDecision().reason()).doesNotContain("drained by Karpenter");
        assertThat(m.launched).isEqualTo(1); // the replacement for node 0's pods only
        // No head start: the displaced pods waited for a new node like without buffer.
        assertThat(m.waitPercentile(1.0)).isEqualTo(61.0);
    }
}
