package dev.nodeless.bootstrap;

/**
 * A webhook's serving certificate as PEM text: the CA that signed it (the webhook configurations' caBundle), the
 * certificate and its key. The AWS Load Balancer Controller chart makes a new one on every render unless given one, so
 * the Kubernetes phase reads the one the cluster already has and renders with it: a re-run then changes nothing.
 */
public record WebhookCertificate(String caCert, String cert, String key) {

    @Override
    public String toString() {
        return "WebhookCertificate[key redacted]"; // never log the private key
    }
}
