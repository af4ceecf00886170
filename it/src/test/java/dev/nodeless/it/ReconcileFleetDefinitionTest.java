package dev.nodeless.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.nodeless.it.support.Asl;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * What moto cannot execute of reconcile-fleet (Express children, a thrown Lambda error reaching the item's Catch) is
 * checked on the definition: the per-cluster isolation lives in these fields.
 */
class ReconcileFleetDefinitionTest {

    final JsonNode machine = Asl.load("reconcile-fleet").tree();
    final JsonNode map = machine.at("/States/ReconcileEachCluster");
    final JsonNode item = map.at("/ItemProcessor/States/ReconcileCluster");

    @Test
    void theMap_isDistributedWithExpressChildren_boundedConcurrency_andToleratesEveryItemFailing() {
        assertThat(map.path("Type").asText()).isEqualTo("Map");
        assertThat(map.at("/ItemProcessor/ProcessorConfig/Mode").asText()).isEqualTo("DISTRIBUTED");
        assertThat(map.at("/ItemProcessor/ProcessorConfig/ExecutionType").asText()).isEqualTo("EXPRESS");
        assertThat(map.path("MaxConcurrency").asInt()).as("bounded: Lambda concurrency is shared with the account").isBetween(1, 1000);
        assertThat(map.path("ToleratedFailurePercentage").asInt()).as("a failed child never stops the run").isEqualTo(100);
        assertThat(map.path("ItemsPath").asText()).isEqualTo("$.fleet.clusters");
        assertThat(map.at("/ItemSelector/cluster.$").asText()).as("each child gets only its cluster").isEqualTo("$$.Map.Item.Value.cluster");
        assertThat(map.path("ResultPath").asText()).isEqualTo("$.outcomes");
        assertThat(map.at("/Catch/0/Next").asText()).isEqualTo("Failed");
    }

    /** An Express child lives at most 5 minutes: the item's worst case (all attempts timing out, plus backoff) stays inside. */
    @Test
    void eachCluster_hasItsOwnTimeout_retriesOnlyTransientTypedErrors_andCatchesEverythingIntoItsRecord() {
        int timeout = item.path("TimeoutSeconds").asInt();
        assertThat(timeout).isBetween(1, 120);
        Set<String> retried = new HashSet<>();
        int attempts = 1;
        double backoff = 0;
        for (JsonNode r : item.path("Retry")) {
            r.path("ErrorEquals").forEach(e -> retried.add(e.asText()));
            int max = r.path("MaxAttempts").asInt();
            attempts += max;
            for (int i = 0; i < max; i++) backoff += r.path("IntervalSeconds").asDouble() * Math.pow(r.path("BackoffRate").asDouble(), i);
        }
        assertThat(retried).contains("dev.nodeless.kube.RetryableKubeException", "dev.nodeless.aws.RetryableStepException", "Lambda.TooManyRequestsException")
                .doesNotContain("States.ALL", "States.TaskFailed", "States.Timeout");
        assertThat(attempts * timeout + backoff).as("worst case of one item, seconds").isLessThan(300);
        assertThat(item.at("/Catch/0/ErrorEquals/0").asText()).isEqualTo("States.ALL");
        assertThat(item.at("/Catch/0/ResultPath").asText()).isEqualTo("$.error");
        assertThat(item.at("/Catch/0/Next").asText()).isEqualTo("ClusterFailed");
        JsonNode failed = map.at("/ItemProcessor/States/ClusterFailed");
        assertThat(failed.path("Type").asText()).isEqualTo("Pass");
        assertThat(failed.path("End").asBoolean()).as("a failed item ends its own child, successfully").isTrue();
        assertThat(failed.at("/Parameters/cluster.$").asText()).isEqualTo("$.cluster");
        assertThat(failed.at("/Parameters/outcome").asText()).isEqualTo("failed");
    }

    @Test
    void topLevelCatches_goToTheOneFailState_andTheReportKeepsEveryOutcome() {
        assertThat(machine.at("/States/ListClusters/Catch/0/Next").asText()).isEqualTo("Failed");
        assertThat(machine.at("/States/Failed/Type").asText()).isEqualTo("Fail");
        assertThat(machine.at("/States/Report/Parameters/outcomes.$").asText()).isEqualTo("$.outcomes");
        assertThat(machine.at("/States/Report/Parameters/unreadable.$").asText()).isEqualTo("$.fleet.unreadable");
    }
}
