package dev.nodeless.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code karpenter.nodePools[]}: defaults, every rule with its path, and the published schema agreeing with the validator. */
class NodePoolSpecTest {

    /** One pool "gpu" with {@code fields} (JSON members) added to its name, in the runbook sample. */
    static ObjectNode withPool(String fields) {
        return SpecValidatorTest.sampleWith("/karpenter/nodePools", "[{\"name\": \"gpu\"" + (fields.isEmpty() ? "" : ", " + fields) + "}]");
    }

    static final String TAINT = "{\"key\": \"nvidia.com/gpu\", \"effect\": \"NoSchedule\"}";
    static final String GPU_BUFFER = "\"buffer\": {\"pod\": {\"cpu\": \"3\", \"memory\": \"12Gi\", \"extended\": {\"nvidia.com/gpu\": \"1\"}}}";

    /** Pools that break a rule JSON Schema cannot express: a comparison between items or between sections. */
    static final Set<String> VALIDATOR_ONLY = Set.of("two pools with one name", "one taint twice", "every pool buffered",
            "pool buffer above its max");

    static Stream<Arguments> violations() {
        return Stream.of(
                Arguments.of("no pools", SpecValidatorTest.sampleWith("/karpenter/nodePools", "[]"),
                        "$.karpenter.nodePools: lists no NodePool; leave nodePools out for the one pool 'default' from the fields above, or list at least one"),
                Arguments.of("upper-case name", SpecValidatorTest.sampleWith("/karpenter/nodePools", "[{\"name\": \"GPU\"}]"),
                        "$.karpenter.nodePools[0].name: must be a DNS-1123 label of at most 52 characters (lower-case letters, digits, '-'; its buffer is named pause-pods-<name>), got 'GPU'"),
                Arguments.of("name too long for its buffer", SpecValidatorTest.sampleWith("/karpenter/nodePools", "[{\"name\": \"" + "a".repeat(53) + "\"}]"),
                        "$.karpenter.nodePools[0].name: must be a DNS-1123 label of at most 52 characters (lower-case letters, digits, '-'; its buffer is named pause-pods-<name>), got '" + "a".repeat(53) + "'"),
                Arguments.of("two pools with one name", SpecValidatorTest.sampleWith("/karpenter/nodePools", "[{\"name\": \"gpu\"}, {\"name\": \"gpu\"}]"),
                        "$.karpenter.nodePools[1].name: 'gpu' names two NodePools; each name once"),
                Arguments.of("unknown capacity type", withPool("\"capacityTypes\": [\"preemptible\"]"),
                        "$.karpenter.nodePools[0].capacityTypes[0]: must be one of [on-demand, reserved, spot], got 'preemptible'"),
                Arguments.of("unknown architecture", withPool("\"architectures\": [\"x86_64\"]"),
                        "$.karpenter.nodePools[0].architectures[0]: must be one of [amd64, arm64] (Linux nodes), got 'x86_64'"),
                Arguments.of("bad taint effect", withPool("\"taints\": [{\"key\": \"nvidia.com/gpu\", \"effect\": \"NoScheduleAtAll\"}]"),
                        "$.karpenter.nodePools[0].taints[0].effect: must be one of [NoExecute, NoSchedule, PreferNoSchedule], got 'NoScheduleAtAll'"),
                Arguments.of("taint without effect", withPool("\"taints\": [{\"key\": \"nvidia.com/gpu\"}]"),
                        "$.karpenter.nodePools[0].taints[0].effect: is required"),
                Arguments.of("Karpenter's own taint", withPool("\"startupTaints\": [{\"key\": \"karpenter.sh/disrupted\", \"effect\": \"NoSchedule\"}]"),
                        "$.karpenter.nodePools[0].startupTaints[0].key: 'karpenter.sh/disrupted' is a taint Karpenter or Kubernetes sets and removes itself; choose a key of your own"),
                Arguments.of("one taint twice", withPool("\"taints\": [" + TAINT + ", " + TAINT + "]"),
                        "$.karpenter.nodePools[0].taints[1]: taints 'nvidia.com/gpu' with effect NoSchedule twice; a node holds one taint per key and effect"),
                Arguments.of("karpenter.sh label", withPool("\"labels\": {\"karpenter.sh/nodepool\": \"x\"}"),
                        "$.karpenter.nodePools[0].labels.karpenter.sh/nodepool: label 'karpenter.sh/nodepool' is restricted: Karpenter refuses labels in the karpenter.sh domain (the kubelet or Karpenter own them); node.kubernetes.io/* and node-role.kubernetes.io/* are allowed"),
                Arguments.of("kubernetes.io label", withPool("\"labels\": {\"kubernetes.io/hostname\": \"x\"}"),
                        "$.karpenter.nodePools[0].labels.kubernetes.io/hostname: label 'kubernetes.io/hostname' is restricted: Karpenter refuses labels in the kubernetes.io domain (the kubelet or Karpenter own them); node.kubernetes.io/* and node-role.kubernetes.io/* are allowed"),
                Arguments.of("k8s.io subdomain label", withPool("\"labels\": {\"cloud.k8s.io/team\": \"x\"}"),
                        "$.karpenter.nodePools[0].labels.cloud.k8s.io/team: label 'cloud.k8s.io/team' is restricted: Karpenter refuses labels in the k8s.io domain (the kubelet or Karpenter own them); node.kubernetes.io/* and node-role.kubernetes.io/* are allowed"),
                Arguments.of("karpenter.k8s.aws label", withPool("\"labels\": {\"karpenter.k8s.aws/instance-family\": \"g5\"}"),
                        "$.karpenter.nodePools[0].labels.karpenter.k8s.aws/instance-family: label 'karpenter.k8s.aws/instance-family' is restricted: Karpenter's AWS provider sets karpenter.k8s.aws/* labels itself"),
                Arguments.of("nodeless.dev label", withPool("\"labels\": {\"nodeless.dev/at-risk\": \"true\"}"),
                        "$.karpenter.nodePools[0].labels.nodeless.dev/at-risk: label 'nodeless.dev/at-risk' is restricted: Nodeless sets nodeless.dev/* labels on nodes itself"),
                Arguments.of("label value too long", withPool("\"labels\": {\"team\": \"" + "x".repeat(64) + "\"}"),
                        "$.karpenter.nodePools[0].labels.team: must be a label value of at most 63 characters (letters, digits, '-', '_', '.'), got '" + "x".repeat(64) + "'"),
                Arguments.of("limits without cpu", withPool("\"limits\": {\"nvidia.com/gpu\": \"8\"}"),
                        "$.karpenter.nodePools[0].limits: must set cpu: a pool without a cpu limit could launch nodes without bound during a spot storm or a bad rollout"),
                Arguments.of("bad limit", withPool("\"limits\": {\"cpu\": \"lots\"}"),
                        "$.karpenter.nodePools[0].limits.cpu: must be a Kubernetes quantity like 500m, 1, 1Gi, got 'lots'"),
                Arguments.of("weight 0", withPool("\"weight\": 0"),
                        "$.karpenter.nodePools[0].weight: must be 1 to 100 (Karpenter tries pools of higher weight first; leave it out for 0), got 0"),
                Arguments.of("weight 101", withPool("\"weight\": 101"),
                        "$.karpenter.nodePools[0].weight: must be 1 to 100 (Karpenter tries pools of higher weight first; leave it out for 0), got 101"),
                Arguments.of("unknown consolidation policy", withPool("\"disruption\": {\"consolidationPolicy\": \"Always\"}"),
                        "$.karpenter.nodePools[0].disruption.consolidationPolicy: must be one of [Balanced, WhenEmpty, WhenEmptyOrUnderutilized], got 'Always'"),
                Arguments.of("budget percentage above 100", withPool("\"disruption\": {\"budgets\": [{\"nodes\": \"150%\"}]}"),
                        "$.karpenter.nodePools[0].disruption.budgets[0].nodes: must be a node count like 2 or a percentage like 10%, got '150%'"),
                Arguments.of("budget schedule without duration", withPool("\"disruption\": {\"budgets\": [{\"nodes\": \"0\", \"schedule\": \"@daily\"}]}"),
                        "$.karpenter.nodePools[0].disruption.budgets[0]: schedule and duration go together: set both (a cron schedule and how long the budget holds) or neither"),
                Arguments.of("budget duration in seconds", withPool("\"disruption\": {\"budgets\": [{\"nodes\": \"0\", \"schedule\": \"@daily\", \"duration\": \"30s\"}]}"),
                        "$.karpenter.nodePools[0].disruption.budgets[0].duration: must be minutes and hours like 30m or 8h (cron has no seconds), got '30s'"),
                Arguments.of("unknown budget reason", withPool("\"disruption\": {\"budgets\": [{\"nodes\": \"1\", \"reasons\": [\"Expired\"]}]}"),
                        "$.karpenter.nodePools[0].disruption.budgets[0].reasons[0]: must be one of [Drifted, Empty, Underutilized], got 'Expired'"),
                Arguments.of("expireAfter in days", withPool("\"expireAfter\": \"30d\""),
                        "$.karpenter.nodePools[0].expireAfter: must be a duration in s, m and h (like 30s, 10m, 720h) or Never, got '30d'"),
                Arguments.of("terminationGracePeriod Never", withPool("\"terminationGracePeriod\": \"Never\""),
                        "$.karpenter.nodePools[0].terminationGracePeriod: must be a duration in s, m and h like 30m or 24h (not Never), got 'Never'"),
                Arguments.of("pool buffer above its max", withPool("\"buffer\": {\"baselineReplicas\": 5, \"maxReplicas\": 2}"),
                        "$.karpenter.nodePools[0].buffer.maxReplicas: must be at least baselineReplicas (5), got 2"),
                Arguments.of("half a GPU", withPool("\"buffer\": {\"pod\": {\"extended\": {\"nvidia.com/gpu\": \"0.5\"}}}"),
                        "$.karpenter.nodePools[0].buffer.pod.extended.nvidia.com/gpu: must be a whole number of devices greater than zero, like 1, got '0.5'"),
                Arguments.of("extended resource without a domain", withPool("\"buffer\": {\"pod\": {\"extended\": {\"gpu\": \"1\"}}}"),
                        "$.karpenter.nodePools[0].buffer.pod.extended.gpu: must be an extended resource name with a domain, like nvidia.com/gpu, got 'gpu'"),
                Arguments.of("every pool buffered", withPool(GPU_BUFFER),
                        "$.buffer.maxReplicas: every NodePool has a buffer of its own, so the top-level buffer's pods would fit no node; set buffer.baselineReplicas and buffer.maxReplicas to 0, or leave one pool without a buffer"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("violations")
    void eachRule_reportsItsProblemWithThePath(String name, ObjectNode spec, String expected) {
        assertThatThrownBy(() -> Specs.normalise(spec))
                .isInstanceOfSatisfying(InvalidSpecException.class, e -> assertThat(e.problems()).contains(expected));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("violations")
    void everyViolation_isASchemaViolation_unlessListedAsValidatorOnly(String name, ObjectNode spec, String expected) {
        if (VALIDATOR_ONLY.contains(name)) {
            assertThat(SpecSchemaTest.errors(spec)).as("listed as validator-only, so the schema must accept it").isEmpty();
        } else {
            assertThat(SpecSchemaTest.errors(spec)).as("schema should reject what the validator reports as: " + expected).isNotEmpty();
        }
    }

    @Test
    void samplePools_passTheValidatorAndTheSchema_beforeAndAfterNormalising_andNormalisingAgainChangesNothing() {
        ObjectNode raw = SpecFixtures.json("events/cluster-spec-node-pools.json");
        ClusterSpec spec = Specs.normalise(raw);

        assertThat(SpecSchemaTest.errors(raw)).isEmpty();
        assertThat(SpecSchemaTest.errors((JsonNode) SpecReader.MAPPER.valueToTree(spec))).isEmpty();
        assertThat(Specs.normalise(Specs.toJson(spec))).isEqualTo(spec);
        assertThat(spec.karpenter().nodePools()).extracting(ClusterSpec.NodePool::name).containsExactly("general", "on-demand", "gpu");
    }

    @Test
    void poolFieldsLeftOut_comeFromTheTopLevelKarpenterFields_categoriesOnlyWithoutFamilies() {
        ObjectNode raw = SpecValidatorTest.sampleWith("/karpenter/nodePools", "[{\"name\": \"plain\"}, {\"name\": \"gpu\", \"instanceFamilies\": [\"g5\"]}]");
        List<ClusterSpec.NodePool> pools = Specs.normalise(raw).karpenter().nodePools();

        ClusterSpec.NodePool plain = pools.get(0);
        assertThat(plain.capacityTypes()).containsExactly("spot"); // the sample's karpenter.capacityTypes
        assertThat(plain.instanceCategories()).containsExactly("c", "m", "r");
        assertThat(plain.architectures()).containsExactly("amd64");
        assertThat(plain.limits()).isEqualTo(Map.of("cpu", "1000", "memory", "4000Gi"));
        assertThat(plain.expireAfter()).isEqualTo("120s");
        assertThat(plain.disruption()).isEqualTo(new ClusterSpec.Disruption("WhenEmptyOrUnderutilized", "30s", null));
        assertThat(plain.buffer()).as("no buffer of its own unless asked").isNull();
        assertThat(plain.weight()).isNull();
        assertThat(pools.get(1).instanceCategories()).as("c, m, r AND g5 would match no instance").isEmpty();
    }

    @Test
    void poolBuffer_getsTheTopLevelDefaults_andKeepsItsExtendedResources() {
        ObjectNode raw = SpecValidatorTest.sampleWith("/karpenter/nodePools", "[{\"name\": \"general\"}, {\"name\": \"gpu\", " + GPU_BUFFER + "}]");

        ClusterSpec.Buffer b = Specs.normalise(raw).karpenter().nodePools().get(1).buffer();

        assertThat(b.backend()).isEqualTo("pause-pods");
        assertThat(b.baselineReplicas()).isEqualTo(SpecDefaults.BUFFER_BASELINE);
        assertThat(b.maxReplicas()).isEqualTo(SpecDefaults.BUFFER_MAX);
        assertThat(b.pod()).isEqualTo(new ClusterSpec.Buffer.Pod("3", "12Gi", Map.of("nvidia.com/gpu", "1")));
        assertThat(b.cooldown()).isEqualTo(SpecDefaults.COOLDOWN);
    }

    @Test
    void withoutNodePools_theNormalisedSpecHasNone_andTheOnePoolIsDefault() {
        ClusterSpec spec = SpecFixtures.sampleSpec();

        assertThat(spec.karpenter().nodePools()).isNull();
        assertThat(Specs.toJson(spec)).doesNotContain("nodePools").doesNotContain("extended");
        assertThat(NodePools.of(spec)).singleElement().satisfies(p -> {
            assertThat(p.name()).isEqualTo(ResourceNames.NODE_POOL);
            assertThat(p.limits()).isEqualTo(Map.of("cpu", "1000", "memory", "4000Gi"));
        });
        assertThat(NodePools.bufferNames(spec)).containsExactly(ResourceNames.BUFFER_NAME);
    }
}
