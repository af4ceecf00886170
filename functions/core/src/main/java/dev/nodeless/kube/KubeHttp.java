package dev.nodeless.kube;

import dev.nodeless.aws.X25519First;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Base64;
import java.util.Locale;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/**
 * HTTP/1.1 to one Kubernetes API server over one kept-alive socket: TLS trusting only the cluster CA (with hostname
 * verification), a bearer token asked of {@code tokens} on every request. Written on the JDK's socket and TLS classes,
 * which the AWS SDK's url-connection client loads anyway, instead of the JDK HttpClient (~300 classes on a cold start)
 * or {@code HttpURLConnection} (which refuses PATCH, and a node label is a merge patch). One request at a time per
 * instance ({@code synchronized}): a maintenance step sends its requests in sequence.
 *
 * <p>An answer is read whole: {@code Content-Length} or chunked; the connection is kept unless the server says
 * {@code Connection: close}. A kept connection the server closed meanwhile fails before any answer byte: the request
 * is sent once more on a new connection (the server never saw it complete).
 *
 * <p>The request timeout bounds the whole exchange (connect, handshake, request, answer), not each read: a server that
 * drips its answer a byte at a time fails at the deadline like one that never answers. (Writes are not bounded: a
 * request is a few kilobytes, which the socket's send buffer takes whole.)
 */
public final class KubeHttp implements KubeRest.Transport {

    private final String host;
    private final int port;
    private final boolean tls;
    private final String basePath;
    private final SSLContext ssl;
    private final Supplier<String> tokens;
    private final int connectTimeoutMillis;
    private final long requestTimeoutMillis;
    private Socket socket;
    private InputStream in;
    /** {@link System#nanoTime()} by which the current request must have its whole answer. */
    private long deadline;

    /**
     * @param url    the API server ({@code https://...}; {@code http://} only for a local emulator)
     * @param caData the CA as DescribeCluster gives it (base64 of the PEM); null only with http
     * @param tokens the bearer token for each request; null sends none (a local emulator)
     */
    public KubeHttp(String url, String caData, Supplier<String> tokens, Duration requestTimeout) {
        URI uri = URI.create(url);
        this.tls = "https".equals(uri.getScheme());
        if (!tls && !"http".equals(uri.getScheme())) throw new IllegalArgumentException("Kubernetes API URL must be http(s), got " + url);
        if (tls && (caData == null || caData.isBlank())) throw new IllegalArgumentException("Kubernetes API " + url + ": the CA is missing");
        this.host = uri.getHost();
        this.port = uri.getPort() > 0 ? uri.getPort() : tls ? 443 : 80;
        this.basePath = uri.getRawPath() == null ? "" : uri.getRawPath().replaceAll("/+$", "");
        this.ssl = tls ? trusting(caData) : null;
        this.tokens = tokens;
        this.requestTimeoutMillis = requestTimeout.toMillis();
        this.connectTimeoutMillis = (int) Math.min(requestTimeout.toMillis(), 10_000);
    }

    /** An SSL context whose only trust anchors are the certificates of {@code caData} (the cluster CA, as fabric8 did). */
    static SSLContext trusting(String caData) {
        try {
            byte[] pem = Base64.getMimeDecoder().decode(caData);
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int i = 0;
            for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(new java.io.ByteArrayInputStream(pem))) {
                store.setCertificateEntry("ca-" + i++, c);
            }
            if (i == 0) throw new IllegalArgumentException("the cluster CA data holds no certificate");
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(store);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalArgumentException("the cluster CA data is not a readable certificate: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized KubeRest.Answer send(String method, String target, String accept, String contentType, byte[] body) throws IOException {
        boolean reused = socket != null;
        deadline = System.nanoTime() + requestTimeoutMillis * 1_000_000L;
        try {
            try {
                return exchange(method, target, accept, contentType, body);
            } catch (StaleConnection e) {
                if (!reused) throw new IOException("the API server closed the connection before answering", e);
                return exchange(method, target, accept, contentType, body); // on a new connection
            }
        } catch (IOException | RuntimeException e) { // a half-read answer leaves the connection unusable
            close();
            throw e;
        }
    }

    /** Failed on a kept connection before the first byte of the answer. */
    private static final class StaleConnection extends IOException {
        StaleConnection(Throwable cause) { super(cause); }
    }

    private KubeRest.Answer exchange(String method, String target, String accept, String contentType, byte[] body) throws IOException {
        if (socket == null) open();
        StringBuilder head = new StringBuilder(256).append(method).append(' ').append(basePath).append(target).append(" HTTP/1.1\r\n")
                .append("Host: ").append(host).append(port == (tls ? 443 : 80) ? "" : ":" + port).append("\r\n")
                .append("User-Agent: nodeless-maintenance\r\n");
        if (accept != null) head.append("Accept: ").append(accept).append("\r\n");
        String token = tokens == null ? null : tokens.get();
        if (token != null) head.append("Authorization: Bearer ").append(token).append("\r\n");
        if (body != null) head.append("Content-Type: ").append(contentType).append("\r\nContent-Length: ").append(body.length).append("\r\n");
        else if (!"GET".equals(method)) head.append("Content-Length: 0\r\n");
        head.append("\r\n");
        int first;
        try {
            OutputStream out = socket.getOutputStream();
            out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            if (body != null) out.write(body);
            out.flush();
            first = in.read();
            if (first < 0) throw new EOFException("end of stream");
        } catch (SocketTimeoutException e) { // the server has the request and is slow: not a dropped connection
            throw e;
        } catch (IOException e) {
            close();
            throw new StaleConnection(e);
        }
        String status = (char) first + line();
        String[] parts = status.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) throw new IOException("not an HTTP answer: " + status);
        int code = Integer.parseInt(parts[1]);
        long length = -1;
        boolean chunked = false;
        boolean keep = !parts[0].equals("HTTP/1.0");
        String retryAfter = null;
        for (String h = line(); !h.isEmpty(); h = line()) {
            int colon = h.indexOf(':');
            if (colon < 0) continue;
            String name = h.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = h.substring(colon + 1).trim();
            switch (name) {
                case "content-length" -> length = Long.parseLong(value);
                case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
                case "connection" -> keep = !value.equalsIgnoreCase("close");
                case "retry-after" -> retryAfter = value;
                default -> { }
            }
        }
        byte[] answer;
        if ("HEAD".equals(method) || code == 204 || code == 304) answer = new byte[0];
        else if (chunked) answer = chunks();
        else if (length >= 0) answer = in.readNBytes(Math.toIntExact(length));
        else {
            answer = in.readAllBytes();
            keep = false;
        }
        if (length >= 0 && answer.length < length) throw new EOFException("the answer ended after " + answer.length + " of " + length + " bytes");
        if (!keep) close();
        return new KubeRest.Answer(code, new String(answer, StandardCharsets.UTF_8), retryAfter);
    }

    /**
     * Connects (and for https shakes hands) within the request's deadline. The handshake offers X25519 only where the
     * JVM can restrict it ({@link X25519First}: the P-256 key share the JDK adds costs ~0.18 s of a cold start); a
     * server that refuses that handshake gets one more with the JDK defaults, which this client keeps from then on.
     */
    private void open() throws IOException {
        Socket s = tls ? X25519First.withFallback(host + ":" + port, this::connect) : connect(false);
        socket = s;
        in = new BufferedInputStream(new UntilDeadline(s), 16 * 1024);
    }

    private Socket connect(boolean x25519Only) throws IOException {
        Socket s = tls ? ssl.getSocketFactory().createSocket() : new Socket();
        try {
            s.connect(new InetSocketAddress(host, port), Math.min(connectTimeoutMillis, remainingMillis()));
            s.setSoTimeout(remainingMillis()); // the handshake's reads
            s.setTcpNoDelay(true);
            if (s instanceof SSLSocket t) {
                if (x25519Only) X25519First.restrict(t);
                SSLParameters p = t.getSSLParameters();
                p.setEndpointIdentificationAlgorithm("HTTPS"); // the certificate must name this host
                t.setSSLParameters(p);
                t.startHandshake();
            }
            return s;
        } catch (IOException e) {
            s.close();
            throw X25519First.setUpFailure(e, x25519Only);
        }
    }

    /** Milliseconds left until the deadline (at least 1); a {@link SocketTimeoutException} once it has passed. */
    private int remainingMillis() throws SocketTimeoutException {
        long left = (deadline - System.nanoTime()) / 1_000_000;
        if (left <= 0) throw pastDeadline(null);
        return (int) Math.min(left, Integer.MAX_VALUE);
    }

    private SocketTimeoutException pastDeadline(SocketTimeoutException cause) {
        SocketTimeoutException e = new SocketTimeoutException("no whole answer within the request timeout of " + requestTimeoutMillis + " ms");
        if (cause != null) e.initCause(cause);
        return e;
    }

    /** The socket's input, each read allowed only the time left until the request's deadline. */
    private final class UntilDeadline extends FilterInputStream {
        private final Socket socket;

        UntilDeadline(Socket socket) throws IOException {
            super(socket.getInputStream());
            this.socket = socket;
        }

        @Override
        public int read() throws IOException {
            socket.setSoTimeout(remainingMillis());
            try {
                return super.read();
            } catch (SocketTimeoutException e) {
                throw pastDeadline(e);
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            socket.setSoTimeout(remainingMillis());
            try {
                return super.read(b, off, len);
            } catch (SocketTimeoutException e) {
                throw pastDeadline(e);
            }
        }
    }

    private byte[] chunks() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while (true) {
            String size = line();
            int semi = size.indexOf(';');
            int n = Integer.parseInt((semi < 0 ? size : size.substring(0, semi)).trim(), 16);
            if (n == 0) {
                while (!line().isEmpty()) { } // trailers
                return out.toByteArray();
            }
            byte[] chunk = in.readNBytes(n);
            if (chunk.length < n) throw new EOFException("a chunk ended early");
            out.write(chunk);
            line();
        }
    }

    private String line() throws IOException {
        StringBuilder b = new StringBuilder();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) throw new EOFException("the answer ended in its head");
            if (c != '\r') b.append((char) c);
        }
        return b.toString();
    }

    @Override
    public synchronized void close() {
        if (socket == null) return;
        try {
            socket.close();
        } catch (IOException ignored) { // closing: nothing left to do with it
        }
        socket = null;
        in = null;
    }
}
