package dev.nodeless.maintenance;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The names of maintain-buffer executions: the cluster first, at most 80 characters Step Functions accepts. */
class ExecutionNamesTest {

    static final String UUID = "7e1d0c2b-4a5f-4b6e-9d8c-1a2b3c4d5e01";
    static final String LONGEST_KIND = "capacity-reservation-interruption";
    static final Instant NOW = Instant.parse("2026-11-20T09:30:05Z");

    @Test
    void shortCluster_keepsClusterKindAndTheWholeEventId() {
        assertThat(ExecutionNames.forEvent("nodeless-demo", "spot-interruption", UUID)).isEqualTo("nodeless-demo-spot-interruption-" + UUID);
        assertThat(ExecutionNames.forReconcile("nodeless-demo", NOW)).isEqualTo("nodeless-demo-reconcile-20261120T0930");
    }

    /** Every EKS cluster name length (1 to 100 characters) with the longest kind: valid, and the cluster comes first. */
    @ParameterizedTest(name = "cluster of {0} characters")
    @ValueSource(ints = {1, 9, 10, 20, 29, 40, 56, 57, 62, 63, 64, 80, 99, 100})
    void everyClusterLength_givesAValidName_thatStartsWithTheClustersPrefix(int length) {
        String cluster = ("a1-b2_c3" + "x".repeat(100)).substring(0, length);
        for (String name : List.of(ExecutionNames.forEvent(cluster, LONGEST_KIND, UUID), ExecutionNames.forReconcile(cluster, NOW))) {
            assertThat(name).hasSizeLessThanOrEqualTo(80).matches("[A-Za-z0-9_-]+").startsWith(ExecutionNames.prefix(cluster));
            assertThat(ExecutionNames.belongsTo(name, cluster, List.of(cluster))).isTrue();
        }
        if (length <= ExecutionNames.CLUSTER_ROOM) {
            assertThat(ExecutionNames.prefix(cluster)).as("a name that fits is kept whole, so searching for it finds it").isEqualTo(cluster + "-");
        }
    }

    @Test
    void tooLong_hashesTheEventIdFirst_thenDropsTheKind_butAlwaysKeepsTheCluster() {
        String cluster30 = "c".repeat(30);
        String hashed = ExecutionNames.forEvent(cluster30, "spot-interruption", UUID);
        String cluster60 = "c".repeat(60);
        String noKind = ExecutionNames.forEvent(cluster60, "spot-interruption", UUID);

        assertThat(hashed).matches(cluster30 + "-spot-interruption-[0-9a-f]{16}");
        assertThat(noKind).matches(cluster60 + "-[0-9a-f]{16}");
        assertThat(ExecutionNames.forEvent(cluster60, "spot-interruption", UUID)).as("a redelivered event gets the same name").isEqualTo(noKind);
        assertThat(ExecutionNames.forEvent(cluster60, "spot-interruption", UUID.replace('7', '8'))).isNotEqualTo(noKind);
    }

    @Test
    void twoLongClustersSharingTheirBeginning_getDifferentPrefixes() {
        String a = "team-payments-".repeat(7) + "a";
        String b = "team-payments-".repeat(7) + "b";

        assertThat(a).hasSizeGreaterThan(ExecutionNames.CLUSTER_ROOM);
        assertThat(ExecutionNames.prefix(a)).hasSize(ExecutionNames.CLUSTER_ROOM + 1).isNotEqualTo(ExecutionNames.prefix(b));
        assertThat(ExecutionNames.belongsTo(ExecutionNames.forEvent(a, "expiry", UUID), b, List.of(a, b))).isFalse();
    }

    @Test
    void aClusterDoesNotClaimTheExecutionsOfAnotherWhoseNameStartsLikeIt() {
        List<String> fleet = List.of("demo", "demo-2");
        String of2 = ExecutionNames.forEvent("demo-2", "spot-interruption", UUID);
        String ofDemo = ExecutionNames.forReconcile("demo", NOW);

        assertThat(ExecutionNames.belongsTo(of2, "demo", fleet)).isFalse();
        assertThat(ExecutionNames.belongsTo(of2, "demo-2", fleet)).isTrue();
        assertThat(ExecutionNames.belongsTo(ofDemo, "demo", fleet)).isTrue();
        assertThat(ExecutionNames.belongsTo(ofDemo, "demo-2", fleet)).isFalse();
        assertThat(ExecutionNames.belongsTo("fleet-tick", "demo", fleet)).isFalse();
    }
}
