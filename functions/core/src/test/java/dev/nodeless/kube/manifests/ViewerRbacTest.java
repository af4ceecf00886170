package dev.nodeless.kube.manifests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.nodeless.bootstrap.ClusterFacts;
import dev.nodeless.spec.ClusterSpec;
import dev.nodeless.spec.ResourceNames;
import dev.nodeless.spec.SpecFixtures;
import dev.nodeless.testing.Reference;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The viewers' read RBAC against the real CRDs (shared/reference/karpenter-crds, Karpenter v1.14.1 and CapacityBuffer):
 * every custom resource there is readable by the viewer group, with read verbs only, and nothing else is granted.
 */
class ViewerRbacTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private final ClusterSpec spec = SpecFixtures.sampleSpec();
    private final List<HasMetadata> manifests = ClusterManifests.build(spec, ClusterFacts.planned(spec),
            r -> List.of(new ConfigMapBuilder().withNewMetadata().withName(r.chart()).endMetadata().build()));

    /** "group/plural" of every CRD file in the reference folder. */
    private static List<String> realCustomResources() throws IOException {
        List<String> resources = new ArrayList<>();
        try (Stream<Path> files = Files.list(Reference.dir().resolve("karpenter-crds"))) {
            for (Path f : files.sorted().toList()) {
                JsonNode crd = YAML.readTree(f.toFile());
                resources.add(crd.at("/spec/group").asText() + "/" + crd.at("/spec/names/plural").asText());
            }
        }
        return resources;
    }

    private static List<String> readable(ClusterRole role) {
        List<String> resources = new ArrayList<>();
        for (PolicyRule r : role.getRules()) {
            assertThat(r.getVerbs()).as("read verbs only").containsExactlyInAnyOrder("get", "list", "watch");
            assertThat(r.getResourceNames()).as("every object of the kind").isNullOrEmpty();
            for (String g : r.getApiGroups()) for (String res : r.getResources()) resources.add(g + "/" + res);
        }
        return resources;
    }

    @Test
    void viewerRole_readsExactlyTheRealCustomResources_nodePoolsNodeClaimsEc2NodeClassesCapacityBuffers() throws IOException {
        ClusterRole role = (ClusterRole) manifests.stream().filter(o -> o instanceof ClusterRole
                && o.getMetadata().getName().equals(ResourceNames.VIEWER_ROLE)).findFirst().orElseThrow();

        List<String> real = realCustomResources();
        assertThat(real).as("the reference folder holds the four CRDs the issue names").containsExactlyInAnyOrder(
                "karpenter.sh/nodepools", "karpenter.sh/nodeclaims", "karpenter.k8s.aws/ec2nodeclasses", "autoscaling.x-k8s.io/capacitybuffers");
        assertThat(readable(role)).containsExactlyInAnyOrderElementsOf(real);
    }

    @Test
    void viewerBinding_givesTheRoleToTheViewerGroup_only() {
        ClusterRoleBinding binding = (ClusterRoleBinding) manifests.stream().filter(o -> o instanceof ClusterRoleBinding
                && o.getMetadata().getName().equals(ResourceNames.VIEWER_ROLE)).findFirst().orElseThrow();

        assertThat(binding.getRoleRef().getKind()).isEqualTo("ClusterRole");
        assertThat(binding.getRoleRef().getName()).isEqualTo(ResourceNames.VIEWER_ROLE);
        assertThat(binding.getSubjects()).singleElement().satisfies(s -> {
            assertThat(s.getKind()).isEqualTo("Group");
            assertThat(s.getName()).isEqualTo("nodeless:viewers").isEqualTo(ResourceNames.VIEWER_GROUP);
        });
    }

    @Test
    void viewerObjects_areRenderedAfterTheCrdsTheyName_andWithoutViewersToo() {
        int firstRbac = -1;
        for (int i = 0; i < manifests.size(); i++) {
            if (manifests.get(i).getMetadata().getName().equals(ResourceNames.VIEWER_ROLE)) { firstRbac = i; break; }
        }
        assertThat(firstRbac).isGreaterThan(manifests.indexOf(manifests.stream()
                .filter(o -> "NodePool".equals(o.getKind())).findFirst().orElseThrow()));
        assertThat(spec.viewers()).as("the sample names admins only").isEmpty();
    }
}
