package dev.nodeless.buffer;

import java.util.Map;
import java.util.TreeMap;

/**
 * CPU in millicores, memory in bytes, and extended resources ({@code nvidia.com/gpu}, {@code aws.amazon.com/neuron})
 * as whole counts: what the buffer is sized on. Parses Kubernetes quantities ({@code 500m}, {@code 1}, {@code 1.5},
 * {@code 512Mi}, {@code 1G}, {@code 1e3}).
 *
 * @param extended extended resource name to count; never null, no zero entries (so equal demands are equal records)
 */
public record Resources(long milliCpu, long memoryBytes, Map<String, Long> extended) {

    public static final Resources ZERO = new Resources(0, 0);

    public Resources {
        if (extended == null || extended.isEmpty()) {
            extended = Map.of();
        } else {
            TreeMap<String, Long> kept = new TreeMap<>();
            extended.forEach((k, v) -> { if (v != null && v != 0) kept.put(k, v); });
            extended = kept.isEmpty() ? Map.of() : java.util.Collections.unmodifiableMap(kept);
        }
    }

    /** CPU and memory only (the form before extended resources counted). */
    public Resources(long milliCpu, long memoryBytes) {
        this(milliCpu, memoryBytes, Map.of());
    }

    public static Resources of(String cpu, String memory) {
        return new Resources(Quantity.milliCpu(cpu), Quantity.bytes(memory));
    }

    /** With extended resources given as quantities ({@code "nvidia.com/gpu": "1"}); null or empty: none. */
    public static Resources of(String cpu, String memory, Map<String, String> extended) {
        Map<String, Long> counts = new TreeMap<>();
        if (extended != null) extended.forEach((k, v) -> counts.put(k, Quantity.bytes(v)));
        return new Resources(Quantity.milliCpu(cpu), Quantity.bytes(memory), counts);
    }

    /** The count of one extended resource (0 when absent). */
    public long extended(String name) {
        return extended.getOrDefault(name, 0L);
    }

    public Resources plus(Resources o) {
        return new Resources(milliCpu + o.milliCpu, memoryBytes + o.memoryBytes, combine(o, 1));
    }

    public Resources minus(Resources o) {
        return new Resources(milliCpu - o.milliCpu, memoryBytes - o.memoryBytes, combine(o, -1));
    }

    public Resources times(long n) {
        if (extended.isEmpty()) return new Resources(milliCpu * n, memoryBytes * n);
        Map<String, Long> scaled = new TreeMap<>();
        extended.forEach((k, v) -> scaled.put(k, v * n));
        return new Resources(milliCpu * n, memoryBytes * n, scaled);
    }

    /** Per resource, the larger of the two. */
    public Resources max(Resources o) {
        Map<String, Long> m = new TreeMap<>(extended);
        o.extended.forEach((k, v) -> m.merge(k, v, Math::max));
        return new Resources(Math.max(milliCpu, o.milliCpu), Math.max(memoryBytes, o.memoryBytes), m);
    }

    private Map<String, Long> combine(Resources o, int sign) {
        if (o.extended.isEmpty()) return extended; // the common case (no extended resources anywhere) allocates nothing
        Map<String, Long> m = new TreeMap<>(extended);
        o.extended.forEach((k, v) -> m.merge(k, sign * v, Long::sum));
        return m;
    }

    public boolean isZero() {
        return milliCpu == 0 && memoryBytes == 0 && extended.isEmpty();
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder().append(milliCpu).append("m/").append(memoryBytes / (1024 * 1024)).append("Mi");
        extended.forEach((k, v) -> s.append('/').append(v).append(' ').append(k));
        return s.toString();
    }
}
