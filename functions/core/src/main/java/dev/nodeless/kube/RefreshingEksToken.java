package dev.nodeless.kube;

import java.time.Clock;
import java.time.Duration;

/**
 * Hands the Kubernetes client (fabric8's through {@link KubeClients}, or {@link KubeRest}) a valid EKS token on every
 * request and signs a new one a minute before EKS would reject the current one, so a long apply or a warm Lambda
 * container never sends an expired token.
 */
public final class RefreshingEksToken {

    static final Duration REFRESH_MARGIN = Duration.ofMinutes(1);

    private final EksToken tokens;
    private final String clusterName;
    private final Clock clock;
    private EksToken.Token current;

    public RefreshingEksToken(EksToken tokens, String clusterName, Clock clock) {
        this.tokens = tokens;
        this.clusterName = clusterName;
        this.clock = clock;
    }

    public synchronized String getToken() {
        if (current == null || !clock.instant().isBefore(current.expiresAt().minus(REFRESH_MARGIN))) {
            current = tokens.create(clusterName);
        }
        return current.value();
    }
}
