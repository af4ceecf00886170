package dev.nodeless.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * The HttpURLConnection transport against a JDK HTTP server that records what arrives (moto does not check SigV4 and
 * cannot be asked for a 4xx body of our choosing): the signed headers and body arrive, an error's status, headers and
 * body come back, the connection is kept alive between calls, and no answer is a retryable failure naming the step.
 */
class SignedHttpTest {

    private static final StaticCredentialsProvider CREDS = StaticCredentialsProvider.create(
            AwsSessionCredentials.create("ASIAEXAMPLE", "secretExample", "tokenExample")); // test-only, never sent to AWS

    private HttpServer server;
    private final List<String> received = new CopyOnWriteArrayList<>();
    private final Set<Integer> clientPorts = ConcurrentHashMap.newKeySet();

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", ex -> {
            clientPorts.add(ex.getRemoteAddress().getPort());
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            received.add(ex.getRequestMethod() + " " + ex.getRequestURI() + " auth=" + ex.getRequestHeaders().getFirst("Authorization")
                    + " sha=" + ex.getRequestHeaders().getFirst("x-amz-content-sha256") + " token=" + ex.getRequestHeaders().getFirst("X-Amz-Security-Token")
                    + " type=" + ex.getRequestHeaders().getFirst("Content-Type") + " body=" + body);
            boolean refuse = ex.getRequestURI().getPath().contains("refuse");
            byte[] answer = (refuse ? "{\"__type\":\"AccessDenied\"}" : "{\"ok\":true}").getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("x-amzn-ErrorType", refuse ? "AccessDeniedException:http://internal" : "none");
            ex.sendResponseHeaders(refuse ? 403 : 200, answer.length);
            try (var out = ex.getResponseBody()) { out.write(answer); }
        });
        server.start();
    }

    @AfterEach
    void stop() { server.stop(0); }

    private SignedHttp.Request post(String path) {
        return SignedHttp.Request.of("POST", URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path),
                "Content-Type", "application/x-amz-json-1.0");
    }

    @Test
    void signedPost_arrivesWithItsSignatureAndBody_andTheConnectionIsReused() {
        SignedHttp.Answer first = SignedHttp.send(SignedHttp.URL_CONNECTION, CREDS, "eu-west-1", "dynamodb", post("/"), "{\"a\":1}", "reading");
        SignedHttp.Answer second = SignedHttp.send(SignedHttp.URL_CONNECTION, CREDS, "eu-west-1", "dynamodb", post("/"), "{\"a\":2}", "reading");

        assertThat(first.status()).isEqualTo(200);
        assertThat(new String(first.body(), StandardCharsets.UTF_8)).isEqualTo("{\"ok\":true}");
        assertThat(second.header("X-AMZN-ERRORTYPE")).contains("none");
        assertThat(received).hasSize(2);
        assertThat(received.get(0)).startsWith("POST / auth=AWS4-HMAC-SHA256 Credential=ASIAEXAMPLE/")
                .contains("/eu-west-1/dynamodb/aws4_request, SignedHeaders=content-type;host;x-amz-content-sha256;x-amz-date;x-amz-security-token, Signature=")
                .contains(" sha=" + SigV4.sha256Hex("{\"a\":1}".getBytes(StandardCharsets.UTF_8)))
                .contains(" token=tokenExample type=application/x-amz-json-1.0 body={\"a\":1}");
        assertThat(clientPorts).as("one kept-alive connection for both calls").hasSize(1);
    }

    @Test
    void refusal_comesBackWithStatusHeadersAndBody() {
        SignedHttp.Answer answer = SignedHttp.send(SignedHttp.URL_CONNECTION, CREDS, "eu-west-1", "eks",
                SignedHttp.Request.of("GET", URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/clusters/refuse")),
                null, "describing");

        assertThat(answer.status()).isEqualTo(403);
        assertThat(answer.header("x-amzn-errortype")).contains("AccessDeniedException:http://internal");
        assertThat(new String(answer.body(), StandardCharsets.UTF_8)).contains("AccessDenied");
        assertThat(received.get(0)).startsWith("GET /clusters/refuse auth=AWS4-HMAC-SHA256").contains(" sha=" + SigV4.sha256Hex(null)).endsWith("body=");
    }

    @Test
    void noAnswer_isRetryable_andNamesTheStep() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) { closed = s.getLocalPort(); }
        SignedHttp.Request request = SignedHttp.Request.of("POST", URI.create("http://127.0.0.1:" + closed + "/"));

        assertThatThrownBy(() -> SignedHttp.send(SignedHttp.URL_CONNECTION, CREDS, "eu-west-1", "dynamodb", request, "{}", "reading the registry"))
                .isInstanceOf(RetryableStepException.class).hasMessageStartingWith("reading the registry: ");
    }

    @Test
    void request_refusesAQuery_andReplacesHeadersWhateverTheirCase() {
        assertThatThrownBy(() -> SignedHttp.Request.of("GET", URI.create("https://eks.eu-west-1.amazonaws.com/clusters?x=1")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no query");
        assertThatThrownBy(() -> SignedHttp.Request.of("GET", URI.create("https://e/"), "Accept")).isInstanceOf(IllegalArgumentException.class);
        SignedHttp.Request r = SignedHttp.Request.of("GET", URI.create("https://e/"), "x-amz-date", "old", "Accept", "a")
                .with(java.util.Map.of("X-Amz-Date", "new"));
        assertThat(r.headers()).containsOnlyKeys("Accept", "X-Amz-Date");
        assertThat(r.header("x-amz-date")).contains("new");
    }
}
