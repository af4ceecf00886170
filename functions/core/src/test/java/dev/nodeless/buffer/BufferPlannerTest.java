package dev.nodeless.buffer;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BufferPlannerTest {

    static final Instant T0 = Instant.parse("2026-11-20T09:30:00Z");
    static final BufferPolicy RUNBOOK = new BufferPolicy(2, 20, Resources.of("1", "1Gi"), Duration.ofMinutes(10), Duration.ofMinutes(30));

    static AtRisk risk(String node, String kind, String cpu, String mem, Instant at) {
        return new AtRisk(node, "i-" + node, kind, at, at.plus(Duration.ofMinutes(2)), Resources.of(cpu, mem));
    }

    @Test
    void rebalance_growsAtOnceByTheRequestsItWillDisplace() {
        Ledger l = Ledger.EMPTY.mark(risk("n1", "rebalance", "2500m", "1Gi", T0));
        BufferDecision d = BufferPlanner.decide(l, 2, RUNBOOK, T0, OptionalInt.empty());
        assertThat(d.action()).isEqualTo(BufferDecision.Action.GROW);
        assertThat(d.replicasAfter()).isEqualTo(5);
        assertThat(d.reason()).contains("1 node(s) at risk");
    }

    @Test
    void spotWarning_marksTheNodeButBuysNoRoom_karpenterDrainsItAtTheSameMessage() {
        Ledger l = Ledger.EMPTY.mark(risk("n1", "spot-interruption", "2500m", "1Gi", T0));
        BufferDecision d = BufferPlanner.decide(l, 2, RUNBOOK, T0, OptionalInt.empty());
        assertThat(d.action()).isEqualTo(BufferDecision.Action.NONE);
        assertThat(d.ledger().atRisk()).containsKey("n1"); // still marked: buffer pods keep off it
        assertThat(d.reason()).contains("1 node(s) at risk (1 drained by Karpenter: no room bought), demand 0m/0Mi");
        for (String kind : List.of("scheduled-change", "state-change")) {
            assertThat(Ledger.EMPTY.mark(risk("n1", kind, "2", "1Gi", T0)).demand()).as(kind).isEqualTo(Resources.ZERO);
        }
    }

    @Test
    void rebalanceThenSpotWarning_theRoomBoughtAheadIsReleasedWhenKarpenterDrains() {
        Ledger ahead = Ledger.EMPTY.mark(risk("n1", "rebalance", "3", "1Gi", T0));
        assertThat(BufferPlanner.decide(ahead, 2, RUNBOOK, T0, OptionalInt.empty()).replicasAfter()).isEqualTo(5);
        Ledger warned = ahead.mark(risk("n1", "spot-interruption", "3", "1Gi", T0.plusSeconds(240)));
        BufferDecision d = BufferPlanner.decide(warned, 5, RUNBOOK, T0.plusSeconds(240), OptionalInt.empty());
        assertThat(d.action()).isEqualTo(BufferDecision.Action.NONE); // a surplus now: shrinks after the cool-down
        assertThat(d.reason()).contains("3 replica(s) more than needed");
    }

    @Test
    void sameMarkTwice_isTheSameLedgerAndNoChange() {
        Ledger once = Ledger.EMPTY.mark(risk("n1", "spot-interruption", "2", "1Gi", T0));
        Ledger twice = once.mark(risk("n1", "spot-interruption", "2", "1Gi", T0.plusSeconds(5)));
        assertThat(twice).isEqualTo(once);
        assertThat(BufferPlanner.decide(twice, 4, RUNBOOK, T0, OptionalInt.empty()).changesReplicas()).isFalse();
    }

    @Test
    void remeasuringADrainedNode_keepsItsLargerDemand() {
        Ledger l = Ledger.EMPTY.mark(risk("n1", "expiry", "4", "1Gi", T0))
                .mark(risk("n1", "expiry", "0", "0", T0.plusSeconds(60)));
        assertThat(l.demand()).isEqualTo(Resources.of("4", "1Gi"));
        Ledger stopped = l.mark(risk("n1", "state-change", "0", "0", T0.plusSeconds(90)));
        assertThat(stopped.atRisk().get("n1").demand()).isEqualTo(Resources.of("4", "1Gi")); // kept for the audit
        assertThat(stopped.atRisk().get("n1").kind()).isEqualTo("state-change");
    }

    @Test
    void rebalanceAfterSpotWarning_keepsTheStrongerKind() {
        Ledger l = Ledger.EMPTY.mark(risk("n1", "spot-interruption", "1", "1Gi", T0)).mark(risk("n1", "rebalance", "1", "1Gi", T0));
        assertThat(l.atRisk().get("n1").kind()).isEqualTo("spot-interruption");
    }

    @Test
    void shrink_holdsWhileAnyNodeIsAtRisk() {
        Ledger l = Ledger.EMPTY.mark(risk("n1", "spot-interruption", "1", "1Gi", T0));
        BufferDecision d = BufferPlanner.decide(l, 6, RUNBOOK, T0, OptionalInt.empty());
        assertThat(d.action()).isEqualTo(BufferDecision.Action.NONE);
        assertThat(d.replicasAfter()).isEqualTo(6);
        assertThat(d.reason()).startsWith("hold:");
    }

    @Test
    void shrink_waitsForCooldownAfterTheLastNodeIsGone_thenReturnsToBaseline() {
        Ledger l = Ledger.EMPTY.mark(risk("n1", "spot-interruption", "3", "1Gi", T0)).retainOnly(Set.of(), T0.plusSeconds(120));
        assertThat(l.clearedAt()).isEqualTo(T0.plusSeconds(120));
        BufferDecision during = BufferPlanner.decide(l, 5, RUNBOOK, T0.plusSeconds(120 + 599), OptionalInt.empty());
        assertThat(during.action()).isEqualTo(BufferDecision.Action.NONE);
        assertThat(during.reason()).contains("cool-down");
        BufferDecision after = BufferPlanner.decide(l, 5, RUNBOOK, T0.plusSeconds(120 + 600), OptionalInt.empty());
        assertThat(after.action()).isEqualTo(BufferDecision.Action.SHRINK);
        assertThat(after.replicasAfter()).isEqualTo(2);
    }

    @Test
    void surplusWhileNodesRemainAtRisk_shrinksToTheNeededSizeAfterACooldownOfSurplus_notToBaseline() {
        // steady churn: n1 left, n2 (1 CPU) is still at risk; the buffer (5) holds more than n2 needs (2 + 1)
        Ledger l = Ledger.EMPTY.mark(risk("n1", "expiry", "2", "1Gi", T0)).mark(risk("n2", "expiry", "1", "1Gi", T0))
                .remove("n1", T0.plusSeconds(60));

        BufferDecision first = BufferPlanner.decide(l, 5, RUNBOOK, T0.plusSeconds(60), OptionalInt.empty());
        assertThat(first.action()).isEqualTo(BufferDecision.Action.NONE);
        assertThat(first.ledger().surplusSince()).isEqualTo(T0.plusSeconds(60));

        BufferDecision during = BufferPlanner.decide(first.ledger(), 5, RUNBOOK, T0.plusSeconds(60 + 599), OptionalInt.empty());
        assertThat(during.action()).isEqualTo(BufferDecision.Action.NONE);
        assertThat(during.ledger().surplusSince()).as("the surplus start is kept, not renewed").isEqualTo(T0.plusSeconds(60));

        BufferDecision after = BufferPlanner.decide(during.ledger(), 5, RUNBOOK, T0.plusSeconds(60 + 600), OptionalInt.empty());
        assertThat(after.action()).isEqualTo(BufferDecision.Action.SHRINK);
        assertThat(after.replicasAfter()).isEqualTo(3);
        assertThat(after.ledger().surplusSince()).isNull();
    }

    @Test
    void growAfterADip_forgetsTheSurplus_soAShortDipBetweenWavesNeverShrinks() {
        Ledger dip = Ledger.EMPTY.mark(risk("n2", "expiry", "1", "1Gi", T0)).withSurplusSince(T0);
        Ledger wave = dip.mark(risk("n3", "expiry", "4", "1Gi", T0.plusSeconds(300)));

        BufferDecision grow = BufferPlanner.decide(wave, 5, RUNBOOK, T0.plusSeconds(300), OptionalInt.empty());

        assertThat(grow.action()).isEqualTo(BufferDecision.Action.GROW);
        assertThat(grow.ledger().surplusSince()).isNull();
    }

    @Test
    void backToBaseline_countsTheCooldownFromWhenTheLastNodeWent_evenIfASurplusBeganEarlier() {
        Ledger l = Ledger.EMPTY.mark(risk("n1", "expiry", "1", "1Gi", T0)).withSurplusSince(T0).retainOnly(Set.of(), T0.plusSeconds(500));

        BufferDecision before = BufferPlanner.decide(l, 4, RUNBOOK, T0.plusSeconds(700), OptionalInt.empty());
        BufferDecision after = BufferPlanner.decide(before.ledger(), 4, RUNBOOK, T0.plusSeconds(1100), OptionalInt.empty());

        assertThat(before.action()).isEqualTo(BufferDecision.Action.NONE);
        assertThat(after.action()).isEqualTo(BufferDecision.Action.SHRINK);
        assertThat(after.replicasAfter()).isEqualTo(2);
    }

    @Test
    void demandIsSummedOverAtRiskNodes() {
        Ledger l = Ledger.EMPTY;
        for (int i = 0; i < 50; i++) l = l.mark(risk("n" + i, "expiry", "1500m", "1Gi", T0));
        assertThat(BufferPlanner.decide(l, 2, new BufferPolicy(2, 500, Resources.of("1", "1Gi"), Duration.ZERO, Duration.ZERO), T0, OptionalInt.empty())
                .replicasAfter()).isEqualTo(2 + 75);
    }

    @Test
    void staleMarks_areDroppedOnlyAfterTheirSignalExpired() {
        Ledger l = new Ledger(Map.of(
                "spot", risk("spot", "spot-interruption", "1", "1Gi", T0),
                "reb", new AtRisk("reb", "i-reb", "rebalance", T0, null, Resources.of("1", "1Gi"))), null);
        assertThat(l.dropStale(T0.plus(Duration.ofMinutes(30)), Duration.ofMinutes(40)).atRisk()).containsOnlyKeys("spot", "reb");
        assertThat(l.dropStale(T0.plus(Duration.ofMinutes(41)), Duration.ofMinutes(40)).atRisk()).containsOnlyKeys("spot");
        assertThat(l.dropStale(T0.plus(Duration.ofMinutes(43)), Duration.ofMinutes(40)).atRisk()).isEmpty();
    }

    // --- baseline schedule: Mon-Fri 08:00-18:00 Paris = 07:00Z-17:00Z on Friday 2026-11-20 (CET) ---

    static final BaselineSchedule BUSINESS_HOURS = new BaselineSchedule(List.of(BaselineSchedule.Window.of(
            List.of("Mon", "Tue", "Wed", "Thu", "Fri"), "08:00", "18:00", "Europe/Paris", 6)));
    static final BufferPolicy SCHEDULED = new BufferPolicy(2, 20, Resources.of("1", "1Gi"), Duration.ofMinutes(10), Duration.ofMinutes(30), BUSINESS_HOURS);
    static final String WINDOW = "baseline 6 (schedule Mon-Fri 08:00-18:00 Europe/Paris)";
    /** The last at-risk node went on Wednesday: long before any window edge of the tests. */
    static final Ledger QUIET = Ledger.EMPTY.mark(risk("old", "expiry", "1", "1Gi", Instant.parse("2026-11-18T10:00:00Z")))
            .retainOnly(Set.of(), Instant.parse("2026-11-18T10:05:00Z"));

    static Instant fri(String time) {
        return Instant.parse("2026-11-20T" + time + "Z");
    }

    @Test
    void windowStarts_growsToItsBaseline_andTheReasonNamesTheSchedule() {
        BufferDecision before = BufferPlanner.decide(QUIET, 2, SCHEDULED, fri("06:59:59"), OptionalInt.empty());
        BufferDecision start = BufferPlanner.decide(QUIET, 2, SCHEDULED, fri("07:00:00"), OptionalInt.empty());

        assertThat(before.action()).isEqualTo(BufferDecision.Action.NONE);
        assertThat(before.reason()).endsWith(", baseline 2").doesNotContain("schedule");
        assertThat(start.action()).isEqualTo(BufferDecision.Action.GROW);
        assertThat(start.replicasAfter()).isEqualTo(6);
        assertThat(start.reason()).isEqualTo("grow: 0 node(s) at risk, demand " + Resources.ZERO + ", " + WINDOW);
    }

    @Test
    void windowEnds_keepsTheReplicasForAWholeCooldown_thenShrinksToTheConstantBaseline() {
        // the last node went days ago: without the window's end the surplus would count from then and shrink at once
        BufferDecision first = BufferPlanner.decide(QUIET, 6, SCHEDULED, fri("17:03:00"), OptionalInt.empty());
        assertThat(first.action()).isEqualTo(BufferDecision.Action.NONE);
        assertThat(first.reason()).startsWith("hold:").contains("cool-down until 2026-11-20T17:10:00Z")
                .contains("(end of schedule Mon-Fri 08:00-18:00 Europe/Paris)");
        assertThat(first.ledger().surplusSince()).isEqualTo(fri("17:00:00"));

        BufferDecision during = BufferPlanner.decide(first.ledger(), 6, SCHEDULED, fri("17:09:59"), OptionalInt.empty());
        assertThat(during.action()).isEqualTo(BufferDecision.Action.NONE);

        BufferDecision after = BufferPlanner.decide(during.ledger(), 6, SCHEDULED, fri("17:10:00"), OptionalInt.empty());
        assertThat(after.action()).isEqualTo(BufferDecision.Action.SHRINK);
        assertThat(after.replicasAfter()).isEqualTo(2);
        assertThat(after.reason()).contains("baseline 2").contains("surplus since 2026-11-20T17:00:00Z (end of schedule Mon-Fri");
        assertThat(after.ledger().surplusSince()).isNull();
    }

    @Test
    void windowEnds_cooldownCountsFromTheEnd_evenWithoutAReconcileInBetween() {
        assertThat(BufferPlanner.decide(QUIET, 6, SCHEDULED, fri("17:09:59"), OptionalInt.empty()).action()).isEqualTo(BufferDecision.Action.NONE);
        assertThat(BufferPlanner.decide(QUIET, 6, SCHEDULED, fri("17:10:00"), OptionalInt.empty()).action()).isEqualTo(BufferDecision.Action.SHRINK);
    }

    @Test
    void windowEnds_onAClusterThatNeverHadANodeAtRisk_countsFromTheEndToo() {
        BufferDecision first = BufferPlanner.decide(Ledger.EMPTY, 6, SCHEDULED, fri("17:04:00"), OptionalInt.empty());
        assertThat(first.action()).isEqualTo(BufferDecision.Action.NONE);
        assertThat(first.ledger().surplusSince()).isEqualTo(fri("17:00:00"));

        BufferDecision after = BufferPlanner.decide(first.ledger(), 6, SCHEDULED, fri("17:10:00"), OptionalInt.empty());
        assertThat(after.action()).isEqualTo(BufferDecision.Action.SHRINK);
        assertThat(after.replicasAfter()).isEqualTo(2);
    }

    @Test
    void atRiskDemand_isAddedOnTopOfTheScheduledBaseline() {
        Ledger l = QUIET.mark(risk("n1", "expiry", "2500m", "1Gi", fri("12:00:00")));

        BufferDecision d = BufferPlanner.decide(l, 6, SCHEDULED, fri("12:00:00"), OptionalInt.empty());

        assertThat(d.action()).isEqualTo(BufferDecision.Action.GROW);
        assertThat(d.replicasAfter()).isEqualTo(6 + 3);
        assertThat(d.reason()).contains("1 node(s) at risk").endsWith(WINDOW);
    }

    @Test
    void scheduledBaselinePlusDemand_isCappedByMaxReplicas() {
        BufferPolicy tight = new BufferPolicy(2, 8, Resources.of("1", "1Gi"), Duration.ofMinutes(10), Duration.ofMinutes(30), BUSINESS_HOURS);
        Ledger l = QUIET.mark(risk("n1", "expiry", "4", "1Gi", fri("12:00:00")));

        assertThat(BufferPlanner.decide(l, 6, tight, fri("12:00:00"), OptionalInt.empty()).replicasAfter()).isEqualTo(8);
    }

    @Test
    void windowEndsWhileANodeIsAtRisk_shrinksACooldownLaterToTheConstantBaselinePlusDemand() {
        Ledger l = QUIET.mark(risk("n1", "expiry", "2", "1Gi", fri("16:50:00")));
        BufferDecision inWindow = BufferPlanner.decide(l, 8, SCHEDULED, fri("16:59:00"), OptionalInt.empty());
        assertThat(inWindow.action()).isEqualTo(BufferDecision.Action.NONE);
        assertThat(inWindow.reason()).startsWith("unchanged:");

        BufferDecision hold = BufferPlanner.decide(inWindow.ledger(), 8, SCHEDULED, fri("17:00:30"), OptionalInt.empty());
        assertThat(hold.action()).isEqualTo(BufferDecision.Action.NONE);
        assertThat(hold.ledger().surplusSince()).isEqualTo(fri("17:00:00"));

        BufferDecision shrink = BufferPlanner.decide(hold.ledger(), 8, SCHEDULED, fri("17:10:00"), OptionalInt.empty());
        assertThat(shrink.action()).isEqualTo(BufferDecision.Action.SHRINK);
        assertThat(shrink.replicasAfter()).as("2 + the at-risk node's 2 CPU").isEqualTo(4);
    }

    @Test
    void podView_onlyEvictablePodsCount() {
        Resources r = Resources.of("1", "1Gi");
        List<PodView> pods = List.of(
                new PodView("a", "web", "n1", "Running", false, false, false, r),
                new PodView("a", "ds", "n1", "Running", true, false, false, r),
                new PodView("a", "mirror", "n1", "Running", false, true, false, r),
                new PodView("a", "done", "n1", "Succeeded", false, false, false, r),
                new PodView("a", "failed", "n1", "Failed", false, false, false, r),
                new PodView("a", "pause", "n1", "Running", false, false, true, r),
                new PodView("a", "other", "n2", "Running", false, false, false, r),
                new PodView("a", "pending", "n1", "Pending", false, false, false, r));
        assertThat(PodView.demandOn("n1", pods)).isEqualTo(Resources.of("2", "2Gi"));
    }
}
