package dev.nodeless.sim;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The strategies of a comparison run side by side: every figure (each Metrics field, the waits, both time series)
 * must be what the one-after-another run gives, in the same table order.
 */
class ParallelComparisonTest {

    @Test
    void parallelAndSequential_giveIdenticalMetrics() throws IOException {
        for (String name : List.of("mixed-day", "upgrade-drift")) {
            Scenario s = Scenario.load(name);
            Comparison sequential = Comparison.run(s, 2, 1);
            Comparison parallel = Comparison.run(s, 2, 5);

            assertThat(parallel.rows()).extracting(m -> m.strategy)
                    .containsExactly("none", "static-runbook", "proportional", "capacity-buffer", "nodeless");
            assertThat(parallel.rows()).hasSameSizeAs(sequential.rows());
            for (int i = 0; i < sequential.rows().size(); i++) {
                assertThat(parallel.rows().get(i)).usingRecursiveComparison().ignoringFields("wallNanos")
                        .isEqualTo(sequential.rows().get(i));
            }
            assertThat(Report.table(parallel)).isEqualTo(Report.table(sequential));
        }
    }

    @Test
    void map_keepsTaskOrder_whateverFinishesFirst() {
        List<Callable<Integer>> tasks = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            int n = i;
            tasks.add(() -> {
                Thread.sleep((6 - n) * 20L); // the first task finishes last
                return n;
            });
        }

        assertThat(Parallel.map(tasks, 3)).containsExactly(0, 1, 2, 3, 4, 5);
        assertThat(Parallel.map(tasks, 1)).containsExactly(0, 1, 2, 3, 4, 5);
        assertThat(Parallel.map(tasks, 2, 5)).containsExactly(0, 1, 2, 3, 4, 5);
    }

    @Test
    void map_startsTheNamedTaskFirst() {
        List<String> startOrder = java.util.Collections.synchronizedList(new ArrayList<>());
        List<Callable<Integer>> tasks = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            int n = i;
            tasks.add(() -> {
                startOrder.add("task " + n);
                return n;
            });
        }

        assertThat(Parallel.map(tasks, 1, 3)).containsExactly(0, 1, 2, 3); // one thread: list order, as before
        assertThat(startOrder).containsExactly("task 0", "task 1", "task 2", "task 3");
        startOrder.clear();
        // Two threads, and each task waits until a second one has started: no thread takes a queued task before
        // both threads run the tasks handed to them first, whichever thread the OS runs first.
        java.util.concurrent.CyclicBarrier pair = new java.util.concurrent.CyclicBarrier(2);
        List<Callable<Integer>> paired = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            int n = i;
            paired.add(() -> {
                startOrder.add("task " + n);
                pair.await(10, java.util.concurrent.TimeUnit.SECONDS);
                return n;
            });
        }
        assertThat(Parallel.map(paired, 2, 3)).containsExactly(0, 1, 2, 3);
        assertThat(startOrder.subList(0, 2)).containsExactlyInAnyOrder("task 3", "task 0");
        assertThatThrownBy(() -> Parallel.map(tasks, 2, 4)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("first must name one of the 4 tasks");
    }

    @Test
    void map_oneThread_runsOnTheCallersThread_andATaskFailureReachesTheCaller() {
        Thread caller = Thread.currentThread();
        assertThat(Parallel.map(List.<Callable<Thread>>of(Thread::currentThread, Thread::currentThread), 1))
                .containsOnly(caller);
        assertThat(Parallel.map(List.<Callable<Thread>>of(Thread::currentThread, Thread::currentThread), 2))
                .doesNotContain(caller);

        List<Callable<Integer>> failing = List.of(() -> 1, () -> {
            throw new IllegalArgumentException("bad scenario");
        });
        assertThatThrownBy(() -> Parallel.map(failing, 2)).isInstanceOf(IllegalArgumentException.class).hasMessage("bad scenario");
        assertThatThrownBy(() -> Parallel.map(failing, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("threads must be >= 1");
    }
}
