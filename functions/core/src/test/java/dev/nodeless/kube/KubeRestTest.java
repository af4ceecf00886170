package dev.nodeless.kube;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * KubeRest's retry pause against a server's {@code Retry-After}. A JDK HttpServer plays the API server: the fabric8 mock
 * server in CRUD mode (KubeEmulator) never answers 429, so it cannot send the header under test.
 */
class KubeRestTest {

    @Test
    @org.junit.jupiter.api.Timeout(30) // without the cap it would wait the hour
    void retryAfter_isHonouredUpToTheCap_notBeyond() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", ex -> {
            ex.getRequestBody().readAllBytes();
            if (calls.incrementAndGet() == 1) {
                ex.getResponseHeaders().add("Retry-After", "3600"); // an hour: far past any Lambda timeout
                ex.sendResponseHeaders(429, -1);
            } else {
                byte[] body = "{\"kind\":\"NodeList\"}".getBytes(StandardCharsets.UTF_8);
                ex.sendResponseHeaders(200, body.length);
                ex.getResponseBody().write(body);
            }
            ex.close();
        });
        server.start();
        String url = "http://127.0.0.1:" + server.getAddress().getPort();
        long started = System.nanoTime();
        try (KubeRest rest = new KubeRest(new KubeHttp(url, null, null, Duration.ofSeconds(5)), 2, Duration.ofMillis(10),
                Duration.ofMillis(400), url)) {
            assertThat(rest.get("/api/v1/nodes", KubeRest.JSON_TYPE).path("kind").asText()).isEqualTo("NodeList");
        } finally {
            server.stop(0);
        }
        long waited = (System.nanoTime() - started) / 1_000_000;
        assertThat(calls.get()).isEqualTo(2);
        assertThat(waited).as("waited the cap (400 ms), not the hour asked for").isBetween(400L, 3_000L);
    }

    @Test
    void retryAfterMillis_readsSeconds_capsThem_andIgnoresWhatIsNotSeconds() {
        Duration cap = KubeRest.MAX_RETRY_AFTER;
        assertThat(KubeRest.retryAfterMillis("2", cap)).isEqualTo(2_000);
        assertThat(KubeRest.retryAfterMillis("3600", cap)).isEqualTo(cap.toMillis());
        assertThat(KubeRest.retryAfterMillis("99999999999999999999999", cap)).as("no overflow, no NumberFormatException").isEqualTo(cap.toMillis());
        assertThat(KubeRest.retryAfterMillis("Wed, 21 Oct 2026 07:28:00 GMT", cap)).as("an HTTP-date is ignored").isZero();
        assertThat(KubeRest.retryAfterMillis("-5", cap)).isZero();
        assertThat(KubeRest.retryAfterMillis("", cap)).isZero();
        assertThat(KubeRest.retryAfterMillis(null, cap)).isZero();
        assertThat(cap).as("a few seconds: two retries stay far inside the maintenance Lambda's timeout").isLessThanOrEqualTo(Duration.ofSeconds(5));
    }
}
