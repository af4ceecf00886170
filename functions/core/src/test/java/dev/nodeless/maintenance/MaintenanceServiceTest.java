package dev.nodeless.maintenance;

import static dev.nodeless.testing.EventVariants.*;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nodeless.testing.EventVariants;
import dev.nodeless.testing.Fixtures;
import dev.nodeless.testing.MaintenanceWorld;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Every event kind from its fixture, end to end: moto EC2 tags + DynamoDB registry, Kubernetes emulator. */
class MaintenanceServiceTest {

    final MaintenanceWorld world = new MaintenanceWorld(Clock.fixed(Instant.parse("2026-11-20T09:30:05Z"), ZoneOffset.UTC));

    @AfterEach
    void close() {
        world.close();
    }

    MaintenanceStep handle(String event) {
        return world.service.size(world.service.resolve(world.service.classify(event)));
    }

    @Test
    void eventFromTheFuture_isRejected_staleWarnings_areIgnored_andNothingChanges() {
        String id = world.instance("demo", 5);
        // The world's clock is 09:30:05; the sample spot warning was sent at 09:30:00 (deadline 09:32:00).
        MaintenanceStep future = handle(EventVariants.variant(SPOT, e -> e.put("time", "2026-11-20T09:40:00Z").set("detail",
                ((com.fasterxml.jackson.databind.node.ObjectNode) e.get("detail")).put("instance-id", id))));
        assertThat(future.action()).isEqualTo("rejected");
        assertThat(future.reason()).startsWith("event time 2026-11-20T09:40:00Z is in the future");

        MaintenanceStep skewed = handle(EventVariants.variant(SPOT, e -> e.put("time", "2026-11-20T09:33:00Z").set("detail",
                ((com.fasterxml.jackson.databind.node.ObjectNode) e.get("detail")).put("instance-id", id))));
        assertThat(skewed.action()).as("within the clock skew: admitted; a spot warning buys no room").isEqualTo("none");
        assertThat(skewed.changes()).singleElement().satisfies(c -> assertThat(c.atRisk()).hasSize(1));

        MaintenanceStep stale = handle(EventVariants.variant(SPOT, e -> e.put("time", "2026-11-20T09:20:00Z").set("detail",
                ((com.fasterxml.jackson.databind.node.ObjectNode) e.get("detail")).put("instance-id", id))));
        assertThat(stale.action()).isEqualTo("ignored");
        assertThat(stale.reason()).startsWith("stale: the disruption was over at 2026-11-20T09:22:00Z");

        MaintenanceStep windowOver = handle(EventVariants.variant(EventVariants.HEALTH, e -> ((com.fasterxml.jackson.databind.node.ObjectNode) e.get("detail"))
                .put("startTime", "Fri, 20 Nov 2026 06:00:00 GMT").put("endTime", "Fri, 20 Nov 2026 08:00:00 GMT")));
        assertThat(windowOver.action()).isEqualTo("ignored");
        assertThat(windowOver.reason()).startsWith("stale: the disruption was over at 2026-11-20T08:00:00Z");

        MaintenanceStep outOfRange = handle(EventVariants.variant(SPOT, e -> e.put("time", "+999999999-12-31T23:59:59Z")));
        assertThat(outOfRange.action()).isEqualTo("rejected");
        assertThat(outOfRange.reason()).contains("out of range");
        assertThat(world.replicas()).as("Karpenter drains a warned node itself: no room bought").isEqualTo(2);
    }

    @Test
    void spotWarning_marksTheNode_butBuysNoRoom_karpenterDrainsItAtTheSameMessage() {
        String id = world.instance("demo", 5);
        MaintenanceStep s = handle(forInstance(SPOT, id));
        assertThat(s.kind()).isEqualTo("spot-interruption");
        assertThat(s.action()).isEqualTo("none");
        assertThat(s.targets()).singleElement().satisfies(t -> {
            assertThat(t.cluster()).isEqualTo("demo");
            assertThat(t.instanceId()).isEqualTo(id);
            assertThat(t.node()).startsWith("ip-");
        });
        assertThat(s.changes()).singleElement().satisfies(c -> {
            assertThat(c.replicasBefore()).isEqualTo(2);
            assertThat(c.replicasAfter()).isEqualTo(2);
            assertThat(c.atRisk()).singleElement().satisfies(n -> assertThat(n).startsWith("ip-"));
            assertThat(c.reason()).contains("(1 drained by Karpenter: no room bought)");
        });
        assertThat(world.replicas()).isEqualTo(2);
    }

    @Test
    void rebalance_growsWithoutDrain() {
        MaintenanceStep classified = world.service.classify(forInstance(REBALANCE, world.instance("demo", 2)));
        assertThat(classified.reason()).isEqualTo("rebalance (grow only, no drain)");
        MaintenanceStep s = world.service.size(world.service.resolve(classified));
        assertThat(s.action()).isEqualTo("grow");
        assertThat(world.kube.requests()).noneMatch(r -> r.contains("/eviction") || r.startsWith("DELETE"));
        assertThat(world.replicas()).isEqualTo(3);
    }

    @Test
    void stateChange_stopping_marksTheNode_butBuysNoRoom() {
        MaintenanceStep s = handle(forInstance(STATE_CHANGE, world.instance("demo", 4)));
        assertThat(s.action()).isEqualTo("none");
        assertThat(s.changes()).singleElement().satisfies(c -> assertThat(c.atRisk()).hasSize(1));
        assertThat(world.replicas()).isEqualTo(2);
    }

    @Test
    void healthScheduledChange_idAndArnEntity_bothMarkTheSameNode_noRoomBought() {
        String id = world.instance("demo", 6);
        MaintenanceStep byId = handle(forInstance(HEALTH, id));
        assertThat(byId.action()).isEqualTo("none");
        assertThat(byId.changes()).singleElement().satisfies(c -> assertThat(c.atRisk()).hasSize(1));
        MaintenanceStep arn = handle(healthWithArnEntity(id));
        assertThat(arn.action()).isEqualTo("none");
        assertThat(arn.targets()).singleElement().satisfies(t -> assertThat(t.instanceId()).isEqualTo(id));
        assertThat(arn.changes()).singleElement().satisfies(c -> assertThat(c.atRisk()).isEqualTo(byId.changes().get(0).atRisk()));
        assertThat(world.replicas()).isEqualTo(2);
    }

    @Test
    void reconcileRequest_forAManagedCluster_reconciles() {
        MaintenanceStep s = handle(Fixtures.event(RECONCILE));
        assertThat(s.cluster()).isEqualTo("demo");
        assertThat(s.changes()).singleElement().satisfies(c -> assertThat(c.trigger()).isEqualTo("reconcile"));
        assertThat(world.replicas()).isEqualTo(2);
    }

    @Test
    void foreignInstance_isIgnoredNamingTheCluster_andChangesNothing() {
        world.kube.clearRequests();
        MaintenanceStep s = handle(forInstance(SPOT, world.instance("someone-else", 0)));
        assertThat(s.action()).isEqualTo("ignored");
        assertThat(s.reason()).contains("cluster someone-else is not managed by Nodeless");
        assertThat(world.kube.requests()).isEmpty();
        assertThat(world.replicas()).isEqualTo(2);
    }

    @Test
    void instanceOfABootstrappingCluster_isIgnored() {
        MaintenanceStep s = handle(forInstance(SPOT, world.instance("bootstrapping", 0)));
        assertThat(s.reason()).contains("cluster bootstrapping is not managed by Nodeless");
    }

    @Test
    void instanceOfAFailedCluster_isIgnored_andChangesNothing() {
        world.kube.clearRequests();
        MaintenanceStep s = handle(forInstance(SPOT, world.instance("failed", 0)));
        assertThat(s.action()).isEqualTo("ignored");
        assertThat(s.reason()).contains("cluster failed is not managed by Nodeless");
        assertThat(world.kube.requests()).isEmpty();
    }

    @Test
    void unknownInstance_andInstanceWithoutNode_areIgnoredWithSpecificReasons() {
        assertThat(handle(forInstance(SPOT, "i-0deadbeefdeadbeef")).reason()).isEqualTo("i-0deadbeefdeadbeef: no such instance");
        String noNode = world.instance("demo", 0);
        world.kube.client().nodes().withName(world.kube.client().nodes().list().getItems().get(0).getMetadata().getName()).delete();
        assertThat(handle(forInstance(SPOT, noNode)).reason()).contains("no Node of cluster demo has this providerID");
    }

    @Test
    void malformedAndNonActionableEvents_changeNothingWithSpecificReasons() {
        world.kube.clearRequests();
        MaintenanceStep malformed = handle("{\"id\": \"x\", ");
        assertThat(malformed.action()).isEqualTo("rejected");
        assertThat(malformed.reason()).startsWith("event is not valid JSON");
        MaintenanceStep running = handle(variant(STATE_CHANGE, e -> ((ObjectNode) e.get("detail")).put("state", "running")));
        assertThat(running.action()).isEqualTo("ignored");
        assertThat(running.reason()).contains("'running' is not a disruption");
        MaintenanceStep backup = handle(variant(HEALTH, e -> ((ObjectNode) e.get("detail")).put("backupEvent", "true")));
        assertThat(backup.reason()).contains("backupEvent");
        assertThat(world.kube.requests()).isEmpty();
        assertThat(world.replicas()).isEqualTo(2);
    }
}
