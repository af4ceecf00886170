package dev.nodeless.kube.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.events.v1.EventBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The emulator answers one object by name from its index; these are the cases where an index can go stale or
 * answer for the wrong object, checked against what the CRUD mode (and a real API server) would answer.
 */
class KubeEmulatorTest {

    private final KubeEmulator kube = new KubeEmulator();
    private final KubernetesClient client = kube.client();

    @AfterEach
    void close() {
        kube.close();
    }

    @Test
    void aLabelChangeMovesTheStoredKeyAndTheObjectIsStillFoundByNameAndBySelector() {
        client.nodes().resource(new NodeBuilder().withNewMetadata().withName("n1").addToLabels("a", "1").endMetadata().build()).create();
        client.nodes().withName("n1").edit(n -> { n.getMetadata().getLabels().put("a", "2"); return n; });

        assertThat(client.nodes().withName("n1").get().getMetadata().getLabels()).containsEntry("a", "2");
        assertThat(client.nodes().withLabel("a", "2").list().getItems()).extracting(n -> n.getMetadata().getName()).containsExactly("n1");
        assertThat(client.nodes().withLabel("a", "1").list().getItems()).isEmpty();
    }

    @Test
    void theSameNameInTwoNamespacesAndTwoApiGroupsAreFourObjects() {
        for (String ns : new String[] {"a", "b"}) {
            client.configMaps().inNamespace(ns).resource(new ConfigMapBuilder().withNewMetadata().withName("x").endMetadata()
                    .addToData("ns", ns).build()).create();
            client.resource(new EventBuilder().withNewMetadata().withName("x").withNamespace(ns).endMetadata().withNote("grouped " + ns).build()).create();
            client.v1().events().inNamespace(ns).resource(new io.fabric8.kubernetes.api.model.EventBuilder().withNewMetadata().withName("x")
                    .endMetadata().withMessage("core " + ns).build()).create();
        }

        assertThat(client.configMaps().inNamespace("b").withName("x").get().getData()).isEqualTo(Map.of("ns", "b"));
        assertThat(client.events().v1().events().inNamespace("a").withName("x").get().getNote()).isEqualTo("grouped a");
        assertThat(client.v1().events().inNamespace("b").withName("x").get().getMessage()).isEqualTo("core b");
    }

    @Test
    void aDeletedObjectIsGoneAndCanBeCreatedAgainWhileASecondCreateConflicts() {
        var node = new NodeBuilder().withNewMetadata().withName("n1").endMetadata().build();
        client.nodes().resource(node).create();
        assertThatThrownBy(() -> client.nodes().resource(node).create())
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(409));

        client.nodes().withName("n1").delete();
        assertThat(client.nodes().withName("n1").get()).isNull();
        assertThat(kube.requests()).contains("GET /api/v1/nodes/n1");

        client.nodes().resource(node).create();
        assertThat(client.nodes().withName("n1").get()).isNotNull();
    }

    @Test
    void anUnknownNameIsNotFoundAndAnUpdateOfItFails() {
        assertThat(client.configMaps().inNamespace("a").withName("missing").get()).isNull();
        assertThatThrownBy(() -> client.configMaps().inNamespace("a").resource(new ConfigMapBuilder().withNewMetadata().withName("missing")
                .withResourceVersion("1").endMetadata().build()).update())
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(404));
    }

    @Test
    void aLoadedSnapshotKeepsItsCreationTimestamp() {
        kube.load("""
                apiVersion: v1
                kind: List
                items:
                - apiVersion: v1
                  kind: Node
                  metadata: {name: old, creationTimestamp: "2026-01-01T00:00:00Z"}
                """);
        assertThat(client.nodes().withName("old").get().getMetadata().getCreationTimestamp()).isEqualTo("2026-01-01T00:00:00Z");
    }

    /** A list with limit comes back a page at a time, as from an API server; without limit, whole. */
    @Test
    void aListWithLimitIsPaginatedWithAContinueTokenUntilTheLastPage() {
        for (int i = 0; i < 7; i++) kube.seed(new NodeBuilder().withNewMetadata().withName("n" + i).endMetadata().build());
        kube.clearRequests();

        var first = client.nodes().list(new io.fabric8.kubernetes.api.model.ListOptionsBuilder().withLimit(3L).build());
        var second = client.nodes().list(new io.fabric8.kubernetes.api.model.ListOptionsBuilder().withLimit(3L)
                .withContinue(first.getMetadata().getContinue()).build());
        var last = client.nodes().list(new io.fabric8.kubernetes.api.model.ListOptionsBuilder().withLimit(3L)
                .withContinue(second.getMetadata().getContinue()).build());

        assertThat(first.getItems()).hasSize(3);
        assertThat(second.getItems()).hasSize(3).doesNotContainAnyElementsOf(first.getItems());
        assertThat(last.getItems()).hasSize(1);
        assertThat(last.getMetadata().getContinue()).isNullOrEmpty();
        assertThat(client.nodes().list().getItems()).hasSize(7);
        assertThat(kube.requests()).hasSize(4);
        assertThat(kube.accepts().get(0)).startsWith("GET /api/v1/nodes?limit=3 Accept: ");
    }
}
