package dev.nodeless.sim;

import dev.nodeless.buffer.Resources;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static dev.nodeless.sim.SimFixtures.scenario;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shortcuts consolidation's packing takes must give the answers of the long way: a node's used CPU and largest pod
 * kept across binds and unbinds, and the no-sort check of a pass ({@link Packing.Room#noneFitsAlone}) against asking
 * each node in turn.
 */
class PackingCacheTest {

    private static final Resources[] SIZES = {
            Resources.of("250m", "512Mi"), Resources.of("500m", "1Gi"), Resources.of("1", "2Gi"), Resources.of("1500m", "1Gi")};

    private final Scenario scenario = scenario(1, "{}");
    private final World w = new World(scenario, SimFixtures.strategy(scenario, "none"));
    private final Scheduler scheduler = new Scheduler(w);

    private Node node() {
        InstanceType t = scenario.cluster().type("m5.large");
        Node n = new Node(w.nextNodeId++, t, "a", 0, Long.MAX_VALUE, Allocatable.of(t, scenario.cluster()));
        n.ready = true;
        w.live.add(n);
        w.indexReady(n);
        return n;
    }

    @Test
    void usedCpuAndLargestPod_matchThePods_afterEveryBindAndUnbind() {
        SplittableRandom rnd = new SplittableRandom(7);
        List<Node> nodes = List.of(node(), node(), node());
        List<Pod> bound = new ArrayList<>();
        int checked = 0;
        for (int step = 0; step < 2000; step++) {
            Node n = nodes.get(rnd.nextInt(nodes.size()));
            Resources r = SIZES[rnd.nextInt(SIZES.length)];
            if (!bound.isEmpty() && (rnd.nextBoolean() || !n.fits(r))) {
                scheduler.unbind(bound.remove(rnd.nextInt(bound.size())));
            } else if (n.fits(r)) {
                Pod p = new Pod(w.nextPodId++, rnd.nextBoolean(), r);
                scheduler.bindRunning(p, n);
                bound.add(p);
            }
            for (Node o : nodes) {
                long sum = 0, largest = 0;
                for (Pod p : o.pods) {
                    sum += p.requests.milliCpu();
                    largest = Math.max(largest, p.requests.milliCpu());
                }
                assertThat(o.usedCpu()).isEqualTo(sum);
                assertThat(o.largestPodCpu()).isEqualTo(largest);
                if (largest > 0) checked++;
            }
        }
        assertThat(checked).as("nodes with pods were checked").isGreaterThan(1000);
    }

    @Test
    void noneFitsAlone_answersAsAskingEachNode_andRemembersMisfitsOnlyWhenNoneFits() {
        SplittableRandom rnd = new SplittableRandom(11);
        int someFit = 0, noneFit = 0;
        for (int round = 0; round < 300; round++) {
            w.live.clear();
            List<Node> nodes = new ArrayList<>();
            for (int i = 0; i < 2 + rnd.nextInt(20); i++) nodes.add(node());
            for (Node n : nodes) {
                for (int k = rnd.nextInt(6); k > 0; k--) {
                    Resources r = SIZES[rnd.nextInt(SIZES.length)];
                    if (n.fits(r)) scheduler.bindRunning(new Pod(w.nextPodId++, false, r), n);
                }
            }
            List<Node> busy = nodes.stream().filter(n -> !n.pods.isEmpty()).toList();
            w.roomVersion++; // nothing remembered from the previous round
            Packing packing = new Packing(w);

            boolean anyFits = false;
            Packing.Room longWay = packing.room();
            for (Node n : busy) anyFits |= longWay.fitsAlone(n);
            w.roomVersion++;
            boolean none = packing.room().noneFitsAlone(busy);

            assertThat(none).isEqualTo(!anyFits);
            for (Node n : busy) assertThat(packing.knownMisfit(n)).isEqualTo(none);
            if (none) noneFit++;
            else someFit++;
        }
        assertThat(someFit).as("rounds where a node fits alone").isGreaterThan(20);
        assertThat(noneFit).as("rounds where none does").isGreaterThan(20);
    }

    @Test
    void room_isMeasuredAgainAfterEveryChange_andOnlyThen() {
        Node a = node();
        Node b = node();
        scheduler.bindRunning(new Pod(w.nextPodId++, false, SIZES[2]), a);
        Packing packing = new Packing(w);

        Packing.Room first = packing.room();
        assertThat(first.fitsAlone(a)).as("a's 1-CPU pod fits on empty b").isTrue();
        assertThat(packing.room()).as("nothing changed").isSameAs(first);

        scheduler.bindRunning(new Pod(w.nextPodId++, false, SIZES[3]), b); // b keeps 500m
        Packing.Room second = packing.room();
        assertThat(second).isNotSameAs(first);
        assertThat(second.fitsAlone(a)).isFalse();

        b.cordoned = true;
        w.stateVersion++; // as every cordon does (drain, consolidation)
        assertThat(packing.room()).isNotSameAs(second);
    }

    @Test
    void refusalOnFreeCpuValues_answersAsTheMeasuredRoom_tiesAtItsEdgeIncluded() {
        SplittableRandom rnd = new SplittableRandom(5);
        int fits = 0, refused = 0, edgeTies = 0;
        for (int round = 0; round < 300; round++) {
            w.live.clear();
            w.byFreeCpu.clear();
            List<Node> nodes = new ArrayList<>();
            for (int i = 0; i < 12 + rnd.nextInt(30); i++) nodes.add(node());
            int fill = 2 + rnd.nextInt(14); // pods tried per node: some rounds packed, some loose
            for (Node n : nodes) {
                for (int k = rnd.nextInt(fill); k > 0; k--) {
                    Resources r = SIZES[rnd.nextInt(SIZES.length)]; // few sizes: many equal free CPU values
                    if (n.fits(r)) scheduler.bindRunning(new Pod(w.nextPodId++, rnd.nextInt(4) == 0, r), n);
                }
                if (rnd.nextInt(10) == 0) n.cordoned = true;
            }
            w.stateVersion++;
            w.roomVersion++;
            Packing.Room room = new Packing(w).room();
            long edge = w.roomThreshold;
            for (Node n : nodes) {
                if (n.pods.isEmpty() || !n.schedulable()) continue;
                boolean measured = room.fitsMeasured(n);
                assertThat(room.fitsAlone(n)).as("round %d, %s", round, n).isEqualTo(measured);
                if (measured) fits++;
                else refused++;
                if (edge > 0 && n.freeCpu == edge) edgeTies++;
            }
        }
        assertThat(fits).as("nodes that fit alone").isGreaterThan(100);
        assertThat(refused).as("nodes that do not").isGreaterThan(100);
        assertThat(edgeTies).as("nodes tied with the room's least free CPU").isGreaterThan(50);
    }

    @Test
    void aNodeTiedWithTheRoomsLeast_isJudgedByWhereTheHeapPutIt() {
        // 18 nodes of 2000m, each with 16 pods of 115m and one of 45m: 115m free on every one. The room holds 17 of them
        // (the heap picks which); a node left out fits on the 17 in it (1955m), one in it does not fit on the other 16.
        List<Node> nodes = new ArrayList<>();
        for (int i = 0; i < 18; i++) {
            Node n = node();
            for (int k = 0; k < 16; k++) scheduler.bindRunning(new Pod(w.nextPodId++, false, Resources.of("115m", "0")), n);
            scheduler.bindRunning(new Pod(w.nextPodId++, false, Resources.of("45m", "0")), n);
            nodes.add(n);
        }
        Packing.Room room = new Packing(w).room();
        int fit = 0;
        for (Node n : nodes) {
            boolean measured = room.fitsMeasured(n);
            assertThat(room.fitsAlone(n)).as("%s", n).isEqualTo(measured);
            if (measured) fit++;
        }
        assertThat(fit).as("the one node the room left out").isEqualTo(1);
    }
}
