package dev.nodeless.sim;

import java.util.SplittableRandom;

/**
 * One independent random stream per event source, derived from the run's seed and the source's name, so that
 * drawing more numbers in one source (say, a strategy launching more nodes) never shifts another (the trace).
 */
final class Rng {

    private Rng() {}

    static SplittableRandom of(long seed, String source) {
        long h = 1125899906842597L;
        for (int i = 0; i < source.length(); i++) h = 31 * h + source.charAt(i);
        return new SplittableRandom(mix(seed) ^ mix(h));
    }

    /** Exponential inter-arrival time of a Poisson process with the given rate. */
    static double exponential(SplittableRandom r, double rate) {
        return -Math.log(1 - r.nextDouble()) / rate;
    }

    /** Log-normal with the given median and 90th percentile. */
    static double logNormal(SplittableRandom r, double median, double p90) {
        double sigma = Math.log(p90 / median) / 1.2815515655446004;
        return median * Math.exp(sigma * gaussian(r));
    }

    static double gaussian(SplittableRandom r) {
        // Box-Muller; one value per call keeps the stream's use easy to reason about.
        double u1 = 1 - r.nextDouble();
        double u2 = r.nextDouble();
        return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
