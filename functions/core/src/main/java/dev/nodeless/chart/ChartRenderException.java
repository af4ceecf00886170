package dev.nodeless.chart;

/**
 * A chart could not be located or rendered (fail: a missing chart or a template error does not heal by retrying;
 * a network error fetching an upstream chart surfaces here too, with its cause).
 */
public class ChartRenderException extends RuntimeException {
    public ChartRenderException(String message, Throwable cause) {
        super(message, cause);
    }

    public ChartRenderException(String message) {
        super(message);
    }
}
