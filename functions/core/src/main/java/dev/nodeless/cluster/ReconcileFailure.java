package dev.nodeless.cluster;

import java.time.Instant;

/**
 * The last failed scheduled reconcile of one cluster, kept on its registry item until a reconcile succeeds
 * ({@link ClusterRegistry#setReconcileFailure}); {@code nodeless status} shows it.
 *
 * @param at        when the reconcile failed
 * @param cause     the classified error and its message ({@code RetryableKubeException: reconciling cluster x: HTTP 503 ...})
 * @param retryable whether the workflow retries it within the same tick (a retry that succeeds clears it)
 * @param execution the reconcile-fleet execution it happened in (where its outcomes are), or null when unknown
 */
public record ReconcileFailure(Instant at, String cause, boolean retryable, String execution) {}
