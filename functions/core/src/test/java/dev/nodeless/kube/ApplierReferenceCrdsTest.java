package dev.nodeless.kube;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Karpenter's real v1.14.1 CRDs (from {@code nodeless.reference}, as the bootstrap applies them from the chart)
 * through the Applier: the paths of NodePool, EC2NodeClass and the namespaced CapacityBuffer come from the real
 * CRDs' names and scopes. CRUD mode for reads, {@link SsaOnCrudDispatcher} test stub for the applies.
 */
class ApplierReferenceCrdsTest {

    private KubernetesMockServer server;
    private KubernetesClient client;

    @AfterEach
    void stop() {
        if (client != null) client.close();
        if (server != null) server.destroy();
    }

    @Test
    void realKarpenterCrds_giveTheCustomResourcePaths_andApplyingThemAgainChangesNothing() throws IOException {
        SsaOnCrudDispatcher dispatcher = new SsaOnCrudDispatcher(true);
        server = KubeMocks.crud(false, dispatcher);
        client = server.createClient();
        Applier applier = new Applier(client, Clock.systemUTC(), d -> {}, Duration.ofSeconds(5), Duration.ofMillis(10));
        List<HasMetadata> objects = new ArrayList<>(referenceCrds());
        objects.add(new NamespaceBuilder().withNewMetadata().withName("nodeless").endMetadata().build());
        objects.add(KubeFixtures.ec2NodeClass("default"));
        var pool = KubeFixtures.nodePool("default", true);
        pool.getAdditionalProperties().remove("status");
        objects.add(pool);
        objects.add(new GenericKubernetesResourceBuilder().withApiVersion("autoscaling.x-k8s.io/v1beta1").withKind("CapacityBuffer")
                .withNewMetadata().withName("nodeless-buffer").withNamespace("nodeless").endMetadata()
                .withAdditionalProperties(Map.of("spec", Map.of("replicas", 2))).build());

        ApplyReport first = applier.apply(objects);
        ApplyReport second = applier.apply(objects);

        assertThat(first.count(ApplyReport.Change.CREATED)).isEqualTo(8);
        assertThat(second.changedAnything()).as(second.changed(10)).isFalse();
        assertThat(dispatcher.applies).extracting(RecordedRequest::getPath).map(p -> p.substring(0, p.indexOf('?'))).contains(
                "/apis/apiextensions.k8s.io/v1/customresourcedefinitions/nodepools.karpenter.sh",
                "/apis/karpenter.k8s.aws/v1/ec2nodeclasses/default",
                "/apis/karpenter.sh/v1/nodepools/default",
                "/apis/autoscaling.x-k8s.io/v1beta1/namespaces/nodeless/capacitybuffers/nodeless-buffer");
    }

    private static List<CustomResourceDefinition> referenceCrds() throws IOException {
        String reference = System.getProperty("nodeless.reference");
        assertThat(reference).as("system property nodeless.reference (set by the parent POM)").isNotNull();
        Path dir = Path.of(reference, "karpenter-crds");
        assertThat(dir).as("Karpenter CRDs in the reference folder").isDirectory();
        KubernetesSerialization yaml = new KubernetesSerialization();
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.toString().endsWith(".yaml")).sorted()
                    .map(p -> {
                        try {
                            return yaml.unmarshal(Files.readString(p), CustomResourceDefinition.class);
                        } catch (IOException e) {
                            throw new IllegalStateException(p.toString(), e);
                        }
                    }).toList();
        }
    }
}
