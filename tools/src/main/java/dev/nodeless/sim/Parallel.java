package dev.nodeless.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs independent tasks on up to as many threads as there are processors and hands back their results in task
 * order, so what is printed does not depend on which finished first. With one thread (a one-processor machine, or
 * a caller that asks for it) the tasks run one after another on the caller's thread, as they did before.
 */
final class Parallel {

    private Parallel() {}

    /** The processors this JVM may use: the default bound on threads. */
    static int processors() {
        return Runtime.getRuntime().availableProcessors();
    }

    /** {@link #map(List, int, int)} starting the tasks in list order. */
    static <T> List<T> map(List<Callable<T>> tasks, int threads) {
        return map(tasks, threads, 0);
    }

    /**
     * Every task's result, in task order, computed on at most {@code threads} threads (and no more than there are
     * tasks). Task {@code first} is started before the others (give the longest, so that it does not start last and
     * leave the other threads idle at the end); the rest start in list order. A task's exception is rethrown as is
     * when unchecked, wrapped otherwise; the other tasks are cancelled.
     */
    static <T> List<T> map(List<Callable<T>> tasks, int threads, int first) {
        if (threads < 1) throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        if (!tasks.isEmpty() && (first < 0 || first >= tasks.size())) {
            throw new IllegalArgumentException("first must name one of the " + tasks.size() + " tasks, got " + first);
        }
        List<T> out = new ArrayList<>(tasks.size());
        if (threads == 1 || tasks.size() <= 1) {
            for (Callable<T> t : tasks) out.add(call(t));
            return out;
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(threads, tasks.size()), r -> {
            Thread t = new Thread(r, "nodeless-sim");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<T>> futures = new ArrayList<>(tasks.size());
            Future<T> started = pool.submit(tasks.get(first));
            for (int i = 0; i < tasks.size(); i++) futures.add(i == first ? started : pool.submit(tasks.get(i)));
            for (Future<T> f : futures) out.add(get(f));
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    private static <T> T call(Callable<T> task) {
        try {
            return task.call();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static <T> T get(Future<T> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a simulation", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            if (e.getCause() instanceof Error err) throw err;
            throw new IllegalStateException(e.getCause());
        }
    }
}
