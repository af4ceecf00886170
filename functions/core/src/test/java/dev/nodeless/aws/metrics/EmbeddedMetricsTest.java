package dev.nodeless.aws.metrics;

import static dev.nodeless.testing.EventVariants.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nodeless.aws.ec2.InstanceResolver;
import dev.nodeless.buffer.BufferChange;
import dev.nodeless.kube.buffer.KubeClusterApi;
import dev.nodeless.maintenance.EventAdmission;
import dev.nodeless.maintenance.MaintenanceService;
import dev.nodeless.maintenance.MaintenanceStep;
import dev.nodeless.testing.Fixtures;
import dev.nodeless.testing.MaintenanceWorld;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The CloudWatch EMF documents the maintenance service writes for real decisions (moto EC2 + registry, Kubernetes
 * emulator, the fixtures in events/), compared as whole documents: namespace, dimension sets, metric names and units,
 * values. A document CloudWatch cannot parse is a metric silently lost, so the shape is the contract.
 */
class EmbeddedMetricsTest {

    static final Instant NOW = Instant.parse("2026-11-20T09:30:05Z");
    static final ObjectMapper JSON = new ObjectMapper();
    final MaintenanceWorld world = new MaintenanceWorld(Clock.fixed(NOW, ZoneOffset.UTC));

    @AfterEach
    void close() {
        world.close();
    }

    MaintenanceStep handle(String event) {
        return world.service.size(world.service.resolve(world.service.classify(event)));
    }

    List<JsonNode> documents() {
        return world.metricLines.stream().map(line -> {
            assertThat(line).as("one document per line").doesNotContain("\n");
            try {
                return JSON.readTree(line);
            } catch (java.io.IOException e) {
                throw new AssertionError("not JSON: " + line, e);
            }
        }).toList();
    }

    /** The {@code _aws} metadata: Timestamp in epoch milliseconds, then the directives given as (dimension sets, metrics). */
    static ObjectNode expected(Object[]... directives) {
        ObjectNode doc = JSON.createObjectNode();
        ObjectNode aws = doc.putObject("_aws").put("Timestamp", NOW.toEpochMilli());
        var list = aws.putArray("CloudWatchMetrics");
        for (Object[] d : directives) {
            ObjectNode directive = list.addObject().put("Namespace", "Nodeless");
            var sets = directive.putArray("Dimensions");
            for (String set : ((String) d[0]).split(";")) {
                var names = sets.addArray();
                for (String n : set.split(",")) names.add(n);
            }
            var metrics = directive.putArray("Metrics");
            for (int i = 1; i < d.length; i += 2) metrics.addObject().put("Name", (String) d[i]).put("Unit", (String) d[i + 1]);
        }
        return doc;
    }

    @Test
    void rebalance_writesReplicasAtRiskAndOneGrowDecision_forTheCluster() {
        String id = world.instance("demo", 5);
        MaintenanceStep s = handle(forInstance(REBALANCE, id));
        BufferChange change = s.changes().get(0);
        assertThat(change.replicasAfter()).as("the fixture's grow: 2 -> 5").isEqualTo(5);

        ObjectNode want = expected(new Object[] {"cluster", "BufferReplicas", "Count", "AtRiskNodes", "Count"},
                new Object[] {"cluster,action;action", "Decisions", "Count"});
        want.put("cluster", "demo").put("action", "grow").put("BufferReplicas", 5).put("AtRiskNodes", 1).put("Decisions", 1)
                .put("trigger", "rebalance").put("replicasBefore", 2);
        assertThat(documents()).containsExactly(want);
    }

    @Test
    void repeatedEvent_isADecisionOfActionNone_withTheSameReplicas() {
        String id = world.instance("demo", 6);
        handle(forInstance(HEALTH, id));
        handle(healthWithArnEntity(id));
        List<JsonNode> docs = documents();
        assertThat(docs).hasSize(2);
        assertThat(docs.get(1).path("action").asText()).isEqualTo("none");
        assertThat(docs.get(1).path("BufferReplicas").asInt()).isEqualTo(world.replicas()).isEqualTo(docs.get(0).path("BufferReplicas").asInt());
        assertThat(docs.get(1).path("AtRiskNodes").asInt()).isEqualTo(1);
    }

    @Test
    void ignoredEvents_writeOneEventsIgnoredEach_withKindAndAClosedReason() {
        handle(forInstance(SPOT, world.instance("someone-else", 0)));
        handle(forInstance(SPOT, "i-0deadbeefdeadbeef"));
        handle(variant(SPOT, e -> e.put("time", "2026-11-20T09:20:00Z")));
        handle("{\"id\": \"x\", ");
        handle(variant(STATE_CHANGE, e -> ((ObjectNode) e.get("detail")).put("state", "running")));
        handle(variant(SPOT, e -> e.put("detail-type", "EC2 Fleet Error")));
        String noNode = world.instance("demo", 0);
        world.kube.client().nodes().withName(world.kube.client().nodes().list().getItems().get(0).getMetadata().getName()).delete();
        handle(forInstance(SPOT, noNode));
        handle(Fixtures.event(RECONCILE).replace("\"demo\"", "\"failed\""));

        List<String> seen = new ArrayList<>();
        for (JsonNode d : documents()) {
            ObjectNode want = expected(new Object[] {"kind,reason", "EventsIgnored", "Count"});
            want.put("kind", d.path("kind").asText()).put("reason", d.path("reason").asText()).put("EventsIgnored", 1);
            assertThat(d).isEqualTo(want);
            seen.add(d.path("kind").asText() + "/" + d.path("reason").asText());
        }
        assertThat(seen).containsExactly("spot-interruption/unmanaged", "spot-interruption/unmanaged", "spot-interruption/stale",
                "unknown/malformed", "state-change/not-actionable", "unknown/unknown-kind", "spot-interruption/no-node",
                "reconcile/unmanaged");
    }

    @Test
    void admission_ignoringAnotherTeamsInstance_writesEventsIgnoredUnmanaged() throws Exception {
        EventAdmission admission = new EventAdmission(world.service, new InstanceResolver(world.aws), world.clusters(),
                (name, input) -> { throw new AssertionError("no execution for a foreign instance"); }, Clock.fixed(NOW, ZoneOffset.UTC),
                Duration.ofMinutes(5));
        String event = forInstance(SPOT, world.instance("someone-else", 0));
        assertThat(admission.admit(JSON.readTree(event)).action()).isEqualTo("ignored");
        assertThat(documents()).singleElement().satisfies(d -> {
            assertThat(d.path("kind").asText()).isEqualTo("spot-interruption");
            assertThat(d.path("reason").asText()).isEqualTo("unmanaged");
            assertThat(d.path("EventsIgnored").asInt()).isEqualTo(1);
        });
    }

    @Test
    void reconcileCheck_writesItsDuration_inMilliseconds() {
        MovingClock clock = new MovingClock(NOW);
        List<String> lines = new ArrayList<>();
        // opening the cluster's API is part of the check: here it "takes" 1,234 ms on the test's clock
        MaintenanceService service = new MaintenanceService(new InstanceResolver(world.aws), world.clusters(), c -> {
            clock.advance(Duration.ofMillis(1234));
            return new KubeClusterApi(world.kube.rest(), KubeClusterApi.backendOf(c.backend()), clock);
        }, clock, new EmbeddedMetrics("Nodeless", clock, lines::add));
        var demo = world.clusters().find("demo").orElseThrow();
        service.reconcileNeeded(demo);

        ObjectNode want = expected(new Object[] {"cluster", "ReconcileDuration", "Milliseconds"});
        ((ObjectNode) want.get("_aws")).put("Timestamp", NOW.plusMillis(1234).toEpochMilli());
        want.put("cluster", "demo").put("ReconcileDuration", 1234);
        assertThat(lines).singleElement().satisfies(l -> assertThat(JSON.readTree(l)).isEqualTo(want));
    }

    /** A NodePool's own buffer is its own series, so its replicas never mix with the top-level buffer's. */
    @Test
    void poolBufferDecision_isDimensionedByClusterAndBuffer() throws Exception {
        List<String> lines = new java.util.ArrayList<>();
        EmbeddedMetrics metrics = new EmbeddedMetrics("Nodeless", Clock.fixed(NOW, ZoneOffset.UTC), lines::add);

        metrics.decided(new BufferChange("demo", "spot-interruption", "gpu-1", "grow", 0, 3, "", List.of("gpu-1"), true, "pause-pods-gpu"));

        ObjectNode want = expected(new Object[] {"cluster,buffer", "BufferReplicas", "Count", "AtRiskNodes", "Count"},
                new Object[] {"cluster,action;action", "Decisions", "Count"});
        want.put("cluster", "demo").put("buffer", "pause-pods-gpu").put("action", "grow").put("BufferReplicas", 3).put("AtRiskNodes", 1)
                .put("Decisions", 1).put("trigger", "spot-interruption").put("replicasBefore", 0);
        assertThat(lines).singleElement().satisfies(l -> assertThat(JSON.readTree(l)).isEqualTo(want));
    }

    @Test
    void aSinkThatFails_neverFailsTheDecision() {
        EmbeddedMetrics broken = new EmbeddedMetrics("Nodeless", Clock.fixed(NOW, ZoneOffset.UTC), line -> {
            throw new IllegalStateException("stdout closed");
        });
        assertThatCode(() -> broken.decided(new BufferChange("demo", "reconcile", null, "none", 2, 2, "", List.of(), false)))
                .doesNotThrowAnyException();
    }

    static final class MovingClock extends Clock {
        private Instant now;

        MovingClock(Instant start) { now = start; }

        void advance(Duration d) { now = now.plus(d); }

        @Override public ZoneId getZone() { return ZoneOffset.UTC; }
        @Override public Clock withZone(ZoneId zone) { return this; }
        @Override public Instant instant() { return now; }
    }
}
