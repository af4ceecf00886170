package dev.nodeless.maintenance;

import static dev.nodeless.testing.EventVariants.RECONCILE;
import static dev.nodeless.testing.EventVariants.REBALANCE;
import static dev.nodeless.testing.EventVariants.SPOT;
import static dev.nodeless.testing.EventVariants.forInstance;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nodeless.aws.ec2.InstanceResolver;
import dev.nodeless.bootstrap.StepInput;
import dev.nodeless.cluster.ClusterRecord;
import dev.nodeless.testing.Fixtures;
import dev.nodeless.testing.MaintenanceWorld;
import dev.nodeless.testing.Specs;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Maintenance paused for one cluster, end to end on moto (registry, EC2) and the Kubernetes emulator: every path that
 * could change the cluster (admission, resolve, size, the scheduled reconcile) answers "ignored" with who paused it
 * and why, and sends no request to the cluster; other clusters and a resumed one are maintained as before.
 */
class MaintenancePauseTest {

    static final Instant NOW = Instant.parse("2026-11-20T09:30:05Z");
    static final String WHO = "arn:aws:sts::123456789012:assumed-role/Oncall/alice";
    static final String WHY = "INC-42: buffer pinned by hand";
    static final String PAUSED = "cluster demo: maintenance paused by " + WHO + ": " + WHY;

    final MaintenanceWorld world = new MaintenanceWorld(Clock.fixed(NOW, ZoneOffset.UTC));
    final List<String> started = new ArrayList<>();
    final EventAdmission admission = new EventAdmission(world.service, new InstanceResolver(world.aws), world.clusters(),
            (name, input) -> started.add(name), Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofMinutes(5));

    @AfterEach
    void close() {
        world.close();
    }

    MaintenanceStep handle(String event) {
        return world.service.size(world.service.resolve(world.service.classify(event)));
    }

    @Test
    void pausedCluster_spotWarning_isIgnoredWithWhoAndWhy_andNothingIsSentToTheCluster() {
        String id = world.instance("demo", 5);
        assertThat(world.pause("demo", WHO, WHY)).isTrue();
        world.kube.clearRequests();

        MaintenanceStep s = handle(forInstance(SPOT, id));

        assertThat(s.action()).isEqualTo("ignored");
        assertThat(s.reason()).isEqualTo(id + ": " + PAUSED);
        assertThat(world.kube.requests()).as("not even read").isEmpty();
        assertThat(world.replicas()).isEqualTo(2);
        assertThat(world.metricLines).anyMatch(l -> l.contains("\"EventsIgnored\"") && l.contains("\"reason\":\"paused\""));
    }

    @Test
    void pausedAfterResolve_sizeReadsTheRegistryAfresh_andWritesNothing() {
        String id = world.instance("demo", 5);
        MaintenanceStep resolved = world.service.resolve(world.service.classify(forInstance(SPOT, id)));
        assertThat(resolved.targets()).hasSize(1);

        world.pause("demo", WHO, WHY);
        MaintenanceStep sized = world.service.size(resolved);

        assertThat(sized.action()).isEqualTo("ignored");
        assertThat(sized.reason()).isEqualTo(PAUSED);
        assertThat(sized.changes()).isEmpty();
        assertThat(world.replicas()).isEqualTo(2);
        assertThat(world.kube.client().nodes().list().getItems()).noneMatch(n -> n.getMetadata().getLabels().containsKey("nodeless.dev/at-risk"));
    }

    @Test
    void pausedCluster_reconcileRequest_isIgnored_andTheScheduledReconcileReportsIgnoredWithTheReason() {
        world.pause("demo", WHO, WHY);
        world.kube.clearRequests();

        MaintenanceStep s = handle(Fixtures.event(RECONCILE));
        ReconcileScheduler.Outcome outcome = new ReconcileScheduler(world.service, (name, input) -> started.add(name)).reconcile("demo");

        assertThat(s.action()).isEqualTo("ignored");
        assertThat(s.reason()).isEqualTo(PAUSED);
        assertThat(outcome.outcome()).isEqualTo(ReconcileScheduler.IGNORED);
        assertThat(outcome.reason()).isEqualTo("maintenance paused by " + WHO + ": " + WHY);
        assertThat(new ReconcileScheduler(world.service, (name, input) -> true).list().clusters())
                .as("still listed, so each tick records why it did nothing").extracting(ReconcileScheduler.Item::cluster).contains("demo");
        assertThat(started).isEmpty();
        assertThat(world.kube.requests()).isEmpty();
    }

    @Test
    void admission_startsNothingWhilePaused_andAResumeIsSeenAtOnce() throws Exception {
        String id = world.instance("demo", 5);
        world.pause("demo", WHO, WHY);

        EventAdmission.Decision paused = admission.admit(new ObjectMapper().readTree(forInstance(SPOT, id)));
        world.resume("demo");
        EventAdmission.Decision resumed = admission.admit(new ObjectMapper().readTree(forInstance(SPOT, id)));

        assertThat(paused.action()).isEqualTo("ignored");
        assertThat(paused.reason()).isEqualTo("ignored because " + id + ": " + PAUSED);
        assertThat(resumed.action()).as("a paused cluster is never cached").isEqualTo("started");
        assertThat(started).containsExactly(resumed.execution());
    }

    @Test
    void resumed_clusterIsMaintainedAgain() {
        String id = world.instance("demo", 5);
        world.pause("demo", WHO, WHY);
        assertThat(handle(forInstance(SPOT, id)).action()).isEqualTo("ignored");

        assertThat(world.resume("demo")).isTrue();
        MaintenanceStep s = handle(forInstance(REBALANCE, id)); // a mark that buys room (a spot warning buys none)

        assertThat(s.action()).isEqualTo("grow");
        assertThat(world.replicas()).isEqualTo(5);
    }

    @Test
    void pause_survivesABootstrapReRunAndAFailedRun_andOnlyResumeClearsIt() {
        world.pause("demo", WHO, WHY);
        var spec = Specs.spec("demo", "pause-pods");

        world.registration().register(new StepInput(spec, ClusterRecord.BOOTSTRAPPING, Map.of()));
        world.registration().recordFailure(spec, "States.TaskFailed", "ensureCluster failed");
        world.registration().register(new StepInput(spec, ClusterRecord.ACTIVE, Map.of()));

        ClusterRecord r = world.registry().find("demo").orElseThrow();
        assertThat(r.pause()).isNotNull();
        assertThat(r.pause().by()).isEqualTo(WHO);
        assertThat(r.pause().reason()).isEqualTo(WHY);
        assertThat(r.pause().at()).isEqualTo(NOW);
        assertThat(world.clusters().find("demo").orElseThrow().pausedBecause()).isEqualTo("maintenance paused by " + WHO + ": " + WHY);

        assertThat(world.resume("demo")).isTrue();
        assertThat(world.registry().find("demo").orElseThrow().pause()).isNull();
        assertThat(world.registry().find("demo").orElseThrow().spec()).as("the pause touches nothing else").isEqualTo(r.spec());
    }

    @Test
    void pauseSetBetweenARegistryStepsReadAndItsWrite_failsTheWriteAsRetryable_andTheRetryKeepsThePause() {
        ClusterRecord read = world.registry().find("demo").orElseThrow();
        world.pause("demo", WHO, WHY);

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> world.registry().put(read))
                .isInstanceOf(dev.nodeless.aws.RetryableStepException.class).hasMessageContaining("maintenance pause changed");
        assertThat(world.registry().find("demo").orElseThrow().pause()).as("nothing written").isNotNull();

        world.registration().recordFailure(Specs.spec("demo", "pause-pods"), "States.TaskFailed", "retried step");
        ClusterRecord resumedMeanwhile = world.registry().find("demo").orElseThrow();
        world.resume("demo");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> world.registry().put(resumedMeanwhile))
                .isInstanceOf(dev.nodeless.aws.RetryableStepException.class);
        assertThat(world.registry().find("demo").orElseThrow().pause()).as("a resume is not undone either").isNull();
    }

    @Test
    void pausingAnUnregisteredCluster_isFalse_andCreatesNoItem() {
        assertThat(world.pause("nope", WHO, WHY)).isFalse();
        assertThat(world.resume("nope")).isFalse();
        assertThat(world.registry().find("nope")).isEmpty();
        assertThat(world.registry().all()).extracting(ClusterRecord::clusterName).doesNotContain("nope");
    }

    @Test
    void otherClusters_areMaintainedWhileOneIsPaused() {
        world.pause("failed", WHO, WHY);
        String id = world.instance("demo", 5);

        assertThat(handle(forInstance(REBALANCE, id)).action()).isEqualTo("grow");
    }
}
