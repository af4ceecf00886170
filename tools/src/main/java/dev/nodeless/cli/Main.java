package dev.nodeless.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * {@code nodeless <command> [options]}: the offline tools. Exit codes: 0 ok, 1 failure, 2 bad input or usage.
 * <p>No stack trace, ever, unless asked for: a refusal is one line on stderr naming what was wrong (exit 2, see
 * {@link CliFailures}); an internal error says it is one and points to {@code --debug}, which prints the trace.
 */
public final class Main {

    /** One offline tool. */
    public interface Command {
        String summary();

        int run(String[] args, PrintStream out, PrintStream err) throws Exception;
    }

    public static final String DEBUG = "--debug";

    private static final Map<String, Supplier<Command>> COMMANDS = new TreeMap<>(Map.of(
            "demo", DemoCommand::new,
            "plan", PlanCommand::new,
            "replay", ReplayCommand::new,
            "dlq-replay", DlqReplayCommand::new,
            "maintenance", MaintenanceCommand::new,
            "status", StatusCommand::new,
            "simulate", SimulateCommand::new));

    private Main() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        List<String> rest = new ArrayList<>(Arrays.asList(args));
        boolean debug = rest.remove(DEBUG);
        if (rest.isEmpty() || !COMMANDS.containsKey(rest.get(0))) {
            if (!rest.isEmpty()) err.println("nodeless: unknown command '" + rest.get(0) + "'");
            err.println("usage: nodeless <command> [options] [--debug]");
            COMMANDS.forEach((name, c) -> err.printf("  %-9s %s%n", name, c.get().summary()));
            return 2;
        }
        String command = rest.get(0);
        try {
            return COMMANDS.get(command).get().run(rest.subList(1, rest.size()).toArray(String[]::new), out, err);
        } catch (Exception | StackOverflowError e) {
            return CliFailures.report(command, e, debug, err);
        }
    }
}
