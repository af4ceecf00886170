package dev.nodeless.buffer;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The baseline as a share of the cluster's requests: how the share is computed, and how sizing and the planner use it. */
class BufferShareTest {

    static final Instant T0 = Instant.parse("2026-11-20T09:30:00Z");
    static final Duration COOLDOWN = Duration.ofMinutes(10);

    static BufferPolicy policy(double percent, int baseline, int max, String chunkCpu, String chunkMem) {
        return new BufferPolicy(baseline, max, Resources.of(chunkCpu, chunkMem), COOLDOWN, Duration.ofMinutes(30),
                BaselineSchedule.NONE, percent);
    }

    static final BufferPolicy FIVE_PERCENT = policy(5, 2, 20, "1", "1Gi");

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "off,                          0,   1, 1Gi, 130,  100Gi, 0",
            "cpu sets it (6.5 -> 7),       5,   1, 1Gi, 130,  100Gi, 7",
            "memory sets it,               5,   1, 1Gi, 10,   260Gi, 13",
            "exact whole pods,             5,   1, 1Gi, 100,  20Gi,  5",
            "decimal percent is exact,     0.1, 1, 1Gi, 1000, 1Gi,   1",
            "unrequested memory ignored,   5,   1, 0,   40,   900Gi, 2",
            "no requests,                  5,   1, 1Gi, 0,    0,     0",
            "capped at maxReplicas,        50,  1, 1Gi, 100,  1Gi,   20",
            "100 percent,                  100, 2, 4Gi, 9,    1Gi,   5",
    })
    void share(String name, double percent, String chunkCpu, String chunkMem, String cpu, String mem, int expected) {
        assertThat(BufferSizing.share(Resources.of(cpu, mem), policy(percent, 0, 20, chunkCpu, chunkMem))).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "share sets the baseline,          7,  0, -1, 7",
            "share below baseline ignored,     1,  0, -1, 2",
            "share capped at maxReplicas,      25, 0, -1, 20",
            "demand on top of the share,       7,  3, -1, 10",
            "demand capped at maxReplicas,     18, 5, -1, 20",
            "limits never cut below the share, 7,  3, 5,  7",
    })
    void desired_withShare(String name, int share, String demandCpu, int cap, int expected) {
        OptionalInt limitCap = cap < 0 ? OptionalInt.empty() : OptionalInt.of(cap);
        assertThat(BufferSizing.desired(Resources.of(demandCpu, "0"), FIVE_PERCENT, T0, limitCap, share)).isEqualTo(expected);
    }

    @Test
    void planner_growsToTheShare_andSaysSoWithTheMeasuredRequests() {
        Ledger l = Ledger.EMPTY.withShare(7);

        BufferDecision measured = BufferPlanner.decide(l, 2, FIVE_PERCENT, T0, OptionalInt.empty(), Resources.of("130", "260Gi"));
        BufferDecision stored = BufferPlanner.decide(l, 2, FIVE_PERCENT, T0, OptionalInt.empty());

        assertThat(measured.action()).isEqualTo(BufferDecision.Action.GROW);
        assertThat(measured.replicasAfter()).isEqualTo(7);
        assertThat(measured.reason()).contains("baseline 7 (5% of requests cpu 130, memory 260Gi)");
        assertThat(stored.replicasAfter()).isEqualTo(7);
        assertThat(stored.reason()).contains("baseline 7 (5% of requests)");
        assertThat(measured.ledger().share()).isEqualTo(7);
    }

    @Test
    void planner_shareBelowBaseline_isNotNamedAsTheReason() {
        BufferDecision d = BufferPlanner.decide(Ledger.EMPTY.withShare(1), 2, FIVE_PERCENT, T0, OptionalInt.empty(), Resources.of("20", "1Gi"));

        assertThat(d.action()).isEqualTo(BufferDecision.Action.NONE);
        assertThat(d.reason()).contains("baseline 2").doesNotContain("% of requests");
    }

    @Test
    void planner_demandOnTopOfTheShare() {
        Ledger l = Ledger.EMPTY.withShare(7).mark(new AtRisk("n1", "i-n1", "rebalance", T0, T0.plusSeconds(120), Resources.of("2500m", "1Gi")));

        assertThat(BufferPlanner.decide(l, 7, FIVE_PERCENT, T0, OptionalInt.empty()).replicasAfter()).isEqualTo(10);
    }

    @Test
    void planner_shareThatFell_shrinksOnlyAfterAWholeCooldown() {
        Ledger fell = Ledger.EMPTY.withShare(4);

        BufferDecision hold = BufferPlanner.decide(fell, 7, FIVE_PERCENT, T0, OptionalInt.empty());
        BufferDecision stillHold = BufferPlanner.decide(hold.ledger(), 7, FIVE_PERCENT, T0.plus(COOLDOWN).minusSeconds(1), OptionalInt.empty());
        BufferDecision shrink = BufferPlanner.decide(stillHold.ledger(), 7, FIVE_PERCENT, T0.plus(COOLDOWN), OptionalInt.empty());

        assertThat(hold.action()).isEqualTo(BufferDecision.Action.NONE);
        assertThat(hold.ledger().surplusSince()).isEqualTo(T0);
        assertThat(stillHold.action()).isEqualTo(BufferDecision.Action.NONE);
        assertThat(shrink.action()).isEqualTo(BufferDecision.Action.SHRINK);
        assertThat(shrink.replicasAfter()).isEqualTo(4);
        assertThat(shrink.reason()).contains("baseline 4 (5% of requests)");
        assertThat(shrink.ledger().share()).isEqualTo(4);
    }

    @Test
    void shareThatFell_afterTheLastAtRiskNodeWentLongAgo_stillHoldsAWholeCooldown() {
        Instant later = T0.plus(Duration.ofHours(3));
        Ledger cleared = Ledger.EMPTY.mark(new AtRisk("n1", "i-n1", "expiry", T0, T0, Resources.of("1", "1Gi")))
                .remove("n1", T0.plusSeconds(60)).withShare(7);

        Ledger fell = cleared.withMeasuredShare(4, 2, later);
        BufferDecision hold = BufferPlanner.decide(fell, 7, FIVE_PERCENT, later, OptionalInt.empty());
        BufferDecision shrink = BufferPlanner.decide(hold.ledger(), 7, FIVE_PERCENT, later.plus(COOLDOWN), OptionalInt.empty());

        assertThat(fell.surplusSince()).isEqualTo(later);
        assertThat(hold.action()).isEqualTo(BufferDecision.Action.NONE);
        assertThat(hold.reason()).contains("cool-down until " + later.plus(COOLDOWN));
        assertThat(shrink.action()).isEqualTo(BufferDecision.Action.SHRINK);
        assertThat(shrink.replicasAfter()).isEqualTo(4);
    }

    @Test
    void withMeasuredShare_startsASurplusOnlyWhenTheFallLowersTheBaseline() {
        Ledger l = Ledger.EMPTY.withShare(7);

        assertThat(l.withMeasuredShare(7, 2, T0)).as("steady").isSameAs(l);
        assertThat(l.withMeasuredShare(9, 2, T0).surplusSince()).as("rose").isNull();
        assertThat(l.withMeasuredShare(4, 2, T0).surplusSince()).as("fell").isEqualTo(T0);
        assertThat(l.withMeasuredShare(null, 2, T0).surplusSince()).as("switched off").isEqualTo(T0);
        assertThat(Ledger.EMPTY.withShare(3).withMeasuredShare(1, 5, T0).surplusSince()).as("below the baseline both times").isNull();
        assertThat(Ledger.EMPTY.withMeasuredShare(4, 2, T0)).as("first measurement").isEqualTo(Ledger.EMPTY.withShare(4));
    }

    @Test
    void planner_shareStoredBeforeItWasSwitchedOff_doesNotCount() {
        BufferPolicy off = policy(0, 2, 20, "1", "1Gi");

        assertThat(BufferPlanner.decide(Ledger.EMPTY.withShare(7), 2, off, T0, OptionalInt.empty()).replicasAfter()).isEqualTo(2);
    }

    @Test
    void ledgerOperations_keepTheShare() {
        Ledger l = Ledger.EMPTY.withShare(3)
                .mark(new AtRisk("n1", "i-n1", "rebalance", T0, null, Resources.of("1", "1Gi")))
                .withSurplusSince(T0)
                .remove("n1", T0.plusSeconds(60));

        assertThat(l.share()).isEqualTo(3);
        assertThat(l.withShare(3)).isSameAs(l);
        assertThat(l.withShare(null).share()).isNull();
    }

    @Test
    void policy_rejectsAPercentOutside0To100() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> policy(100.5, 2, 20, "1", "1Gi"))
                .isInstanceOf(IllegalArgumentException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> policy(-1, 2, 20, "1", "1Gi"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
