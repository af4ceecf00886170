package dev.nodeless.sim;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The upgrade-drift scenario: a cluster-wide drift after a control-plane upgrade, replaced as a 10 % budget allows. */
class UpgradeDriftTest {

    @Test
    void everyStrategyReplacesTheDriftedNodes_inWavesTheBudgetBounds() throws Exception {
        Comparison c = Comparison.run(Scenario.load("upgrade-drift"), 1);

        for (Metrics m : c.rows()) {
            // at least one replacement launched per drifted node (100 nodes, plus whatever the strategy's buffer needs)
            assertThat(m.launched).as(m.strategy).isGreaterThanOrEqualTo(100);
            // drift drains the old nodes: their pods are displaced (and rescheduled, mostly onto the pre-spun replacement)
            assertThat(m.displaced).as(m.strategy).isGreaterThan(100);
        }
    }
}
