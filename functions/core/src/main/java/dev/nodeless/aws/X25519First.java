package dev.nodeless.aws;

import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.net.InetAddress;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * An X25519-only key share for the project's own TLS connections, per socket, with the JDK defaults as the fallback.
 *
 * <p>Why: the JDK client sends two key shares in its ClientHello (the first XDH and the first ECDHE group of its list),
 * and the P-256 one runs a static initialiser that computes a table of generator multiples in the interpreter, about
 * 0.18 s of a cold start, for a share servers that speak X25519 (EKS, the AWS endpoints we reach) then ignore
 * (docs/measurements.md, the cold-start timeline). Limiting a socket's named groups to {@code x25519} sends only the
 * X25519 share. {@code SSLParameters.setNamedGroups} exists from Java 20 (our sources are Java 17; Lambda runs 21), so it
 * is called through a method handle and, where absent, sockets keep the JDK defaults. A server that does not offer
 * X25519 (a FIPS endpoint) fails that handshake; {@link #withFallback} then connects once more with the JDK defaults
 * ({@link #retryWithDefaults}) and remembers the host so later connections to it skip the X25519-only try.
 * Never JVM-wide: no system property is set.
 */
public final class X25519First {

    private static final MethodHandle SET_NAMED_GROUPS = find();
    private static final String[] X25519 = {"x25519"};
    /** Hosts (host:port) whose server refused an X25519-only handshake: they get the JDK defaults from then on. */
    private static final Set<String> REFUSED = ConcurrentHashMap.newKeySet();

    private X25519First() {}

    private static MethodHandle find() {
        try {
            return MethodHandles.publicLookup().findVirtual(SSLParameters.class, "setNamedGroups",
                    MethodType.methodType(void.class, String[].class));
        } catch (NoSuchMethodException | IllegalAccessException e) {
            return null; // before Java 20: the JDK's defaults
        }
    }

    /** Whether this JVM can restrict a socket's named groups (Java 20+). */
    public static boolean available() {
        return SET_NAMED_GROUPS != null;
    }

    /** Whether a connection to {@code hostPort} should try X25519 only (available, and its server has not refused it). */
    public static boolean wanted(String hostPort) {
        return available() && !REFUSED.contains(hostPort);
    }

    /** One connection set-up (TCP and handshake), X25519 only when {@code x25519Only}, else with the JDK defaults. */
    @FunctionalInterface
    public interface Attempt<T> {
        T run(boolean x25519Only) throws IOException;
    }

    /**
     * {@code attempt} with X25519 only where {@link #wanted}; when that set-up is {@link Refused}, once more with the
     * JDK defaults, which {@code hostPort} keeps from then on. The one place of this fallback for KubeHttp and SignedHttp.
     */
    public static <T> T withFallback(String hostPort, Attempt<T> attempt) throws IOException {
        if (!wanted(hostPort)) return attempt.run(false);
        try {
            return attempt.run(true);
        } catch (Refused e) {
            REFUSED.add(hostPort);
            return attempt.run(false);
        }
    }

    /** An X25519-only set-up that failed before any request byte was sent, in a way the JDK defaults may not. */
    public static final class Refused extends IOException {
        Refused(IOException cause) {
            super(cause);
        }
    }

    /**
     * What an {@link Attempt} throws when its set-up failed with {@code failure}: {@link Refused} when it tried X25519
     * only and the failure is worth one more try ({@link #retryWithDefaults}), else {@code failure} itself.
     */
    public static IOException setUpFailure(IOException failure, boolean x25519Only) {
        return x25519Only && retryWithDefaults(failure) ? new Refused(failure) : failure;
    }

    /** Test support: forgets the refusals remembered so far. */
    public static void forget() {
        REFUSED.clear();
    }

    /** Limits {@code socket}'s named groups to X25519 (before its handshake); a no-op where the JVM cannot. */
    public static void restrict(SSLSocket socket) {
        if (SET_NAMED_GROUPS == null) return;
        SSLParameters p = socket.getSSLParameters();
        try {
            SET_NAMED_GROUPS.invoke(p, (Object) X25519.clone());
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("SSLParameters.setNamedGroups: " + e, e);
        }
        socket.setSSLParameters(p);
    }

    /**
     * Whether {@code failure} of a handshake tried with X25519 only is worth one more try with the JDK defaults: a TLS
     * failure (the server's alert: a JDK server offering P-256 only answers an X25519-only hello with
     * {@code unexpected_message}, others with {@code handshake_failure}), not a connection or timeout failure, nor a
     * certificate this client refused (which the JDK defaults would refuse as well). Callers ask this only of a failure
     * of the connection's set-up (TCP and handshake), before any request byte was sent. A server that closes the
     * connection on the hello without an alert is covered too (the JDK reports that as an {@code SSLHandshakeException}),
     * and so is one that resets it (a {@code SocketException}); a refused TCP connection ({@code ConnectException}) and
     * a timeout are not, since the JDK defaults would meet them as well.
     */
    private static boolean retryWithDefaults(IOException failure) {
        boolean reset = failure instanceof java.net.SocketException && !(failure instanceof java.net.ConnectException);
        if (!(failure instanceof javax.net.ssl.SSLException) && !reset) return false;
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof java.security.cert.CertificateException) return false; // the certificate, not the group
        }
        return true;
    }

    /**
     * The JVM's default {@link SSLSocketFactory} (the one {@link HttpsURLConnection} uses) with every socket it makes
     * restricted to X25519; null where the JVM cannot restrict. One instance, so the JDK's keep-alive cache (keyed by
     * the factory) reuses its connections.
     */
    public static SSLSocketFactory defaultFactory() {
        if (SET_NAMED_GROUPS == null) return null;
        SSLSocketFactory current = HttpsURLConnection.getDefaultSSLSocketFactory();
        Restricting r = defaultRestricting;
        if (r == null || r.delegate != current) defaultRestricting = r = new Restricting(current); // follows a changed default
        return r;
    }

    private static volatile Restricting defaultRestricting;

    private static final class Restricting extends SSLSocketFactory {
        private final SSLSocketFactory delegate;

        Restricting(SSLSocketFactory delegate) {
            this.delegate = delegate;
        }

        private static Socket restricted(Socket s) {
            if (s instanceof SSLSocket ssl) restrict(ssl);
            return s;
        }

        @Override public String[] getDefaultCipherSuites() { return delegate.getDefaultCipherSuites(); }
        @Override public String[] getSupportedCipherSuites() { return delegate.getSupportedCipherSuites(); }
        @Override public Socket createSocket() throws IOException { return restricted(delegate.createSocket()); }
        @Override public Socket createSocket(Socket s, String host, int port, boolean autoClose) throws IOException {
            return restricted(delegate.createSocket(s, host, port, autoClose));
        }
        @Override public Socket createSocket(Socket s, InputStream consumed, boolean autoClose) throws IOException {
            return restricted(delegate.createSocket(s, consumed, autoClose));
        }
        @Override public Socket createSocket(String host, int port) throws IOException {
            return restricted(delegate.createSocket(host, port));
        }
        @Override public Socket createSocket(String host, int port, InetAddress local, int localPort) throws IOException {
            return restricted(delegate.createSocket(host, port, local, localPort));
        }
        @Override public Socket createSocket(InetAddress host, int port) throws IOException {
            return restricted(delegate.createSocket(host, port));
        }
        @Override public Socket createSocket(InetAddress address, int port, InetAddress local, int localPort) throws IOException {
            return restricted(delegate.createSocket(address, port, local, localPort));
        }
    }
}
