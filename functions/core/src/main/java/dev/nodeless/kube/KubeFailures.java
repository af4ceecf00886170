package dev.nodeless.kube;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.KubernetesClientTimeoutException;

/** Classifies fabric8 and {@link KubeRest} failures into retry (transient) or fail (rejected), with what was being done. */
public final class KubeFailures {

    private KubeFailures() {}

    public static RuntimeException classify(String doing, KubernetesClientException e) {
        int code = e.getCode();
        String reason = e.getStatus() != null && e.getStatus().getMessage() != null ? e.getStatus().getMessage() : rootMessage(e);
        // code 0 or -1: no HTTP response at all (connection refused or reset, TLS, timeout). 409 under a forced apply
        // means the object or its namespace is being deleted, or a concurrent write: both pass.
        return classify(doing, e instanceof KubernetesClientTimeoutException ? 0 : code, reason, e);
    }

    /** The same for the maintenance path's own client: its message already names the request and the server's reason. */
    public static RuntimeException classify(String doing, KubeApiException e) {
        return classify(doing, e.code(), e.reason(), e);
    }

    private static RuntimeException classify(String doing, int code, String reason, RuntimeException e) {
        if (code <= 0 || code == 409 || code == 429 || code >= 500) {
            return new RetryableKubeException(doing + ": " + (code <= 0 ? "no response" : "HTTP " + code) + ": " + reason, e);
        }
        return new KubeRejectedException(doing + ": HTTP " + code + ": " + reason, e);
    }

    /** Runs {@code call}, classifying a fabric8 failure with what was being done. */
    public static <T> T call(String doing, java.util.function.Supplier<T> call) {
        try {
            return call.get();
        } catch (KubernetesClientException e) {
            throw classify(doing, e);
        }
    }

    private static String rootMessage(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }
}
