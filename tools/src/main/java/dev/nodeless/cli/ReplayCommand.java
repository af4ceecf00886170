package dev.nodeless.cli;

import java.io.PrintStream;

/** Placeholder until the replay tool lands; it says so and fails. */
final class ReplayCommand implements Main.Command {
    @Override
    public String summary() {
        return "(not built yet)";
    }

    @Override
    public int run(String[] args, PrintStream out, PrintStream err) {
        err.println("replay: not built yet");
        return 1;
    }
}
