package dev.nodeless.cli;

import dev.nodeless.sim.Chart;
import dev.nodeless.sim.Comparison;
import dev.nodeless.sim.Report;
import dev.nodeless.sim.Scenario;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code simulate [--scenario <name or file>]... [--seed N] [--out <dir>]}: runs every buffer strategy on the same
 * disruption trace of each scenario (all shipped ones by default), prints a table per scenario and writes
 * {@code <out>/<scenario>.png}.
 */
final class SimulateCommand implements Main.Command {

    @Override
    public String summary() {
        return "compare buffer strategies on simulated spot storms and expiry (--scenario, --seed, --out)";
    }

    @Override
    public int run(String[] args, PrintStream out, PrintStream err) throws Exception {
        List<String> scenarios = new ArrayList<>();
        long seed = 1;
        Path dir = Path.of("simulate-out");
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (i + 1 >= args.length && List.of("--scenario", "--seed", "--out").contains(a)) {
                err.println("simulate: " + a + " needs a value");
                return 2;
            }
            switch (a) {
                case "--scenario" -> scenarios.add(args[++i]);
                case "--seed" -> {
                    try {
                        seed = Long.parseLong(args[++i]);
                    } catch (NumberFormatException e) {
                        err.println("simulate: --seed must be an integer, got '" + args[i] + "'");
                        return 2;
                    }
                }
                case "--out" -> dir = Path.of(args[++i]);
                default -> {
                    err.println("simulate: unknown option '" + a + "'; usage: simulate [--scenario <name or file>]"
                            + " [--seed N] [--out <dir>]; shipped scenarios: " + Scenario.SHIPPED);
                    return 2;
                }
            }
        }
        if (scenarios.isEmpty()) scenarios.addAll(Scenario.SHIPPED);
        List<Scenario> loaded = new ArrayList<>();
        for (String s : scenarios) {
            try {
                loaded.add(Scenario.load(s));
            } catch (IllegalArgumentException | com.fasterxml.jackson.core.JacksonException e) {
                err.println("simulate: scenario " + s + ": " + e.getMessage());
                return 2;
            }
        }
        Files.createDirectories(dir);
        for (Scenario s : loaded) {
            Comparison c;
            try {
                c = Comparison.run(s, seed);
            } catch (IllegalArgumentException e) {
                err.println("simulate: scenario " + s.name() + ": " + e.getMessage());
                return 2;
            }
            out.print(Report.table(c));
            Path png = Chart.write(c, dir);
            Path tradeoff = Chart.writeTradeoff(c, dir);
            StringBuilder each = new StringBuilder();
            for (var m : c.rows()) each.append(String.format(Locale.ROOT, " %s %.2f", m.strategy, m.wallNanos / 1e9));
            out.printf(Locale.ROOT, "plot: %s and %s; %d strategies x %.0f h simulated in %.2f s wall (%.0f simulated h/s; s each:%s)%n%n",
                    png, tradeoff, c.rows().size(), s.hours(), c.wallNanos() / 1e9, c.simulatedHoursPerSecond(), each);
        }
        return 0;
    }
}
