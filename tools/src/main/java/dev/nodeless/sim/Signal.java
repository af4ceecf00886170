package dev.nodeless.sim;

/**
 * What an EventBridge rule delivers to the maintenance state machine about one node.
 *
 * @param kind     {@code spot-interruption} or {@code rebalance} (the maintenance loop's event kinds)
 * @param at       when AWS emitted it (millis)
 * @param deadline when displacement is expected (millis)
 */
record Signal(String kind, Node node, long at, long deadline) {
    static final String SPOT = "spot-interruption";
    static final String REBALANCE = "rebalance";
}
