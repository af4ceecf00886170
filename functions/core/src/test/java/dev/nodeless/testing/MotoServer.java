package dev.nodeless.testing;

import dev.nodeless.aws.AwsClients;
import java.io.File;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * One real {@code moto_server} (moto 5.2, an AWS emulator) per test JVM, on a free loopback port, stopped when
 * the JVM exits. Tests call {@link #reset()} before each case. The fake key below is moto's documented test
 * credential: it only satisfies SigV4 signing against the emulator; production uses the Lambda role.
 */
public final class MotoServer {

    private static MotoServer instance;

    private final Process process;
    private final URI endpoint;
    private final HttpClient http = HttpClient.newHttpClient();

    private MotoServer(Process process, URI endpoint) {
        this.process = process;
        this.endpoint = endpoint;
    }

    /**
     * Starts moto_server on first use. When it is not installed the calling test is skipped with that reason on a
     * developer's machine, and fails in CI (env {@code CI} set), so CI can never pass without the emulator.
     */
    public static synchronized MotoServer get() {
        if (instance == null) {
            ExternalTool.require("moto_server", "pip install 'moto[server]==5.2.*'");
            instance = start();
        }
        return instance;
    }

    public URI endpoint() { return endpoint; }

    /**
     * The moto server, with moto's documented dummy key pair set where the SDK's default credential chain reads it
     * (system properties), so code that builds its clients as in production (no explicit credentials) reaches moto.
     */
    public static MotoServer forDefaultCredentialChain() {
        System.setProperty("aws.accessKeyId", "testing");
        System.setProperty("aws.secretAccessKey", "testing");
        return get();
    }

    public AwsClients clients(String region) {
        return new AwsClients(region, Optional.of(endpoint),
                StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")));
    }

    /** Forgets every resource (POST /moto-api/reset). */
    public void reset() {
        post("/moto-api/reset", "");
    }

    /** Lets moto's Step Functions interpreter really execute ASL. */
    public void enableStepFunctionsExecution() {
        post("/moto-api/config", "{\"stepfunctions\": {\"execute_state_machine\": true}}");
    }

    public String post(String path, String json) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(endpoint.resolve(path))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() >= 300) throw new IllegalStateException("moto " + path + " answered " + r.statusCode() + ": " + r.body());
            return r.body();
        } catch (IOException e) {
            throw new IllegalStateException("calling moto " + path, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static MotoServer start() {
        int port = freePort();
        ProcessBuilder pb = new ProcessBuilder("moto_server", "-H", "127.0.0.1", "-p", String.valueOf(port))
                .redirectErrorStream(true)
                .redirectOutput(new File(System.getProperty("java.io.tmpdir"), "moto-" + port + ".log"));
        // AWS managed policies (AmazonEKSClusterPolicy, ...) exist in moto's IAM only with this switch; the bootstrap
        // attaches them, so without it AttachRolePolicy answers NoSuchEntity. Costs about a second per reset.
        pb.environment().put("MOTO_IAM_LOAD_MANAGED_POLICIES", "true");
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new IllegalStateException("moto_server is not on PATH (pip install 'moto[server]'; see README, Test)", e);
        }
        URI endpoint = URI.create("http://127.0.0.1:" + port);
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) throw new IllegalStateException("moto_server exited with " + p.exitValue());
            try {
                HttpURLConnection c = (HttpURLConnection) endpoint.resolve("/moto-api/data.json").toURL().openConnection();
                c.setConnectTimeout(500);
                if (c.getResponseCode() == 200) {
                    MotoServer server = new MotoServer(p, endpoint);
                    Runtime.getRuntime().addShutdownHook(new Thread(p::destroy));
                    return server;
                }
            } catch (IOException notYet) {
                // still starting
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        p.destroy();
        throw new IllegalStateException("moto_server did not answer on " + endpoint + " within 60 s");
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
