package dev.nodeless.lambda;

import static dev.nodeless.testing.EventVariants.REBALANCE;
import static dev.nodeless.testing.EventVariants.forInstance;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nodeless.buffer.BufferConflictException;
import dev.nodeless.kube.KubeRejectedException;
import dev.nodeless.kube.KubeHttp;
import dev.nodeless.kube.KubeRest;
import dev.nodeless.kube.RetryableKubeException;
import dev.nodeless.kube.emulator.KubeEmulator.Fault;
import dev.nodeless.maintenance.MaintenanceService;
import dev.nodeless.maintenance.MaintenanceStep;
import dev.nodeless.testing.Fixtures;
import dev.nodeless.testing.MaintenanceWorld;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the state machine sees when a maintenance step fails: the handlers (against moto EC2/DynamoDB and the
 * Kubernetes emulator with injected faults) throw a class whose name maintain-buffer.asl.json retries when the
 * failure is transient, and one it does not retry when retrying cannot help. Nothing is written on failure.
 */
class StepFailuresTest {

    static final ObjectMapper JSON = new ObjectMapper();
    MaintenanceWorld world;
    KubeRest impatient;
    ResolveTargetHandler resolve;
    SizeBufferHandler size;
    MaintenanceStep classified;

    @BeforeEach
    void setUp() throws Exception {
        world = new MaintenanceWorld(Clock.fixed(Instant.parse("2026-11-20T09:30:05Z"), ZoneOffset.UTC));
        // the client retries 5xx/429 itself; two retries 10 ms apart keep the test short
        impatient = new KubeRest(new KubeHttp(world.kube.url(), null, null, Duration.ofSeconds(2)), 2, Duration.ofMillis(10), world.kube.url());
        MaintenanceService service = world.service(impatient);
        resolve = new ResolveTargetHandler(service);
        size = new SizeBufferHandler(service);
        // a rebalance recommendation: a mark that buys room, so the size step grows (a spot warning buys none)
        classified = new ClassifyEventHandler(service).handleRequest(JSON.readTree(forInstance(REBALANCE, world.instance("demo", 4))), null);
    }

    @AfterEach
    void tearDown() {
        impatient.close();
        world.close();
    }

    @Test
    void kubernetesApiDownDuringResolve_isRetryableKubeException_whichResolveTargetRetries() throws Exception {
        for (int i = 0; i < 5; i++) world.kube.inject(Fault.status(r -> r.startsWith("GET /api/v1/nodes/"), 503));

        Throwable thrown = catchThrowable(() -> resolve.handleRequest(classified, null));

        assertThat(thrown).isInstanceOf(RetryableKubeException.class).hasMessageContaining("resolving i-").hasMessageContaining("HTTP 503");
        assertThat(retriedBy("ResolveTarget")).contains(thrown.getClass().getName());
    }

    @Test
    void kubernetesApiDownDuringSize_isRetryableKubeException_andNothingChanges() throws Exception {
        MaintenanceStep resolved = resolve.handleRequest(classified, null);
        for (int i = 0; i < 5; i++) world.kube.inject(Fault.status(r -> r.startsWith("PUT /apis/apps/v1"), 500));

        Throwable thrown = catchThrowable(() -> size.handleRequest(resolved, null));

        assertThat(thrown).isInstanceOf(RetryableKubeException.class).hasMessageContaining("sizing the buffer for event");
        assertThat(retriedBy("SizeBuffer")).contains(thrown.getClass().getName());
        assertThat(world.replicas()).isEqualTo(2);
        // the step is idempotent: the state machine's retry, once the API answers, grows the buffer once
        assertThat(size.handleRequest(resolved, null).action()).isEqualTo("grow");
        assertThat(world.replicas()).isEqualTo(4);
    }

    @Test
    void conflictsBeyondTheInLambdaAttempts_areBufferConflictException_whichSizeBufferRetries() throws Exception {
        MaintenanceStep resolved = resolve.handleRequest(classified, null);
        for (int i = 0; i < 70; i++) world.kube.inject(Fault.status(r -> r.startsWith("PUT /apis/apps/v1"), 409));

        Throwable thrown = catchThrowable(() -> size.handleRequest(resolved, null));

        assertThat(thrown).isInstanceOf(BufferConflictException.class).hasMessageContaining("kept changing under 64 attempts");
        assertThat(retriedBy("SizeBuffer")).contains(thrown.getClass().getName());
        assertThat(world.replicas()).isEqualTo(2);
    }

    @Test
    void forbiddenByRbac_failsAtOnceWithTheApiReason_notRetried() throws Exception {
        MaintenanceStep resolved = resolve.handleRequest(classified, null);
        world.kube.inject(Fault.status(r -> r.startsWith("GET /apis/apps/v1/namespaces/nodeless/deployments/pause-pods"), 403));

        Throwable thrown = catchThrowable(() -> size.handleRequest(resolved, null));

        assertThat(thrown).isInstanceOf(KubeRejectedException.class).hasMessageContaining("HTTP 403");
        assertThat(retriedBy("SizeBuffer")).doesNotContain(thrown.getClass().getName());
        assertThat(world.replicas()).isEqualTo(2);
    }

    @Test
    void aClusterWithoutItsBuffer_failsAtOnceSayingSo_notRetried() throws Exception {
        MaintenanceStep resolved = resolve.handleRequest(classified, null);
        world.kube.client().apps().deployments().inNamespace("nodeless").withName("pause-pods").delete();

        Throwable thrown = catchThrowable(() -> size.handleRequest(resolved, null));

        assertThat(thrown).isInstanceOf(KubeRejectedException.class).hasMessageContaining("was the cluster bootstrapped by Nodeless");
        assertThat(retriedBy("SizeBuffer")).doesNotContain(thrown.getClass().getName());
    }

    /** The error names a state's Retry matches, read from the definition that is deployed. */
    static Set<String> retriedBy(String state) throws Exception {
        JsonNode asl = JSON.readTree(Files.readString(Fixtures.root().resolve("statemachine/maintain-buffer.asl.json")));
        Set<String> names = new HashSet<>();
        asl.path("States").path(state).path("Retry").forEach(r -> r.path("ErrorEquals").forEach(e -> names.add(e.asText())));
        assertThat(names).as("%s has a Retry", state).isNotEmpty();
        return names;
    }
}
