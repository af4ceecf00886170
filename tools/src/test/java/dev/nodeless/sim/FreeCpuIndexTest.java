package dev.nodeless.sim;

import dev.nodeless.buffer.Resources;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static dev.nodeless.sim.SimFixtures.scenario;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The scheduler's index of Ready nodes by free CPU ({@link World#byFreeCpu}) must give the choice of a scan over every
 * node (most free CPU among the schedulable nodes that hold the pod, the lowest id on a tie) through binds, unbinds,
 * launches, cordons and removals.
 */
class FreeCpuIndexTest {

    private static final Resources[] SIZES = {
            Resources.of("250m", "512Mi"), Resources.of("500m", "7Gi"), Resources.of("1", "2Gi"), Resources.of("2", "1Gi")};

    /** The scheduler's rule, as a scan in id order. */
    private static Node scan(World w, Pod p) {
        Node best = null;
        for (Node n : w.live) {
            if (!n.schedulable() || !n.fits(p.requests)) continue;
            if (best == null || n.freeCpu > best.freeCpu) best = n;
        }
        return best;
    }

    @Test
    void bestFit_isTheScansChoice_afterEveryChange() {
        Scenario s = scenario(1, "{}");
        World w = new World(s, SimFixtures.strategy(s, "none"));
        Scheduler scheduler = new Scheduler(w);
        Karpenter karpenter = new Karpenter(w, scheduler, new SplittableRandom(1));
        scheduler.karpenter(karpenter);
        InstanceType type = s.cluster().type("m5.large");
        SplittableRandom rnd = new SplittableRandom(3);
        List<Pod> bound = new ArrayList<>();
        Workload app = new Workload(0, 0, false);
        int found = 0, none = 0;
        for (int step = 0; step < 3000; step++) {
            int op = rnd.nextInt(20);
            List<Node> live = new ArrayList<>(w.live);
            if (op == 0 || live.size() < 3) {
                karpenter.newNode(type, "a", 0, rnd.nextInt(4) > 0); // some launching: not Ready, not indexed
            } else if (op == 1) {
                live.get(rnd.nextInt(live.size())).cordoned = true;
            } else if (op == 2) {
                karpenter.remove(live.get(rnd.nextInt(live.size())));
            } else if (op < 10 && !bound.isEmpty()) {
                Pod p = bound.remove(rnd.nextInt(bound.size()));
                if (p.node != null) scheduler.unbind(p);
            } else {
                Pod p = new Pod(w.nextPodId++, false, SIZES[rnd.nextInt(SIZES.length)], app);
                Node n = scheduler.bestFit(p);
                if (n != null) {
                    scheduler.bindRunning(p, n);
                    bound.add(p);
                }
            }
            for (Resources r : SIZES) {
                Pod probe = new Pod(-1, false, r);
                Node expected = scan(w, probe);
                assertThat(scheduler.bestFit(probe)).isSameAs(expected);
                if (expected != null) found++;
                else none++;
            }
            for (Node n : w.live) if (n.schedulable()) assertThat(w.byFreeCpu).contains(n);
        }
        assertThat(found).as("probes that found a node").isGreaterThan(2000);
        assertThat(none).as("probes that found none").isGreaterThan(500);
    }
}
