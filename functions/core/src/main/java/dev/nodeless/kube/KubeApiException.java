package dev.nodeless.kube;

/**
 * A Kubernetes API request that failed, as {@link KubeRest} reports it: the HTTP code ({@code 0}: no answer at all,
 * e.g. a refused connection, TLS or a timeout) and the API server's own message. {@link KubeFailures} sorts it into
 * retry or reject, as it does fabric8's exceptions.
 */
public class KubeApiException extends RuntimeException {

    private final int code;
    private final String reason;

    /** @param request what was sent ({@code GET https://.../api/v1/nodes}) */
    public KubeApiException(String request, int code, String reason, Throwable cause) {
        super(request + ": " + (code <= 0 ? "no answer" : "HTTP " + code) + ": " + reason, cause);
        this.code = code;
        this.reason = reason;
    }

    /** The server's message (a Status body's {@code message}), or why no answer came. */
    public String reason() { return reason; }

    /** The HTTP status, or 0 when no answer came. */
    public int code() { return code; }
}
