package dev.nodeless.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.nodeless.kube.emulator.KubeEmulator;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The maintenance path's HTTP client: TLS trusting only the cluster CA, the bearer token, answers chunked or not, one kept connection. */
class KubeHttpTest {

    @Test
    void https_trustsTheGivenCa_andReadsTheApi() {
        try (KubeEmulator kube = new KubeEmulator(true); KubeRest rest = kube.rest()) {
            kube.client().resource(dev.nodeless.testing.KubeFixtures.pausePods(3)).create();
            assertThat(rest.get("/apis/apps/v1/namespaces/nodeless/deployments/pause-pods", KubeRest.JSON_TYPE).path("spec").path("replicas").asInt())
                    .isEqualTo(3);
            assertThat(rest.getOrNull("/apis/apps/v1/namespaces/nodeless/deployments/other", KubeRest.JSON_TYPE)).as("404").isNull();
        }
    }

    @Test
    void https_refusesAServerWhoseCertificateTheCaDidNotSign_withNoAnswer() {
        try (KubeEmulator kube = new KubeEmulator(true); KubeEmulator other = new KubeEmulator(true);
             KubeRest rest = KubeRest.connect(kube.url(), other.caData(), () -> "t", new KubeClients.Options(Duration.ofSeconds(5), 0))) {
            assertThatThrownBy(() -> rest.get("/api/v1/nodes", KubeRest.JSON_TYPE)).isInstanceOfSatisfying(KubeApiException.class,
                    e -> assertThat(e.code()).as("no answer: the handshake failed").isZero());
            assertThat(kube.requests()).as("nothing reached the server").isEmpty();
        }
    }

    @Test
    void sendsTheBearerTokenAskedForEachRequest_readsChunkedAnswers_onOneKeptConnection() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        List<String> seen = new CopyOnWriteArrayList<>();
        server.createContext("/", ex -> {
            seen.add(ex.getRequestMethod() + " " + ex.getRequestURI() + " " + ex.getRequestHeaders().getFirst("Authorization") + " "
                    + ex.getRequestHeaders().getFirst("Content-Type") + " " + new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)
                    + " from " + ex.getRemoteAddress().getPort());
            byte[] body = "{\"kind\":\"Node\",\"metadata\":{\"name\":\"n1\"}}".getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, 0); // 0: chunked
            ex.getResponseBody().write(body);
            ex.close();
        });
        server.start();
        AtomicInteger token = new AtomicInteger();
        String url = "http://127.0.0.1:" + server.getAddress().getPort();
        try (KubeRest rest = KubeRest.connect(url, null, () -> "k8s-aws-v1." + token.incrementAndGet(), KubeClients.Options.DEFAULT)) {
            assertThat(rest.get("/api/v1/nodes/n1", KubeRest.JSON_TYPE).path("metadata").path("name").asText()).isEqualTo("n1");
            var patch = KubeRest.json().createObjectNode();
            patch.putObject("metadata").putObject("labels").put("a", "b");
            rest.send("PATCH", "/api/v1/nodes/n1", KubeRest.MERGE_PATCH, patch);
        } finally {
            server.stop(0);
        }
        assertThat(seen).hasSize(2);
        assertThat(seen.get(0)).startsWith("GET /api/v1/nodes/n1 Bearer k8s-aws-v1.1 null ");
        assertThat(seen.get(1)).startsWith("PATCH /api/v1/nodes/n1 Bearer k8s-aws-v1.2 application/merge-patch+json {\"metadata\":{\"labels\":{\"a\":\"b\"}}}");
        assertThat(seen.get(0).substring(seen.get(0).lastIndexOf(' '))).as("the same connection").isEqualTo(seen.get(1).substring(seen.get(1).lastIndexOf(' ')));
    }

    @Test
    void aKeptConnectionTheServerClosedMeanwhile_isReopened_withoutARetryAttempt() throws Exception {
        AtomicInteger connections = new AtomicInteger();
        List<String> requests = new CopyOnWriteArrayList<>();
        try (java.net.ServerSocket server = new java.net.ServerSocket(0, 5, java.net.InetAddress.getLoopbackAddress())) {
            Thread t = new Thread(() -> {
                // answers one request per connection, keep-alive implied, then drops the connection as an idle timeout would
                while (!server.isClosed()) {
                    try (java.net.Socket s = server.accept()) {
                        connections.incrementAndGet();
                        var in = new java.io.BufferedReader(new java.io.InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1));
                        String first = in.readLine();
                        for (String h = first; h != null && !h.isEmpty(); h = in.readLine()) { }
                        requests.add(first);
                        s.getOutputStream().write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}".getBytes(StandardCharsets.ISO_8859_1));
                        s.getOutputStream().flush();
                    } catch (java.io.IOException closed) {
                        return;
                    }
                }
            });
            t.start();
            try (KubeRest rest = KubeRest.connect("http://127.0.0.1:" + server.getLocalPort(), null, null, new KubeClients.Options(Duration.ofSeconds(5), 0))) {
                rest.get("/api/v1/nodes", KubeRest.JSON_TYPE);
                Thread.sleep(100); // the server has closed the first connection by now
                assertThat(rest.get("/api/v1/pods", KubeRest.JSON_TYPE).isObject()).as("answered, though retries are 0").isTrue();
            }
        }
        assertThat(requests).containsExactly("GET /api/v1/nodes HTTP/1.1", "GET /api/v1/pods HTTP/1.1");
        assertThat(connections.get()).isEqualTo(2);
    }

    @Test
    void aServerDrippingItsAnswer_failsAtTheRequestDeadline_notAfterEachReadsTimeout() throws Exception {
        try (java.net.ServerSocket server = new java.net.ServerSocket(0, 5, java.net.InetAddress.getLoopbackAddress())) {
            Thread t = new Thread(() -> {
                try (java.net.Socket s = server.accept()) {
                    var in = new java.io.BufferedReader(new java.io.InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1));
                    for (String h = in.readLine(); h != null && !h.isEmpty(); h = in.readLine()) { }
                    var out = s.getOutputStream();
                    out.write("HTTP/1.1 200 OK\r\nContent-Length: 200\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                    for (int i = 0; i < 200; i++) { // one byte every 50 ms: each read is quick, the whole answer takes 10 s
                        out.write('x');
                        out.flush();
                        Thread.sleep(50);
                    }
                } catch (java.io.IOException | InterruptedException gone) {
                    // the client gave up and closed the connection
                }
            });
            t.setDaemon(true);
            t.start();
            long started = System.nanoTime();
            try (KubeRest rest = KubeRest.connect("http://127.0.0.1:" + server.getLocalPort(), null, null,
                    new KubeClients.Options(Duration.ofMillis(600), 0))) {
                assertThatThrownBy(() -> rest.get("/api/v1/nodes", KubeRest.JSON_TYPE)).isInstanceOfSatisfying(KubeApiException.class,
                        e -> assertThat(e.code()).as("no whole answer").isZero()).hasMessageContaining("request timeout of 600 ms");
            }
            long took = (System.nanoTime() - started) / 1_000_000;
            assertThat(took).as("about the 600 ms request timeout, not the 10 s the drip takes").isBetween(550L, 3_000L);
        }
    }
}
