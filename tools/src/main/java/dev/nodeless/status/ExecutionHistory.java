package dev.nodeless.status;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nodeless.maintenance.ExecutionNames;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionListItem;

/**
 * The stack's recent executions, per cluster. Step Functions lists an execution's name, not its input, so a cluster's
 * executions are found by name ({@link ExecutionNames#belongsTo}): the ones maintenance starts always begin with the
 * cluster; bootstrap and teardown executions are named by whoever starts them, so only those named {@code
 * <cluster>-...} (as docs/day2.md does) are found. The newest {@link #scan} executions of each state machine are
 * listed once (one ListExecutions call each, newest first) and shared by every cluster of the report.
 * <p>reconcile-fleet runs for the whole fleet: its newest execution is shown for every cluster, with the cluster's own
 * outcome from the run's output when it has finished (one DescribeExecution).
 */
public final class ExecutionHistory {

    /** A state machine of the stack: the workflow's name ({@code maintain-buffer}, ...) and its ARN (null: not deployed). */
    public record Machine(String workflow, String arn) {}

    public static final String RECONCILE_FLEET = "reconcile-fleet";
    /** How many of a cluster's executions per workflow are shown. */
    static final int KEEP = 5;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final SfnClient sfn;
    private final String region;
    private final List<Machine> machines;
    private final int scan;
    private final Map<String, List<ExecutionListItem>> listed = new HashMap<>();
    private JsonNode lastFleetOutput;

    /** @param scan how many of each state machine's newest executions are searched (1 to 1000: one request) */
    public ExecutionHistory(SfnClient sfn, String region, List<Machine> machines, int scan) {
        this.sfn = sfn;
        this.region = region;
        this.machines = machines;
        this.scan = Math.max(1, Math.min(1000, scan));
    }

    /** {@code cluster}'s newest executions of every workflow, newest first within each; {@code fleet}: every registered name. */
    public List<ClusterStatus.Run> of(String cluster, Collection<String> fleet) {
        List<ClusterStatus.Run> runs = new ArrayList<>();
        for (Machine m : machines) {
            if (m.arn() == null) continue;
            List<ExecutionListItem> newest = listed.computeIfAbsent(m.arn(),
                    arn -> sfn.listExecutions(r -> r.stateMachineArn(arn).maxResults(scan)).executions());
            if (m.workflow().equals(RECONCILE_FLEET)) {
                newest.stream().findFirst().ifPresent(e -> runs.add(run(m.workflow(), e, fleetOutcome(e, cluster))));
                continue;
            }
            newest.stream().filter(e -> ExecutionNames.belongsTo(e.name(), cluster, fleet)).limit(KEEP)
                    .forEach(e -> runs.add(run(m.workflow(), e, null)));
        }
        return runs;
    }

    /** The AWS console page of an execution (the commercial partition's console). */
    public static String console(String region, String executionArn) {
        return executionArn == null ? null
                : "https://" + region + ".console.aws.amazon.com/states/home?region=" + region + "#/v2/executions/details/" + executionArn;
    }

    private ClusterStatus.Run run(String workflow, ExecutionListItem e, String note) {
        return new ClusterStatus.Run(workflow, e.name(), e.statusAsString(), e.startDate(), e.stopDate(), e.executionArn(),
                console(region, e.executionArn()), note);
    }

    /** "this cluster: <outcome>: <reason>" from a finished reconcile-fleet run's output, or null. */
    private String fleetOutcome(ExecutionListItem e, String cluster) {
        if (!"SUCCEEDED".equals(e.statusAsString())) return null;
        if (lastFleetOutput == null) {
            String output = sfn.describeExecution(r -> r.executionArn(e.executionArn())).output();
            try {
                lastFleetOutput = output == null ? JSON.createObjectNode() : JSON.readTree(output);
            } catch (java.io.IOException unreadable) {
                lastFleetOutput = JSON.createObjectNode();
            }
        }
        for (String list : List.of("outcomes", "unreadable")) {
            for (JsonNode o : lastFleetOutput.path(list)) {
                if (cluster.equals(o.path("cluster").asText())) {
                    String reason = o.path("reason").asText("");
                    return "this cluster: " + o.path("outcome").asText("?") + (reason.isEmpty() ? "" : ": " + reason);
                }
            }
        }
        return "this cluster: not in this run (not live when it started)";
    }
}
