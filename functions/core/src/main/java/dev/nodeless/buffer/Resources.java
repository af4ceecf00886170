package dev.nodeless.buffer;

/**
 * CPU in millicores and memory in bytes: the two resources the buffer is sized on.
 * Parses Kubernetes quantities ({@code 500m}, {@code 1}, {@code 1.5}, {@code 512Mi}, {@code 1G}, {@code 1e3}).
 */
public record Resources(long milliCpu, long memoryBytes) {

    public static final Resources ZERO = new Resources(0, 0);

    public static Resources of(String cpu, String memory) {
        return new Resources(Quantity.milliCpu(cpu), Quantity.bytes(memory));
    }

    public Resources plus(Resources o) {
        return new Resources(milliCpu + o.milliCpu, memoryBytes + o.memoryBytes);
    }

    public Resources minus(Resources o) {
        return new Resources(milliCpu - o.milliCpu, memoryBytes - o.memoryBytes);
    }

    public Resources times(long n) {
        return new Resources(milliCpu * n, memoryBytes * n);
    }

    public boolean isZero() {
        return milliCpu == 0 && memoryBytes == 0;
    }

    @Override
    public String toString() {
        return milliCpu + "m/" + (memoryBytes / (1024 * 1024)) + "Mi";
    }
}
