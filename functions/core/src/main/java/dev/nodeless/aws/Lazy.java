package dev.nodeless.aws;

import java.util.function.Supplier;

/**
 * A value built on its first use, once, then kept (thread-safe): what keeps a client that a cold start does not need
 * off that cold start.
 */
public final class Lazy<T> implements Supplier<T> {

    private final Supplier<T> create;
    private volatile T value;

    public Lazy(Supplier<T> create) {
        this.create = create;
    }

    @Override
    public T get() {
        T v = value;
        if (v == null) {
            synchronized (this) {
                if (value == null) value = create.get();
                v = value;
            }
        }
        return v;
    }

    /** Whether {@link #get()} has built the value. */
    public boolean built() {
        return value != null;
    }
}
