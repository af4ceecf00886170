package dev.nodeless.sim;

import dev.nodeless.buffer.Resources;

import java.util.List;
import java.util.function.Supplier;

/**
 * A way of sizing the buffer. One fresh instance per run (some keep state). Each callback returns the replicas the
 * strategy wants now; the simulation applies them as a Deployment (or CapacityBuffer) scale would.
 */
interface Strategy {
    String name();

    /** Requests of one buffer pod. */
    Resources chunk();

    /** true for a CapacityBuffer: virtual pods hold room without running, so taking it needs no preemption delay. */
    default boolean virtual() {
        return false;
    }

    int start(ClusterView view);

    /** 0 when the strategy has no periodic loop. */
    default long periodMillis() {
        return 0;
    }

    default int onPeriod(ClusterView view) {
        return view.replicas();
    }

    default int onSignal(Signal signal, ClusterView view) {
        return view.replicas();
    }

    /** May a buffer pod be placed on this node (Nodeless keeps buffer pods off at-risk nodes)? */
    default boolean mayHost(Node node) {
        return true;
    }

    /** Whether {@link #mayHost} may answer differently since this was last asked. */
    default boolean mayHostChanged() {
        return false;
    }

    /** The five compared strategies, in table order. */
    static List<Supplier<Strategy>> all(Scenario s) {
        StrategyParams p = s.strategies();
        return List.of(
                () -> new FixedBuffer("none", 0, Resources.of("1", "0"), false),
                () -> new FixedBuffer("static-runbook", p.staticBuffer().replicas(),
                        Resources.of(p.staticBuffer().cpu(), p.staticBuffer().memory()), false),
                () -> new ProportionalBuffer(p.proportional()),
                () -> new FixedBuffer("capacity-buffer", p.capacityBuffer().replicas(),
                        Resources.of(p.capacityBuffer().cpu(), p.capacityBuffer().memory()), true),
                () -> new NodelessBuffer(p.nodeless(), s.maintenance()));
    }
}
