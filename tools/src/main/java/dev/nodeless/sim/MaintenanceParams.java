package dev.nodeless.sim;

/**
 * How fast Nodeless hears of things.
 *
 * @param eventLatencySeconds EventBridge delivery + maintain-buffer execution (3 Lambdas, a cold start) until the
 *                            buffer's replicas are written
 * @param reconcileMinutes    period of the schedule that forecasts expiry and removes stale marks
 */
public record MaintenanceParams(Double eventLatencySeconds, Double reconcileMinutes) {
    public MaintenanceParams {
        if (eventLatencySeconds == null) eventLatencySeconds = 5.0;
        if (reconcileMinutes == null) reconcileMinutes = 5.0;
        if (eventLatencySeconds < 0 || !(reconcileMinutes > 0)) {
            throw new IllegalArgumentException("need eventLatencySeconds >= 0 and reconcileMinutes > 0");
        }
    }
}
