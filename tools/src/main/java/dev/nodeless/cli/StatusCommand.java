package dev.nodeless.cli;

import dev.nodeless.aws.AwsClients;
import dev.nodeless.aws.RetryableStepException;
import dev.nodeless.cluster.DynamoDbClusterRegistry;
import dev.nodeless.kube.EksClusterAccess;
import dev.nodeless.kube.KubeClients;
import dev.nodeless.kube.buffer.KubeClusterApis;
import dev.nodeless.maintenance.ClusterApis;
import dev.nodeless.status.ExecutionHistory;
import dev.nodeless.status.StackOutputs;
import dev.nodeless.status.StatusJson;
import dev.nodeless.status.StatusReader;
import dev.nodeless.status.StatusText;
import java.io.PrintStream;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.sfn.SfnClient;

/**
 * {@code status [--cluster NAME] [--output text|json] [--stack S] [--region R]}: per cluster (one, or every registered
 * one) its registry status, spec hash, pause, last reconcile failure, buffer replicas and baseline, at-risk nodes with
 * their triggers and deadlines, and its newest executions with console links. With the caller's AWS credentials (the
 * SDK's default chain): the stack's outputs name the registry table and the state machines (one DescribeStacks), the
 * cluster's API is reached with an EKS token signed by the same credentials (they need an access entry: the spec's
 * admins or viewers). Reads only. When the cluster's API or Step Functions cannot be read, that part says why and
 * the registry part is still printed (exit 0); a refusal (no stack, no registry table, unknown cluster, bad option) is
 * one line, exit 2.
 */
final class StatusCommand implements Main.Command {

    static final String USAGE = "usage: nodeless status [--cluster <name>] [--output text|json] [--stack <stack> (or NODELESS_STACK)]"
            + " [--region r (or AWS_REGION)] [--executions <newest n per state machine searched, 1-1000, default 1000>]";
    /** A person is waiting: an unreachable API server answers "not read" after this, not after the Lambdas' 20 s x 3. */
    static final KubeClients.Options KUBE = new KubeClients.Options(Duration.ofSeconds(8), 0);

    @Override
    public String summary() {
        return "registry, buffer, at-risk nodes and recent executions of one cluster or all (--cluster X, --output json)";
    }

    @Override
    public int run(String[] args, PrintStream out, PrintStream err) {
        Options o = Options.parse(args, System.getenv("NODELESS_STACK"), System.getenv("AWS_REGION"));
        AwsClients aws = o.endpoint() == null ? AwsClients.forRegion(o.region())
                : new AwsClients(o.region(), Optional.of(URI.create(o.endpoint())), DefaultCredentialsProvider.builder().build());
        Clock clock = Clock.systemUTC();
        return show(o, aws, a -> new KubeClusterApis(new EksClusterAccess(region -> a, KUBE, clock), o.region(), clock), clock, out);
    }

    /** The parsed command line; every refusal is an IllegalArgumentException (exit 2, one line). */
    record Options(String cluster, boolean json, String stack, String region, String endpoint, int scan) {

        static Options parse(String[] args, String envStack, String envRegion) {
            String cluster = null, output = "text", stack = envStack, region = envRegion, endpoint = null;
            int scan = 1000;
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--cluster" -> cluster = value(args, ++i);
                    case "--output" -> output = value(args, ++i);
                    case "--stack" -> stack = value(args, ++i);
                    case "--region" -> region = value(args, ++i);
                    case "--endpoint-url" -> endpoint = value(args, ++i);
                    case "--executions" -> scan = Integer.parseInt(value(args, ++i));
                    default -> throw new IllegalArgumentException("unknown option " + args[i] + "; " + USAGE);
                }
            }
            if (!output.equals("text") && !output.equals("json")) throw new IllegalArgumentException("--output must be text or json, was '" + output + "'");
            if (cluster != null && cluster.isBlank()) throw new IllegalArgumentException("--cluster needs a name");
            if (stack == null || stack.isBlank()) {
                throw new IllegalArgumentException("no stack: give --stack <name> or set NODELESS_STACK (the stack sam deploy created; its outputs name the registry and the state machines)");
            }
            if (region == null || region.isBlank()) throw new IllegalArgumentException("no region: give --region or set AWS_REGION");
            if (scan < 1 || scan > 1000) throw new IllegalArgumentException("--executions must be 1 to 1000, was " + scan);
            return new Options(cluster, output.equals("json"), stack, region, endpoint, scan);
        }

        private static String value(String[] args, int i) {
            if (i >= args.length || args[i].startsWith("--")) throw new IllegalArgumentException("option " + args[i - 1] + " needs a value");
            return args[i];
        }
    }

    /** @param apis opens clusters' Kubernetes APIs with these AWS clients (production: EKS DescribeCluster + token) */
    static int show(Options o, AwsClients aws, Function<AwsClients, ClusterApis> apis, Clock clock, PrintStream out) {
        StackOutputs stack = refusing("reading the outputs of stack " + o.stack() + " in " + o.region(),
                () -> StackOutputs.read(aws.configure(CloudFormationClient.builder()).build(), o.stack(), o.region()));
        String table = stack.required(StackOutputs.REGISTRY_TABLE);
        SfnClient sfn = aws.configure(SfnClient.builder()).build();
        ExecutionHistory history = new ExecutionHistory(sfn, o.region(), List.of(
                new ExecutionHistory.Machine("maintain-buffer", stack.optional(StackOutputs.MAINTAIN_BUFFER)),
                new ExecutionHistory.Machine("bootstrap-cluster", stack.optional(StackOutputs.BOOTSTRAP)),
                new ExecutionHistory.Machine("teardown-cluster", stack.optional(StackOutputs.TEARDOWN)),
                new ExecutionHistory.Machine(ExecutionHistory.RECONCILE_FLEET, stack.optional(StackOutputs.RECONCILE_FLEET))), o.scan());
        StatusReader reader = new StatusReader(new DynamoDbClusterRegistry(aws.dynamo(), table), table, apis.apply(aws), history, clock);
        StatusReader.Report report;
        try {
            report = refusing("reading the registry table " + table, () -> reader.read(Optional.ofNullable(o.cluster())));
        } catch (ResourceNotFoundException noTable) {
            throw new IllegalArgumentException("the registry table " + table + " of stack " + o.stack() + " does not exist in " + o.region());
        }
        Instant now = clock.instant();
        out.print(o.json() ? StatusJson.render(o.stack(), o.region(), now, report) + "\n" : StatusText.render(o.stack(), o.region(), now, report));
        return 0;
    }

    /** AWS refusing or unreachable where status cannot go on (stack, registry): one line naming what was being read. */
    private static <T> T refusing(String doing, java.util.function.Supplier<T> call) {
        try {
            return call.get();
        } catch (ResourceNotFoundException e) {
            throw e;
        } catch (SdkException | RetryableStepException e) {
            String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            throw new IllegalArgumentException(m.startsWith(doing) ? m : doing + ": " + m);
        }
    }
}
