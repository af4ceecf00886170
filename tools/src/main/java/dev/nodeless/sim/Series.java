package dev.nodeless.sim;

import java.util.Arrays;

/** A step function over time (millis): the value holds until the next point. Growable primitive arrays. */
public final class Series {
    private long[] times = new long[64];
    private int[] values = new int[64];
    private int size;

    void add(long time, int value) {
        if (size > 0 && values[size - 1] == value) return;
        if (size > 0 && times[size - 1] == time) {
            values[size - 1] = value;
            return;
        }
        if (size == times.length) {
            times = Arrays.copyOf(times, size * 2);
            values = Arrays.copyOf(values, size * 2);
        }
        times[size] = time;
        values[size] = value;
        size++;
    }

    public int size() {
        return size;
    }

    public long time(int i) {
        return times[i];
    }

    public int value(int i) {
        return values[i];
    }

    /** The largest value within [from, to) (millis): what a plot bucket must show so short spikes stay visible. */
    public int maxIn(long from, long to) {
        int max = 0;
        int before = 0;
        for (int i = 0; i < size; i++) {
            if (times[i] < from) {
                before = values[i];
            } else if (times[i] < to) {
                max = Math.max(max, values[i]);
            } else {
                break;
            }
        }
        return Math.max(max, before);
    }
}
