package dev.nodeless.lambda;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/** Settings of the Kubernetes-phase handlers (environment: {@code NODELESS_KUBE_REQUEST_TIMEOUT} and so on). */
@ConfigMapping(prefix = "nodeless")
public interface KubeSettings {

    /** AWS endpoint override for emulators (moto, LocalStack); unset in production. */
    Optional<URI> awsEndpoint();

    Kube kube();

    Charts charts();

    interface Charts {
        /**
         * Unpacked chart folders ({@code <chart>-<version>}) shipped with the function or mounted; when unset the
         * charts come from their upstream repositories (needs outbound internet from the function).
         */
        Optional<java.nio.file.Path> dir();
    }

    interface Kube {
        /** Per Kubernetes API request; well below the function timeout. */
        @WithDefault("20s") Duration requestTimeout();

        /** fabric8's own retries of connection errors, 429 and 5xx; the state machine retries the step on top. */
        @WithDefault("2") int retries();

        /** How long one apply waits for new CRDs to become Established before handing back done=false. */
        @WithDefault("60s") Duration crdWait();
    }
}
