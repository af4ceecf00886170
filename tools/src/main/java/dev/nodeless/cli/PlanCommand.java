package dev.nodeless.cli;

import java.io.PrintStream;

/** Placeholder until the plan tool lands; it says so and fails. */
final class PlanCommand implements Main.Command {
    @Override
    public String summary() {
        return "(not built yet)";
    }

    @Override
    public int run(String[] args, PrintStream out, PrintStream err) {
        err.println("plan: not built yet");
        return 1;
    }
}
