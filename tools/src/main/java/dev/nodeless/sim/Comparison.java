package dev.nodeless.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

/** Every strategy of a scenario on one trace. */
public record Comparison(Scenario scenario, long seed, Trace trace, List<Metrics> rows, long wallNanos) {

    /** Runs the strategies side by side, on up to as many threads as there are processors. */
    public static Comparison run(Scenario scenario, long seed) {
        return run(scenario, seed, Parallel.processors());
    }

    /**
     * Each strategy's run builds its own world (nodes, pods, strategy state, random streams) and only reads the
     * immutable scenario and trace, so the runs are independent: any {@code threads} gives the same rows, in table order.
     */
    static Comparison run(Scenario scenario, long seed, int threads) {
        long started = System.nanoTime();
        Trace trace = TraceGenerator.generate(scenario, seed);
        List<Callable<Metrics>> runs = new ArrayList<>();
        for (Supplier<Strategy> s : Strategy.all(scenario)) {
            runs.add(() -> new Simulation(scenario, trace, s.get(), seed).run());
        }
        // Nodeless's run (the last) does the most (the production planner on top of the same world) and is the longest
        // in mixed-day (a third of the sequential time): started first, it does not run alone at the end.
        return new Comparison(scenario, seed, trace, List.copyOf(Parallel.map(runs, threads, runs.size() - 1)),
                System.nanoTime() - started);
    }

    public Metrics row(String strategy) {
        return rows.stream().filter(m -> m.strategy.equals(strategy)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no strategy " + strategy));
    }

    /** What the strategy's nodes cost beyond those of "none" on the same trace: the true price of its buffer. */
    public double extraUsd(Metrics m) {
        return m.nodeUsd() - row("none").nodeUsd();
    }

    /** Simulated hours per wall-clock second, counting each strategy's run. */
    public double simulatedHoursPerSecond() {
        return scenario.hours() * rows.size() / (wallNanos / 1e9);
    }
}
