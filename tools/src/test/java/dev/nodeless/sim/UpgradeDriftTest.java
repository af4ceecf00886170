package dev.nodeless.sim;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The upgrade-drift scenario: a cluster-wide drift after a control-plane upgrade, replaced as a 10 % budget allows. */
class UpgradeDriftTest {

    @Test
    void everyStrategyReplacesTheDriftedNodes_inWavesTheBudgetBounds() throws Exception {
        Comparison c = Comparison.run(Scenario.load("upgrade-drift"), 1);

        for (Metrics m : c.rows()) {
            // at least one replacement launched per drifted node: every node when the clock started (after the cluster's
            // consolidation) but those consolidation removed before the drift at 30 min
            assertThat(m.nodesAtStart).as(m.strategy).isGreaterThan(50);
            assertThat(m.launched).as(m.strategy).isGreaterThanOrEqualTo((int) (m.nodesAtStart - m.consolidated));
            // drift drains the old nodes: their pods are displaced (and rescheduled, mostly onto the pre-spun replacement)
            assertThat(m.displaced).as(m.strategy).isGreaterThan(m.nodesAtStart);
        }
    }
}
