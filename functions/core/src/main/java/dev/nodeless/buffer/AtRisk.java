package dev.nodeless.buffer;

import java.time.Instant;

/**
 * One node expected to be displaced.
 *
 * @param kind     what put it at risk (event kind name, e.g. {@code spot-interruption}, {@code expiry})
 * @param markedAt when it was first marked
 * @param deadline when displacement is expected (warning time + 2 min, expiry time, retirement start)
 * @param demand   requests of its evictable pods when last measured
 */
public record AtRisk(String node, String instanceId, String kind, Instant markedAt, Instant deadline, Resources demand) {}
