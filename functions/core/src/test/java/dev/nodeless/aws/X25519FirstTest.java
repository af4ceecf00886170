package dev.nodeless.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nodeless.kube.KubeClients;
import dev.nodeless.kube.KubeRest;
import io.vertx.core.net.SelfSignedCertificate;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The X25519-only key share of the project's own TLS connections (KubeHttp, SignedHttp over HttpURLConnection) and its
 * fallback, against real JDK TLS servers on this machine restricted to one named group each: one offering X25519 only,
 * one offering P-256 only (as a FIPS endpoint might): the first handshake with the P-256 server fails and the request goes through on a second
 * with the JDK defaults. The servers need Java 20+ too (the same per-socket method), so these run on a Java 20+ test
 * JVM only ({@code -Djvm=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}; the bench's Temurin 25, Lambda's java21) and are
 * skipped on Java 17, where the code under test keeps the JDK defaults (KubeHttpTest's https cases cover that).
 */
class X25519FirstTest {

    private static SelfSignedCertificate cert;
    private static String caData;
    private SSLSocketFactory defaultBefore;

    @BeforeAll
    static void certificate() throws Exception {
        cert = SelfSignedCertificate.create("localhost");
        caData = Base64.getEncoder().encodeToString(Files.readAllBytes(Path.of(cert.certificatePath())));
    }

    @BeforeEach
    void forgetRefusals() {
        X25519First.forget();
        defaultBefore = HttpsURLConnection.getDefaultSSLSocketFactory();
    }

    @AfterEach
    void restoreDefault() {
        HttpsURLConnection.setDefaultSSLSocketFactory(defaultBefore);
        X25519First.forget();
    }

    @Test
    void availableExactlyWhereTheJdkHasPerSocketNamedGroups() {
        boolean jdkHasIt;
        try {
            MethodHandles.publicLookup().findVirtual(SSLParameters.class, "setNamedGroups", MethodType.methodType(void.class, String[].class));
            jdkHasIt = true;
        } catch (ReflectiveOperationException e) {
            jdkHasIt = false;
        }
        assertThat(X25519First.available()).isEqualTo(jdkHasIt).isEqualTo(Runtime.version().feature() >= 20);
    }

    @Test
    void kubeHttp_aServerOfferingX25519_oneHandshake() throws Throwable {
        try (TlsServer server = new TlsServer("x25519")) {
            try (KubeRest rest = rest(server)) {
                assertThat(rest.get("/api/v1/nodes", KubeRest.JSON_TYPE).path("ok").asBoolean()).isTrue();
            }
            assertThat(server.failed.get()).as("no refused handshake").isZero();
            assertThat(server.requests).containsExactly("GET /api/v1/nodes HTTP/1.1");
        }
    }

    @Test
    void kubeHttp_aServerOfferingOnlyP256_answersAfterOneRetryWithTheJdkDefaults_whichTheHostKeeps() throws Throwable {
        try (TlsServer server = new TlsServer("secp256r1")) {
            try (KubeRest rest = rest(server)) {
                assertThat(rest.get("/api/v1/nodes", KubeRest.JSON_TYPE).path("ok").asBoolean()).isTrue();
            }
            assertThat(server.failed.get()).as("the X25519-only handshake refused").isEqualTo(1);
            try (KubeRest again = rest(server)) { // a later client to the same host goes straight to the JDK defaults
                assertThat(again.get("/api/v1/pods", KubeRest.JSON_TYPE).path("ok").asBoolean()).isTrue();
            }
            assertThat(server.failed.get()).as("no second refusal").isEqualTo(1);
            assertThat(server.requests).as("each request sent once").containsExactly("GET /api/v1/nodes HTTP/1.1", "GET /api/v1/pods HTTP/1.1");
        }
    }

    @Test
    void kubeHttp_aCertificateTheCaDidNotSign_isNotRetried() throws Throwable {
        SelfSignedCertificate other = SelfSignedCertificate.create("localhost");
        try (TlsServer server = new TlsServer(other, "x25519");
             KubeRest rest = rest(server)) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> rest.get("/api/v1/nodes", KubeRest.JSON_TYPE))
                    .isInstanceOf(dev.nodeless.kube.KubeApiException.class);
            // The client throws once its side of the handshake failed; the server thread may see its side later, so wait
            // for the first connection, then give a retry (which would come before the client throws) time to show.
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (server.accepted.get() < 1 && System.nanoTime() < deadline) Thread.sleep(20);
            Thread.sleep(300);
            assertThat(server.accepted.get()).as("one connection: a refused certificate is not a group to fall back from").isEqualTo(1);
            assertThat(X25519First.wanted("localhost:" + server.port())).as("the host keeps the X25519 try").isTrue();
        }
    }

    @Test
    void kubeHttp_aServerClosingTheConnectionOnTheHello_withoutAnAlert_getsOneTryWithTheDefaults() throws Throwable {
        assertThat(connectionsWhenTheServerDropsTheHello(false))
                .as("the JDK reports the closed handshake as an SSLHandshakeException: one more try").isEqualTo(2);
    }

    @Test
    void kubeHttp_aServerResettingTheConnectionOnTheHello_getsOneTryWithTheDefaults() throws Throwable {
        assertThat(connectionsWhenTheServerDropsTheHello(true))
                .as("a TCP reset during the handshake (a SocketException, nothing of the request sent): one more try").isEqualTo(2);
    }

    /** Connections a KubeRest call makes to a server that reads the ClientHello's first bytes, then closes (or resets). */
    private static int connectionsWhenTheServerDropsTheHello(boolean reset) throws Throwable {
        org.junit.jupiter.api.Assumptions.assumeTrue(X25519First.available(), "the X25519-only hello needs Java 20+");
        X25519First.forget();
        AtomicInteger connections = new AtomicInteger();
        try (java.net.ServerSocket server = new java.net.ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            Thread t = new Thread(() -> {
                while (!server.isClosed()) {
                    try (Socket s = server.accept()) { // no TLS alert either way
                        connections.incrementAndGet();
                        s.getInputStream().read(new byte[5]);
                        if (reset) s.setSoLinger(true, 0); // close() then sends RST
                    } catch (java.io.IOException closed) {
                        return;
                    }
                }
            });
            t.setDaemon(true);
            t.start();
            try (KubeRest rest = KubeRest.connect("https://localhost:" + server.getLocalPort(), caData, () -> "t",
                    new KubeClients.Options(Duration.ofSeconds(10), 0))) {
                org.assertj.core.api.Assertions.assertThatThrownBy(() -> rest.get("/api/v1/nodes", KubeRest.JSON_TYPE))
                        .isInstanceOf(dev.nodeless.kube.KubeApiException.class);
            }
        }
        return connections.get();
    }

    @Test
    void signedHttp_overHttps_x25519ServerOnce_p256ServerAfterOneRetry_bodySentOnce() throws Throwable {
        HttpsURLConnection.setDefaultSSLSocketFactory(trusting().getSocketFactory()); // this JVM's default trusts the test certificate
        try (TlsServer x = new TlsServer("x25519"); TlsServer p256 = new TlsServer("secp256r1")) {
            for (TlsServer server : List.of(x, p256)) {
                SignedHttp.Request request = SignedHttp.Request.of("POST", URI.create("https://localhost:" + server.port() + "/"),
                        "Content-Type", "application/x-amz-json-1.0");
                SignedHttp.Answer answer = SignedHttp.URL_CONNECTION.exchange(request, "{\"a\":1}".getBytes(StandardCharsets.UTF_8));
                assertThat(answer.status()).isEqualTo(200);
                assertThat(answer.json().path("ok").asBoolean()).isTrue();
                assertThat(server.requests).as("sent once").containsExactly("POST / HTTP/1.1 {\"a\":1}");
            }
            assertThat(x.failed.get()).isZero();
            assertThat(p256.failed.get()).isEqualTo(1);
        }
    }

    private static KubeRest rest(TlsServer server) {
        return KubeRest.connect("https://localhost:" + server.port(), caData, () -> "t", new KubeClients.Options(Duration.ofSeconds(10), 0));
    }

    private static SSLContext trusting() throws Exception {
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        store.setCertificateEntry("test", readCertificate(cert));
        javax.net.ssl.TrustManagerFactory tmf = javax.net.ssl.TrustManagerFactory.getInstance(javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(store);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx;
    }

    private static Certificate readCertificate(SelfSignedCertificate c) throws Exception {
        try (var in = Files.newInputStream(Path.of(c.certificatePath()))) {
            return CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }

    /** A JDK TLS server restricted to {@code group}, answering each HTTP request with {"ok":true} and closing. */
    private static final class TlsServer implements AutoCloseable {
        final AtomicInteger failed = new AtomicInteger();
        final AtomicInteger accepted = new AtomicInteger();
        final List<String> requests = new CopyOnWriteArrayList<>();
        private final SSLServerSocket socket;
        private final Thread thread;

        TlsServer(String group) throws Throwable {
            this(cert, group);
        }

        TlsServer(SelfSignedCertificate served, String group) throws Throwable {
            org.junit.jupiter.api.Assumptions.assumeTrue(X25519First.available(),
                    "a JDK TLS server restricted to one group needs Java 20+ (run with -Djvm=<a Java 20+ java>)");
            String pem = Files.readString(Path.of(served.privateKeyPath())).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
            PrivateKey key = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(pem)));
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            store.setKeyEntry("server", key, new char[0], new Certificate[] {readCertificate(served)});
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(store, new char[0]);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf.getKeyManagers(), null, null);
            socket = (SSLServerSocket) ctx.getServerSocketFactory().createServerSocket(0, 5, InetAddress.getLoopbackAddress());
            SSLParameters p = socket.getSSLParameters();
            // the server side's per-socket named groups: through the same Java 20+ method (this test's server, not the code under test)
            MethodHandles.publicLookup().findVirtual(SSLParameters.class, "setNamedGroups", MethodType.methodType(void.class, String[].class))
                    .invoke(p, (Object) new String[] {group});
            socket.setSSLParameters(p);
            thread = new Thread(this::serve);
            thread.setDaemon(true);
            thread.start();
        }

        int port() { return socket.getLocalPort(); }

        private void serve() {
            while (!socket.isClosed()) {
                try (Socket s = socket.accept()) {
                    accepted.incrementAndGet();
                    try {
                        ((SSLSocket) s).startHandshake();
                    } catch (SSLException refused) {
                        failed.incrementAndGet();
                        continue;
                    }
                    var in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1));
                    String first = in.readLine();
                    int length = 0;
                    for (String h = in.readLine(); h != null && !h.isEmpty(); h = in.readLine()) {
                        if (h.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) length = Integer.parseInt(h.substring(15).trim());
                    }
                    char[] body = new char[length];
                    for (int read = 0; read < length; ) read += in.read(body, read, length - read);
                    requests.add(length == 0 ? first : first + " " + new String(body));
                    s.getOutputStream().write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 11\r\nConnection: close\r\n\r\n{\"ok\":true}"
                            .getBytes(StandardCharsets.ISO_8859_1));
                    s.getOutputStream().flush();
                } catch (java.io.IOException closed) {
                    if (socket.isClosed()) return;
                }
            }
        }

        @Override
        public void close() throws Exception {
            socket.close();
            thread.join(5_000);
        }
    }
}
