package dev.nodeless.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SpecReaderTest {

    @Test
    void sample_readsEveryField() {
        ClusterSpec spec = SpecReader.read(SpecFixtures.sample());

        assertThat(spec.clusterName()).isEqualTo("nodeless-demo");
        assertThat(spec.karpenter().capacityTypes()).containsExactly("spot");
        assertThat(spec.karpenter().cpuLimit()).isEqualTo(1000);
        assertThat(spec.buffer().pod().cpu()).isEqualTo("1");
        assertThat(spec.addons().externalDns().hostedZoneId()).isEqualTo("Z0123456789ABCDEFGHIJ");
        assertThat(spec.tags()).containsEntry("project", "nodeless-demo");
    }

    @Test
    void unknownFields_areAllReportedWithTheirPaths() {
        ObjectNode n = SpecFixtures.sample();
        n.put("clustername", "typo");
        ((ObjectNode) n.get("karpenter")).put("ttlSecondsUntilExpired", 120);
        ((ObjectNode) n.at("/buffer/pod")).put("gpu", "1");

        assertThatThrownBy(() -> SpecReader.read(n))
                .isInstanceOfSatisfying(InvalidSpecException.class, e -> assertThat(e.problems()).containsExactlyInAnyOrder(
                        "$.clustername: unknown field (known here: clusterName, region, kubernetesVersion, endpoint, network, admins, viewers, confirmAccessRemoval, karpenter, buffer, addons, tags, logging, encryption, upgradePolicy, deletionProtection, confirmDeletion)",
                        "$.karpenter.ttlSecondsUntilExpired: unknown field (known here: version, capacityTypes, cpuLimit, memoryLimit, expireAfter, consolidateAfter, instanceCategories, amiAlias, nodePools)",
                        "$.buffer.pod.gpu: unknown field (known here: cpu, memory, extended)"));
    }

    @Test
    void wrongTypes_areReportedWithPathAndWhatWasFound() {
        ObjectNode n = SpecFixtures.minimal();
        n.put("admins", "arn:aws:iam::123456789012:role/Admin");
        n.putObject("karpenter").put("cpuLimit", "1000").putArray("capacityTypes").add(1);
        n.putObject("tags").put("team", 7);

        assertThatThrownBy(() -> SpecReader.read(n))
                .isInstanceOfSatisfying(InvalidSpecException.class, e -> assertThat(e.problems()).containsExactlyInAnyOrder(
                        "$.admins: must be an array, got string \"arn:aws:iam::123456789012:role/Admin\"",
                        "$.karpenter.cpuLimit: must be an integer, got string \"1000\"",
                        "$.karpenter.capacityTypes[0]: must be a string, got number 1",
                        "$.tags.team: must be a string, got number 7"));
    }

    @Test
    void notJson_isOneProblemNotAStackTrace() {
        assertThatThrownBy(() -> SpecReader.read("{\"clusterName\": "))
                .isInstanceOf(InvalidSpecException.class)
                .hasMessageStartingWith("invalid cluster spec (1 problem):\n  $: not valid JSON");
    }

    @Test
    void notAnObject_isRejected() {
        assertThatThrownBy(() -> SpecReader.read("[1, 2]"))
                .isInstanceOfSatisfying(InvalidSpecException.class,
                        e -> assertThat(e.problems()).containsExactly("$: the cluster spec must be a JSON object"));
    }

    @Test
    void mapInput_isReadLikeJson() {
        ClusterSpec spec = SpecReader.readMap(Map.of("clusterName", "a", "region", "us-east-1", "admins", List.of()));

        assertThat(spec.clusterName()).isEqualTo("a");
        assertThat(spec.admins()).isEmpty();
        assertThat(spec.karpenter()).isNull();
    }
}
