package dev.nodeless.maintenance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nodeless.aws.ec2.InstanceResolver;
import dev.nodeless.testing.EventVariants;
import dev.nodeless.testing.MaintenanceWorld;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Admission against moto's EC2 and DynamoDB (the real InstanceResolver and registry). The starter is a recording
 * implementation of our own port: its Step Functions adapter is tested against moto in functions/maintenance.
 */
class EventAdmissionTest {

    static final Instant NOW = Instant.parse("2026-11-20T09:30:05Z");
    final MaintenanceWorld world = new MaintenanceWorld(Clock.fixed(NOW, ZoneOffset.UTC));
    final List<String> started = new ArrayList<>();
    final AtomicInteger describes = new AtomicInteger();
    final InstanceDirectory counted = new InstanceDirectory() {
        final InstanceResolver real = new InstanceResolver(world.aws);

        @Override
        public Map<String, Instance> describe(Collection<String> ids) {
            describes.incrementAndGet();
            return real.describe(ids);
        }
    };
    final EventAdmission admission = new EventAdmission(world.service, counted, world.clusters(), (name, input) -> {
        boolean fresh = !started.contains(name);
        if (fresh) started.add(name);
        return fresh;
    }, Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofMinutes(5));

    @AfterEach
    void close() {
        world.close();
    }

    static JsonNode spot(String instance) throws Exception {
        return new ObjectMapper().readTree(EventVariants.variant(EventVariants.SPOT,
                e -> ((ObjectNode) e.get("detail")).put("instance-id", instance)));
    }

    @Test
    void managedInstance_startsOneExecutionNamedAfterTheCluster_andARedeliveryStartsNoSecond() throws Exception {
        String id = world.instance("demo", 2);

        EventAdmission.Decision first = admission.admit(spot(id));
        EventAdmission.Decision again = admission.admit(spot(id));

        assertThat(first.action()).isEqualTo("started");
        assertThat(first.clusters()).containsExactly("demo");
        assertThat(first.execution()).isEqualTo("demo-spot-interruption-7e1d0c2b-4a5f-4b6e-9d8c-1a2b3c4d5e01");
        assertThat(again.execution()).isEqualTo(first.execution());
        assertThat(started).containsExactly(first.execution());
    }

    @Test
    void foreignInstances_startNothing_andTheCacheAnswersTheSecondTimeWithoutDescribeInstances() throws Exception {
        String foreign = world.instance("someone-else", 0);
        String failed = world.instance("failed", 0);

        EventAdmission.Decision d = admission.admit(spot(foreign));
        assertThat(d.action()).isEqualTo("ignored");
        assertThat(d.reason()).isEqualTo("ignored because " + foreign + ": cluster someone-else is not managed by Nodeless");
        assertThat(admission.admit(spot(failed)).reason()).contains("cluster failed is not managed by Nodeless");
        assertThat(admission.admit(spot("i-0aaaaaaaaaaaaaaa9")).reason()).contains("not an instance of a Kubernetes cluster");
        int calls = describes.get();

        for (int i = 0; i < 5; i++) assertThat(admission.admit(spot(foreign)).action()).isEqualTo("ignored");

        assertThat(describes.get()).as("cached: no DescribeInstances for a known foreign instance").isEqualTo(calls);
        assertThat(started).isEmpty();
    }

    @Test
    void malformedOrUnknownEvents_startNothing() throws Exception {
        assertThat(admission.admit(new ObjectMapper().readTree("{\"id\": \"x\"}")).action()).isEqualTo("rejected");
        assertThat(admission.admit(new ObjectMapper().readTree(EventVariants.variant(EventVariants.SPOT,
                e -> e.put("detail-type", "EC2 Fast Snapshot Restore State-change Notification")))).action()).isEqualTo("ignored");
        assertThat(started).isEmpty();
        assertThat(describes.get()).isZero();
    }

    @Test
    void executionNames_fitStepFunctions() {
        String name = EventAdmission.executionName("c".repeat(100), "capacity-reservation-interruption", "7e1d0c2b-4a5f-4b6e-9d8c-1a2b3c4d5e01");
        assertThat(name).hasSizeLessThanOrEqualTo(80).matches("[A-Za-z0-9_-]+").startsWith(ExecutionNames.prefix("c".repeat(100)));
        assertThat(EventAdmission.executionName("demo", "spot-interruption", "7e1d0c2b-4a5f-4b6e-9d8c-1a2b3c4d5e01"))
                .isEqualTo("demo-spot-interruption-7e1d0c2b-4a5f-4b6e-9d8c-1a2b3c4d5e01");
    }
}
