package dev.nodeless.sim;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static dev.nodeless.sim.SimFixtures.scenario;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link World#stateVersion} moves on every change of a node or its pods: the free-room snapshot and the proportional
 * buffer's count are kept while it stands still, so a change it missed would show a stale cluster.
 */
class StateVersionTest {

    private final Scenario scenario = scenario(1, "{}");
    private final World w = new World(scenario, SimFixtures.strategy(scenario, "none"));
    private final Scheduler scheduler = new Scheduler(w);
    private final Karpenter karpenter = new Karpenter(w, scheduler, new SplittableRandom(1));

    {
        scheduler.karpenter(karpenter);
    }

    private void bumps(Runnable change) {
        long before = w.stateVersion;
        change.run();
        assertThat(w.stateVersion).isGreaterThan(before);
    }

    @Test
    void everyNodeAndPodChange_movesTheVersion() {
        InstanceType type = scenario.cluster().type("m5.large");
        Workload app = new Workload(0, 0, false);
        Node[] n = new Node[3];
        bumps(() -> n[0] = karpenter.newNode(type, "a", 0, true));
        bumps(() -> n[1] = karpenter.newNode(type, "a", 0, true));
        bumps(() -> n[2] = karpenter.newNode(type, "a", 0, false)); // launching
        Pod p = new Pod(w.nextPodId++, false, SimFixtures.POD, app);
        bumps(() -> scheduler.bindRunning(p, n[0]));
        bumps(() -> scheduler.unbind(p));
        bumps(() -> scheduler.bindRunning(p, n[0]));
        bumps(() -> karpenter.drain(n[0])); // cordon, and the pod moves to n[1]
        assertThat(p.node).isSameAs(n[1]);
        bumps(() -> karpenter.remove(n[0]));
        bumps(w::runToHorizon); // n[2] becomes Ready
        assertThat(n[2].ready).isTrue();
    }
}
