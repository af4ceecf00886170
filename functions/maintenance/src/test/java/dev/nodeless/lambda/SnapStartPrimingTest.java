package dev.nodeless.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nodeless.testing.MaintenanceWorld;
import java.time.Clock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The SnapStart priming path, wired to moto and the Kubernetes emulator as in the other maintenance tests. */
class SnapStartPrimingTest {

    final MaintenanceWorld world = new MaintenanceWorld(Clock.systemUTC());

    @AfterEach
    void close() {
        world.close();
    }

    @Test
    void priming_runsClassifyEventOnTheBundledEvent_whichIsIgnored_andLeavesTheBufferAlone() {
        int before = world.replicas();
        var warmed = new SnapStartPriming(() -> new ClassifyEventHandler(world.service)).prime(false);
        assertThat(warmed).containsExactly("classifyEvent(ignored)");
        assertThat(world.replicas()).isEqualTo(before);
    }
}
