package dev.nodeless.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.nodeless.aws.RetryableStepException;
import dev.nodeless.buffer.BufferConflictException;
import dev.nodeless.maintenance.ReconcileScheduler;
import dev.nodeless.testing.MaintenanceWorld;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

/**
 * One Map item's classification: a transient failure is thrown under the type the Retry names, small enough for the
 * Map's 256 KiB output (no cause, no stack trace, a bounded message); anything else is a failed outcome at once.
 */
class ReconcileClusterStepTest {

    final MaintenanceWorld world = new MaintenanceWorld(Clock.fixed(Instant.parse("2026-11-20T09:30:05Z"), ZoneOffset.UTC));
    final List<String> started = new ArrayList<>();

    @AfterEach
    void close() {
        world.close();
    }

    ReconcileClusterStep failingWith(RuntimeException e) {
        var service = new dev.nodeless.maintenance.MaintenanceService(ids -> java.util.Map.of(), world.clusters(), c -> {
            throw e;
        }, Clock.systemUTC());
        return new ReconcileClusterStep(new ReconcileScheduler(service, (n, i) -> started.add(n)));
    }

    @Test
    void a5xxFromTheApi_isThrownAsACompactRetryableKubeException() {
        KubernetesClientException down = new KubernetesClientException("x".repeat(5_000), 503,
                new io.fabric8.kubernetes.api.model.StatusBuilder().withCode(503).withMessage("y".repeat(5_000)).build());

        Throwable thrown = catchThrowable(() -> failingWith(down).run("demo"));

        assertThat(thrown).isExactlyInstanceOf(RetryableKubeException.class).hasNoCause();
        assertThat(thrown.getStackTrace()).isEmpty();
        assertThat(thrown.getMessage()).startsWith("reconciling cluster demo: HTTP 503").hasSize(ReconcileClusterStep.MAX_CAUSE);
    }

    @Test
    void awsThrottling_isThrownAsRetryableStepException_andAConflictKeepsItsType() {
        AwsServiceException throttled = AwsServiceException.builder().statusCode(400)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("ThrottlingException").errorMessage("Rate exceeded").build()).build();
        assertThat(catchThrowable(() -> failingWith(throttled).run("demo"))).isExactlyInstanceOf(RetryableStepException.class);
        assertThat(catchThrowable(() -> failingWith(new BufferConflictException("kept changing", null)).run("demo")))
                .isExactlyInstanceOf(BufferConflictException.class);
    }

    @Test
    void aRefusal_isAFailedOutcomeNamingTheTypeAndCause_andNothingIsStarted() {
        KubernetesClientException forbidden = new KubernetesClientException("forbidden", 403,
                new io.fabric8.kubernetes.api.model.StatusBuilder().withCode(403).withMessage("nodes is forbidden").build());

        ReconcileScheduler.Outcome o = failingWith(forbidden).run("demo");

        assertThat(o).isEqualTo(ReconcileScheduler.Outcome.failed("demo",
                "KubeRejectedException: reconciling cluster demo: HTTP 403: nodes is forbidden"));
        assertThat(started).isEmpty();
    }
}
