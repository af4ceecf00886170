package dev.nodeless.sim;

import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;

/** Acceptance: same seed, same numbers; a strategy's parameter moves only its own row. */
class ComparisonTest {

    @Test
    void sameSeed_sameTable() throws IOException {
        Scenario s = Scenario.load("spot-storm");

        assertThat(Report.table(Comparison.run(s, 9))).isEqualTo(Report.table(Comparison.run(s, 9)));
    }

    @Test
    void changingTheStaticBuffersSize_changesOnlyItsRow() throws IOException {
        Scenario s = Scenario.load("spot-storm");
        StrategyParams p = s.strategies();
        Scenario bigger = s.withStrategies(new StrategyParams(new StrategyParams.Fixed(20, "1", "0"),
                p.proportional(), p.capacityBuffer(), p.nodeless()));

        String[] before = Report.table(Comparison.run(s, 2)).split("\n");
        String[] after = Report.table(Comparison.run(bigger, 2)).split("\n");

        assertThat(after).hasSameSizeAs(before);
        for (int i = 0; i < before.length; i++) {
            if (before[i].startsWith("static-runbook")) {
                assertThat(after[i]).isNotEqualTo(before[i]);
            } else {
                assertThat(after[i]).isEqualTo(before[i]);
            }
        }
    }

    @Test
    void shippedScenarios_allLoadAndEveryStrategyReportsARow() throws IOException {
        for (String name : Scenario.SHIPPED) {
            Scenario s = Scenario.load(name);
            assertThat(s.name()).isEqualTo(name);
        }
        Comparison c = Comparison.run(Scenario.load("spot-storm"), 1);
        assertThat(c.rows()).extracting(m -> m.strategy)
                .containsExactly("none", "static-runbook", "proportional", "capacity-buffer", "nodeless");
        // The storm displaces pods in every strategy, and any buffer lowers the time they spend Pending.
        assertThat(c.row("none").displaced).isGreaterThan(100);
        assertThat(c.row("nodeless").pendingPodSeconds()).isLessThan(c.row("none").pendingPodSeconds());
    }
}
