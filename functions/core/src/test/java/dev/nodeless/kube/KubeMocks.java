package dev.nodeless.kube;

import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** fabric8 mock servers as the tests here use them. */
final class KubeMocks {

    private KubeMocks() {}

    /** CRUD mode; {@code https} serves the mock server's self-signed certificate. */
    static KubernetesMockServer crud(boolean https) {
        return crud(https, new KubernetesCrudDispatcher());
    }

    /** CRUD mode with the given dispatcher (for example {@link SsaOnCrudDispatcher}). */
    static KubernetesMockServer crud(boolean https, KubernetesCrudDispatcher dispatcher) {
        var server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), dispatcher, https);
        server.init();
        return server;
    }

    /** Expectations mode over plain HTTP: every response is scripted by the test. */
    static KubernetesMockServer expectations() {
        var server = new KubernetesMockServer(false);
        server.init();
        return server;
    }

    /** The same client without fabric8's own retries, so a scripted 429 or 5xx reaches the code under test at once. */
    static io.fabric8.kubernetes.client.KubernetesClient withoutRetries(io.fabric8.kubernetes.client.KubernetesClient client) {
        var config = new io.fabric8.kubernetes.client.ConfigBuilder(client.getConfiguration()).withRequestRetryBackoffLimit(0).build();
        client.close();
        return new io.fabric8.kubernetes.client.KubernetesClientBuilder().withConfig(config).build();
    }

    /** Every request the server received since the last call, oldest first. */
    static List<RecordedRequest> drain(KubernetesMockServer server) throws InterruptedException {
        List<RecordedRequest> out = new ArrayList<>();
        for (RecordedRequest r; (r = server.takeRequest(200, TimeUnit.MILLISECONDS)) != null; ) out.add(r);
        return out;
    }
}
