package dev.nodeless.kube;

import dev.nodeless.bootstrap.WebhookCertificate;
import dev.nodeless.spec.ResourceNames;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

/**
 * Reads the AWS Load Balancer Controller's webhook certificate from its Secret ({@code kube-system/aws-load-balancer-tls},
 * the chart's {@code <namePrefix>-tls}), so the next render keeps it. A missing or incomplete Secret gives {@code null}:
 * the chart then makes a new certificate, as on the first run.
 */
public final class WebhookCertificates {

    /** The chart names it after its name prefix, "aws-load-balancer" (the chart name without "-controller"). */
    public static final String LOAD_BALANCER_CONTROLLER_SECRET = "aws-load-balancer-tls";

    private WebhookCertificates() {}

    public static WebhookCertificate loadBalancerController(KubernetesClient client) {
        try {
            Secret s = client.secrets().inNamespace(ResourceNames.LOAD_BALANCER_CONTROLLER_SA.namespace()).withName(LOAD_BALANCER_CONTROLLER_SECRET).get();
            return s == null ? null : of(s.getData());
        } catch (KubernetesClientException e) {
            throw KubeFailures.classify("reading the load balancer controller's webhook certificate", e);
        }
    }

    /** From a kubernetes.io/tls Secret's data (base64 values); {@code null} unless all three are there. */
    static WebhookCertificate of(Map<String, String> data) {
        if (data == null) return null;
        String ca = pem(data.get("ca.crt")), cert = pem(data.get("tls.crt")), key = pem(data.get("tls.key"));
        return ca == null || cert == null || key == null ? null : new WebhookCertificate(ca, cert, key);
    }

    private static String pem(String base64) {
        if (base64 == null || base64.isBlank()) return null;
        try {
            return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null; // not base64: treat as absent, the chart makes a new certificate
        }
    }
}
