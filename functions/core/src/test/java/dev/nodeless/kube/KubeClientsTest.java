package dev.nodeless.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * Real fabric8 client against the fabric8 mock server in CRUD mode over HTTPS with its self-signed
 * certificate, so the CA handling and the bearer token are exercised on the wire.
 */
class KubeClientsTest {

    private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");
    private KubernetesMockServer server;

    @BeforeEach
    void start() {
        server = KubeMocks.crud(true);
    }

    @AfterEach
    void stop() { server.destroy(); }

    @Test
    void client_trustsTheClusterCa_andSendsAFreshEksTokenAsBearer() throws Exception {
        SteppedClock clock = new SteppedClock(T0);
        EksToken tokens = new EksToken(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "secretExample")), "eu-west-1", clock);
        var endpoint = new ClusterEndpoint("demo", server.url("/").replaceAll("/$", ""), caOfMockServer());

        try (KubernetesClient client = KubeClients.connect(endpoint, new RefreshingEksToken(tokens, "demo", clock)::getToken, KubeClients.Options.DEFAULT)) {
            client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("karpenter").endMetadata().build()).create();
            clock.advance(Duration.ofMinutes(14));
            assertThat(client.namespaces().withName("karpenter").get()).isNotNull();
        }

        List<String> auth = KubeMocks.drain(server).stream().map(r -> r.getHeader("Authorization")).toList();
        assertThat(auth).hasSize(2).allSatisfy(h -> assertThat(h).startsWith("Bearer k8s-aws-v1."));
        assertThat(EksTokenTest.query(EksTokenTest.decode(auth.get(0).substring(7)))).containsEntry("X-Amz-Date", "20260301T120000Z");
        assertThat(EksTokenTest.query(EksTokenTest.decode(auth.get(1).substring(7)))).containsEntry("X-Amz-Date", "20260301T121400Z");
    }

    @Test
    void client_rejectsAServerNotSignedByTheClusterCa() throws Exception {
        var wrongCa = Base64.getEncoder().encodeToString(otherCertificatePem().getBytes(StandardCharsets.US_ASCII));
        var endpoint = new ClusterEndpoint("demo", server.url("/").replaceAll("/$", ""), wrongCa);

        try (KubernetesClient client = KubeClients.connect(endpoint, () -> "k8s-aws-v1.x", new KubeClients.Options(Duration.ofSeconds(5), 0))) {
            assertThatThrownBy(() -> client.namespaces().withName("karpenter").get())
                    .isInstanceOf(KubernetesClientException.class)
                    .hasStackTraceContaining("PKIX");
        }
    }

    @Test
    void endpoint_mustBeHttpsWithCa() {
        assertThatThrownBy(() -> new ClusterEndpoint("demo", "http://x", "Y2E=")).hasMessageContaining("must be https");
        assertThatThrownBy(() -> new ClusterEndpoint("demo", "https://x", "")).hasMessageContaining("certificate authority");
    }

    private String caOfMockServer() throws Exception {
        byte[] pem = Files.readAllBytes(Path.of(server.getSelfSignedCertificate().certificatePath()));
        return Base64.getEncoder().encodeToString(pem);
    }

    /** A second self-signed certificate: valid PEM, but not the one the mock server presents. */
    private static String otherCertificatePem() throws Exception {
        return Files.readString(Path.of(io.vertx.core.net.SelfSignedCertificate.create("localhost").certificatePath()));
    }
}
