package dev.nodeless.cli;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code nodeless demo [--out <dir>]}: the three offline tools on the bundled samples, one after the other, so a
 * newcomer sees what Nodeless does without an AWS account: what the bootstrap would create ({@code plan}), how
 * the buffer reacts to each kind of disruption event ({@code replay}), and how the strategies compare
 * ({@code simulate}). Stops at the first tool that fails and returns its exit code.
 */
final class DemoCommand implements Main.Command {

    static final String SPEC = "events/bootstrap-input.json";
    static final String REPLAY_SPEC = "events/cluster-spec-demo.json";
    static final String SNAPSHOT = "events/cluster-snapshot.yaml";
    static final List<String> EVENTS = List.of(
            "events/aws-health-event-scheduled-change.json",
            "events/ec2-instance-rebalance-recommendation.json",
            "events/ec2-instance-state-change-notification.json",
            "events/ec2-spot-instance-interruption-warning.json",
            "events/nodeless-buffer-reconcile-needed.json");

    @Override
    public String summary() {
        return "plan, replay and simulate on the bundled samples (no AWS account)";
    }

    @Override
    public int run(String[] args, PrintStream out, PrintStream err) throws Exception {
        Path out0 = Path.of("demo-out");
        if (args.length == 2 && args[0].equals("--out")) {
            out0 = Path.of(args[1]);
        } else if (args.length != 0) {
            err.println("usage: nodeless demo [--out <dir>]");
            return 2;
        }
        Path root = Path.of(System.getProperty("nodeless.root", ".")).toAbsolutePath().normalize();
        if (!Files.isRegularFile(root.resolve(SPEC))) {
            err.println("demo: run it from the repository root (no " + SPEC + " under " + root + ")");
            return 2;
        }
        List<String[]> steps = new ArrayList<>();
        steps.add(new String[] {"plan", "--spec", root.resolve(SPEC).toString(), "--out", out0.resolve("plan").toString()});
        List<String> replay = new ArrayList<>(List.of("replay", "--spec", root.resolve(REPLAY_SPEC).toString(),
                "--cluster", root.resolve(SNAPSHOT).toString()));
        EVENTS.forEach(e -> replay.add(root.resolve(e).toString()));
        steps.add(replay.toArray(String[]::new));
        steps.add(new String[] {"simulate", "--out", out0.resolve("simulate").toString()});

        for (String[] step : steps) {
            out.println();
            out.println("== nodeless " + step[0] + " ==");
            int code = Main.run(step, out, err);
            if (code != 0) {
                err.println("demo: " + step[0] + " failed with exit code " + code);
                return code;
            }
        }
        out.println();
        out.println("Written to " + out0.toAbsolutePath() + ": plan/plan.json, plan/manifests/, simulate/*.png");
        return 0;
    }
}
