package dev.nodeless.kube;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.ConnectException;
import org.junit.jupiter.api.Test;

class KubeFailuresTest {

    @Test
    void transientCodes_andNoResponse_areRetryable_withWhatWasBeingDone() {
        for (int code : new int[] {409, 429, 500, 502, 503, 504}) {
            var e = new KubernetesClientException(new StatusBuilder().withCode(code).withMessage("m" + code).build());
            assertThat(KubeFailures.classify("applying X", e)).isInstanceOf(RetryableKubeException.class)
                    .hasMessage("applying X: HTTP " + code + ": m" + code);
        }
        var refused = new KubernetesClientException("An error has occurred.", new ConnectException("Connection refused"));
        assertThat(KubeFailures.classify("reading CRD y", refused)).isInstanceOf(RetryableKubeException.class)
                .hasMessage("reading CRD y: no response: Connection refused");
    }

    @Test
    void clientErrors_areRejected() {
        for (int code : new int[] {400, 401, 403, 404, 415, 422}) {
            var e = new KubernetesClientException(new StatusBuilder().withCode(code).withMessage("m").build());
            assertThat(KubeFailures.classify("applying X", e)).isInstanceOf(KubeRejectedException.class).hasMessage("applying X: HTTP " + code + ": m");
        }
    }
}
