package dev.nodeless.spec;

import com.fasterxml.jackson.databind.JsonNode;
import dev.nodeless.spec.ClusterSpec.Addons;
import dev.nodeless.spec.ClusterSpec.Buffer;
import dev.nodeless.spec.ClusterSpec.Disruption;
import dev.nodeless.spec.ClusterSpec.Karpenter;
import dev.nodeless.spec.ClusterSpec.Network;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Builds the {@link ClusterSpec} records from a JSON tree that {@link SpecReader} has already checked against them
 * (every field known, every value of its type), with plain constructor calls. It replaces Jackson's
 * {@code treeToValue}, which builds records through core reflection (method-handle accessors spun on a cold start:
 * about 0.13 s of sizeBuffer's, docs/measurements.md). Same mapping as Jackson's for checked input: absent and
 * {@code null} are null; lists are {@link ArrayList}s and maps {@link LinkedHashMap}s in document order; a null
 * element stays null; integers through {@link JsonNode#intValue()}, numbers through {@link JsonNode#doubleValue()}.
 * {@code SpecDecoderTest} holds it equal to Jackson's on every spec fixture and on a document with every field set.
 */
final class SpecDecoder {

    private SpecDecoder() {}

    static ClusterSpec spec(JsonNode n) {
        return new ClusterSpec(str(n, "clusterName"), str(n, "region"), str(n, "kubernetesVersion"),
                rec(n, "endpoint", SpecDecoder::endpoint), rec(n, "network", SpecDecoder::network),
                strings(n, "admins"), strings(n, "viewers"), strings(n, "confirmAccessRemoval"),
                rec(n, "karpenter", SpecDecoder::karpenter), rec(n, "buffer", SpecDecoder::buffer), rec(n, "addons", SpecDecoder::addons),
                strMap(n, "tags"), rec(n, "logging", v -> new ClusterSpec.Logging(strings(v, "types"))),
                rec(n, "encryption", v -> new ClusterSpec.Encryption(str(v, "kmsKeyArn"), bool(v, "createKey"))),
                rec(n, "upgradePolicy", v -> new ClusterSpec.UpgradePolicy(str(v, "supportType"))),
                bool(n, "deletionProtection"), str(n, "confirmDeletion"));
    }

    private static ClusterSpec.Endpoint endpoint(JsonNode v) {
        return new ClusterSpec.Endpoint(bool(v, "publicAccess"), bool(v, "privateAccess"), strings(v, "publicAccessCidrs"));
    }

    private static Network network(JsonNode v) {
        return new Network(strings(v, "subnetIds"), strings(v, "securityGroupIds"),
                rec(v, "create", c -> new Network.Create(str(c, "cidr"), integer(c, "azCount"), strings(c, "availabilityZoneIds"))));
    }

    private static Karpenter karpenter(JsonNode v) {
        return new Karpenter(str(v, "version"), strings(v, "capacityTypes"), integer(v, "cpuLimit"), str(v, "memoryLimit"),
                str(v, "expireAfter"), str(v, "consolidateAfter"), strings(v, "instanceCategories"), str(v, "amiAlias"),
                list(v, "nodePools", SpecDecoder::nodePool));
    }

    private static ClusterSpec.NodePool nodePool(JsonNode v) {
        return new ClusterSpec.NodePool(str(v, "name"), strings(v, "capacityTypes"), strings(v, "instanceCategories"),
                strings(v, "instanceFamilies"), strings(v, "instanceSizes"), strings(v, "architectures"),
                list(v, "taints", SpecDecoder::taint), list(v, "startupTaints", SpecDecoder::taint), strMap(v, "labels"), strMap(v, "limits"),
                integer(v, "weight"), rec(v, "disruption", SpecDecoder::disruption), str(v, "expireAfter"), str(v, "terminationGracePeriod"),
                rec(v, "buffer", SpecDecoder::buffer));
    }

    private static ClusterSpec.Taint taint(JsonNode v) {
        return new ClusterSpec.Taint(str(v, "key"), str(v, "value"), str(v, "effect"));
    }

    private static Disruption disruption(JsonNode v) {
        return new Disruption(str(v, "consolidationPolicy"), str(v, "consolidateAfter"), list(v, "budgets",
                b -> new Disruption.Budget(str(b, "nodes"), strings(b, "reasons"), str(b, "schedule"), str(b, "duration"))));
    }

    private static Buffer buffer(JsonNode v) {
        return new Buffer(str(v, "backend"), integer(v, "baselineReplicas"), integer(v, "maxReplicas"),
                rec(v, "pod", p -> new Buffer.Pod(str(p, "cpu"), str(p, "memory"), strMap(p, "extended"))),
                str(v, "lookahead"), str(v, "cooldown"),
                list(v, "baselineSchedule", w -> new Buffer.Window(strings(w, "days"), str(w, "from"), str(w, "to"), str(w, "timeZone"),
                        integer(w, "replicas"))),
                number(v, "baselinePercent"));
    }

    private static Addons addons(JsonNode v) {
        return new Addons(rec(v, "loadBalancerController", SpecDecoder::toggle),
                rec(v, "externalDns", e -> new Addons.ExternalDns(bool(e, "enabled"), str(e, "domain"), str(e, "hostedZoneId"))),
                rec(v, "kubeOpsView", k -> new Addons.KubeOpsView(bool(k, "enabled"), str(k, "scheme"), strings(k, "sourceRanges"))),
                rec(v, "inflate", i -> new Addons.Inflate(bool(i, "enabled"), integer(i, "replicas"), str(i, "cpu"))),
                rec(v, "metricsServer", SpecDecoder::toggle), rec(v, "ebsCsiDriver", SpecDecoder::toggle));
    }

    private static Addons.Toggle toggle(JsonNode v) {
        return new Addons.Toggle(bool(v, "enabled"));
    }

    /** Field {@code name} of {@code n}; null when absent or JSON null. */
    private static JsonNode field(JsonNode n, String name) {
        JsonNode v = n.get(name);
        return v == null || v.isNull() ? null : v;
    }

    private static <T> T rec(JsonNode n, String name, Function<JsonNode, T> decode) {
        JsonNode v = field(n, name);
        return v == null ? null : decode.apply(v);
    }

    private static String str(JsonNode n, String name) {
        JsonNode v = field(n, name);
        return v == null ? null : v.textValue();
    }

    private static Boolean bool(JsonNode n, String name) {
        JsonNode v = field(n, name);
        return v == null ? null : v.booleanValue();
    }

    private static Integer integer(JsonNode n, String name) {
        JsonNode v = field(n, name);
        return v == null ? null : v.intValue();
    }

    private static Double number(JsonNode n, String name) {
        JsonNode v = field(n, name);
        return v == null ? null : v.doubleValue();
    }

    private static List<String> strings(JsonNode n, String name) {
        return list(n, name, JsonNode::textValue);
    }

    /** A list whose JSON null elements stay null (as Jackson reads them). */
    private static <T> List<T> list(JsonNode n, String name, Function<JsonNode, T> item) {
        JsonNode v = field(n, name);
        if (v == null) return null;
        List<T> out = new ArrayList<>(v.size());
        for (JsonNode e : v) out.add(e.isNull() ? null : item.apply(e));
        return out;
    }

    private static Map<String, String> strMap(JsonNode n, String name) {
        JsonNode v = field(n, name);
        if (v == null) return null;
        Map<String, String> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            out.put(e.getKey(), e.getValue().isNull() ? null : e.getValue().textValue());
        }
        return out;
    }
}
