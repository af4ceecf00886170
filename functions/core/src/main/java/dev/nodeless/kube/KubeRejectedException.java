package dev.nodeless.kube;

/**
 * The Kubernetes API refused an object or a request for a reason retrying will not fix (400 invalid, 403
 * forbidden, 404 unknown kind, 422 validation). The message names the object and carries the API's reason,
 * and the step fails instead of retrying.
 */
public class KubeRejectedException extends RuntimeException {
    public KubeRejectedException(String message) { super(message); }
    public KubeRejectedException(String message, Throwable cause) { super(message, cause); }
}
