package dev.nodeless.aws;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LazyTest {

    @Test
    void buildsNothingBeforeItsFirstUse_thenOnceForEveryCaller() throws Exception {
        AtomicInteger builds = new AtomicInteger();
        Lazy<Object> lazy = new Lazy<>(() -> {
            builds.incrementAndGet();
            return new Object();
        });
        assertThat(lazy.built()).isFalse();
        assertThat(builds).hasValue(0);

        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Object>> got = new ArrayList<>();
            for (int i = 0; i < 64; i++) got.add(pool.submit(lazy::get));
            Object first = got.get(0).get();
            for (Future<Object> f : got) assertThat(f.get()).isSameAs(first);
        } finally {
            pool.shutdownNow();
        }
        assertThat(builds).hasValue(1);
        assertThat(lazy.built()).isTrue();
    }
}
