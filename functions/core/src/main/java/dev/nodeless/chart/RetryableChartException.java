package dev.nodeless.chart;

/**
 * Fetching a chart failed for a reason that heals by waiting: the repository or registry answered 429 or 5xx, or the
 * connection failed or timed out. Nothing was cached, and rendering is idempotent, so the state machine may retry the
 * step with backoff (Step Functions error name {@code dev.nodeless.chart.RetryableChartException}).
 */
public class RetryableChartException extends ChartRenderException {
    public RetryableChartException(String message, Throwable cause) {
        super(message, cause);
    }

    public RetryableChartException(String message) {
        super(message);
    }
}
