package dev.nodeless.sim;

import dev.nodeless.buffer.Resources;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A buffer's scale-down deletes pods in the ReplicaSet controller's order, not simply the newest first. */
class ScaleDownOrderTest {

    private static final InstanceType M5_LARGE = new InstanceType("m5.large", 2, 8.0, 0.04, 1.0);

    @Test
    void unscheduledFirst_thenPodsDoubledUpOnANode_thenTheNewest() {
        Node a = node(0);
        Node b = node(1);
        Pod onA1 = bound(1, a);
        Pod onA2 = bound(2, a);
        Pod onB = bound(3, b);
        Pod pending = new Pod(4, true, Resources.of("1", "0"));

        List<Pod> order = new ArrayList<>(List.of(onB, onA1, pending, onA2));
        order.sort(Simulation.SCALE_DOWN_ORDER);

        // the newest (onB, id 3) goes only after both pods sharing node a: "newest first" alone would take it second
        assertThat(order).containsExactly(pending, onA2, onA1, onB);
    }

    @Test
    void aPodStillStarting_goesBeforeARunningOne() {
        Node a = node(0);
        Pod running = bound(1, a);
        Pod starting = bound(2, a);
        starting.running = false;

        List<Pod> order = new ArrayList<>(List.of(running, starting));
        order.sort(Simulation.SCALE_DOWN_ORDER);

        assertThat(order).containsExactly(starting, running);
    }

    private static Node node(int id) {
        return new Node(id, M5_LARGE, "a", 0, Long.MAX_VALUE, Resources.of("2", "8Gi"));
    }

    private static Pod bound(int id, Node n) {
        Pod p = new Pod(id, true, Resources.of("1", "0"));
        p.node = n;
        p.running = true;
        n.pods.add(p);
        n.bufferPods++;
        return p;
    }
}
