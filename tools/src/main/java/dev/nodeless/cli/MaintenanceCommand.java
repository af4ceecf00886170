package dev.nodeless.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nodeless.aws.AwsClients;
import dev.nodeless.cluster.ClusterRecord;
import dev.nodeless.cluster.ClusterRegistry;
import dev.nodeless.cluster.DynamoDbClusterRegistry;
import dev.nodeless.cluster.MaintenancePause;
import java.io.PrintStream;
import java.net.URI;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * {@code maintenance pause --cluster <name> --reason "<why>" | resume --cluster <name>}, with {@code [--table t]
 * [--region r]}: sets or clears the maintenance pause of one cluster in the fleet registry, with the caller's AWS
 * credentials (the SDK's default chain). Who paused is the caller's ARN from STS, not a name typed in. While paused
 * the maintenance loop ignores the cluster's events and reconciles with the reason "maintenance paused by <who>:
 * <why>" and changes nothing (docs/maintenance.md, "Pause and resume"). Both are idempotent: pausing again replaces
 * who, why and when; resuming a cluster that is not paused changes nothing. Prints one JSON line.
 */
final class MaintenanceCommand implements Main.Command {

    static final String USAGE = "usage: nodeless maintenance pause --cluster <name> --reason \"<why>\" | resume --cluster <name>"
            + " [--table <registry table> (or NODELESS_REGISTRY_TABLE)] [--region r (or AWS_REGION)]";
    static final int MAX_REASON = 500;
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public String summary() {
        return "pause or resume maintenance of one cluster (pause --cluster X --reason \"...\", resume --cluster X)";
    }

    @Override
    public int run(String[] args, PrintStream out, PrintStream err) {
        Options o = Options.parse(args, System.getenv("NODELESS_REGISTRY_TABLE"), System.getenv("AWS_REGION"));
        AwsClients aws = o.endpoint() == null ? AwsClients.forRegion(o.region())
                : new AwsClients(o.region(), Optional.of(URI.create(o.endpoint())),
                        software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider.builder().build());
        return apply(o, new DynamoDbClusterRegistry(aws.dynamo(), o.table()), () -> aws.sts().getCallerIdentity().arn(), Clock.systemUTC(), out);
    }

    /** The parsed command line; every refusal is an IllegalArgumentException (exit 2, one line). */
    record Options(String verb, String cluster, String reason, String table, String region, String endpoint) {

        static Options parse(String[] args, String envTable, String envRegion) {
            if (args.length == 0 || !(args[0].equals("pause") || args[0].equals("resume"))) {
                throw new IllegalArgumentException((args.length == 0 ? "no subcommand" : "unknown subcommand '" + args[0] + "'") + "; " + USAGE);
            }
            String cluster = null, reason = null, table = envTable, region = envRegion, endpoint = null;
            for (int i = 1; i < args.length; i++) {
                switch (args[i]) {
                    case "--cluster" -> cluster = value(args, ++i);
                    case "--reason" -> reason = value(args, ++i);
                    case "--table" -> table = value(args, ++i);
                    case "--region" -> region = value(args, ++i);
                    case "--endpoint-url" -> endpoint = value(args, ++i);
                    default -> throw new IllegalArgumentException("unknown option " + args[i] + "; " + USAGE);
                }
            }
            if (cluster == null || cluster.isBlank()) throw new IllegalArgumentException("--cluster is required; " + USAGE);
            if (table == null || table.isBlank()) {
                throw new IllegalArgumentException("no registry table: give --table or set NODELESS_REGISTRY_TABLE (the stack's RegistryTableName output)");
            }
            if (region == null || region.isBlank()) throw new IllegalArgumentException("no region: give --region or set AWS_REGION");
            if (args[0].equals("pause")) {
                if (reason == null || reason.isBlank()) {
                    throw new IllegalArgumentException("pause needs --reason \"<why>\": it is recorded and shown with every event the pause ignores");
                }
                if (reason.length() > MAX_REASON) throw new IllegalArgumentException("--reason is " + reason.length() + " characters; at most " + MAX_REASON);
            } else if (reason != null) {
                throw new IllegalArgumentException("resume takes no --reason");
            }
            return new Options(args[0], cluster, reason == null ? null : reason.strip(), table, region, endpoint);
        }

        private static String value(String[] args, int i) {
            if (i >= args.length || args[i].startsWith("--")) throw new IllegalArgumentException("option " + args[i - 1] + " needs a value");
            return args[i];
        }
    }

    static int apply(Options o, ClusterRegistry registry, Supplier<String> caller, Clock clock, PrintStream out) {
        Optional<ClusterRecord> before = registry.find(o.cluster());
        if (before.isEmpty()) throw new IllegalArgumentException("no cluster " + o.cluster() + " in the registry table " + o.table());
        ObjectNode line = JSON.createObjectNode().put("cluster", o.cluster());
        if (o.verb().equals("pause")) {
            MaintenancePause pause = new MaintenancePause(caller.get(), o.reason(), clock.instant());
            if (!registry.setPause(o.cluster(), pause)) throw new IllegalArgumentException("no cluster " + o.cluster() + " in the registry table " + o.table());
            line.put("action", "paused").put("by", pause.by()).put("reason", pause.reason()).put("at", pause.at().toString())
                    .put("status", before.get().status());
            if (before.get().paused()) line.put("replaces", before.get().pause().describe());
        } else if (!before.get().paused()) {
            line.put("action", "unchanged").put("reason", "maintenance was not paused");
        } else {
            if (!registry.setPause(o.cluster(), null)) throw new IllegalArgumentException("no cluster " + o.cluster() + " in the registry table " + o.table());
            line.put("action", "resumed").put("was", before.get().pause().describe());
        }
        out.println(line);
        return 0;
    }
}
