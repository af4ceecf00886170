package dev.nodeless.cli;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/** {@code nodeless <command> [options]}: the offline tools. Exit codes: 0 ok, 1 failure, 2 bad input or usage. */
public final class Main {

    /** One offline tool. */
    public interface Command {
        String summary();

        int run(String[] args, PrintStream out, PrintStream err) throws Exception;
    }

    private static final Map<String, Supplier<Command>> COMMANDS = new TreeMap<>(Map.of(
            "demo", DemoCommand::new,
            "plan", PlanCommand::new,
            "replay", ReplayCommand::new,
            "dlq-replay", DlqReplayCommand::new,
            "simulate", SimulateCommand::new));

    private Main() {}

    public static void main(String[] args) throws Exception {
        System.exit(run(args, System.out, System.err));
    }

    public static int run(String[] args, PrintStream out, PrintStream err) throws Exception {
        if (args.length == 0 || !COMMANDS.containsKey(args[0])) {
            err.println("usage: nodeless <command> [options]");
            COMMANDS.forEach((name, c) -> err.printf("  %-9s %s%n", name, c.get().summary()));
            return 2;
        }
        return COMMANDS.get(args[0]).get().run(Arrays.copyOfRange(args, 1, args.length), out, err);
    }
}
