package dev.nodeless.adopt;

import dev.nodeless.spec.ClusterSpec;
import dev.nodeless.spec.InvalidSpecException;
import dev.nodeless.spec.SpecDefaults;
import dev.nodeless.spec.SpecReader;
import dev.nodeless.spec.SpecValidator;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The input of the adopt-cluster workflow (docs/adopt.md), e.g. {@code {"clusterName": "payments", "grantAccess": true,
 * "buffer": {"baselineReplicas": 2}}}; the region is the stack's. {@code action} is {@code adopt} (the default) or
 * {@code release}; {@code buffer} is a cluster spec's buffer section, defaulted and checked by the same rules
 * ({@link SpecDefaults}, {@link SpecValidator#validateAdoption}), so an adopted cluster is sized like a created one.
 *
 * @param grantAccess whether adopt may create the access entries the Nodeless roles need (tagged, so release removes
 *                    exactly those); false: they must exist already, else adopt refuses naming what is missing
 */
public record AdoptionRequest(String clusterName, String action, boolean grantAccess, ClusterSpec.Buffer buffer) {

    public static final String ADOPT = "adopt";
    public static final String RELEASE = "release";
    static final List<String> FIELDS = List.of("clusterName", "action", "grantAccess", "buffer");

    public boolean release() { return RELEASE.equals(action); }

    /**
     * Reads and checks a raw input, listing every problem at once.
     *
     * @throws InvalidSpecException with each problem as {@code <json path>: <what is wrong>}
     */
    public static AdoptionRequest read(Map<String, Object> raw) {
        List<String> problems = new ArrayList<>();
        if (raw == null) throw new InvalidSpecException(List.of("$: the input must be a JSON object like {\"clusterName\": \"payments\"}"));
        for (String key : raw.keySet()) {
            if (!FIELDS.contains(key)) problems.add("$." + key + ": unknown field (known here: " + String.join(", ", FIELDS) + ")");
        }
        String name = text(raw, "clusterName", problems);
        String action = raw.get("action") == null ? ADOPT : text(raw, "action", problems);
        if (action != null && !Set.of(ADOPT, RELEASE).contains(action)) problems.add("$.action: must be 'adopt' or 'release', got '" + action + "'");
        Object grant = raw.get("grantAccess");
        if (grant != null && !(grant instanceof Boolean)) problems.add("$.grantAccess: must be true or false, got " + grant);
        if (RELEASE.equals(action) && (raw.containsKey("buffer") || raw.containsKey("grantAccess"))) {
            problems.add("$: release takes only clusterName (and action); it removes what adopt installed, whatever the buffer was");
        }
        ClusterSpec.Buffer buffer = null;
        try {
            Map<String, Object> partial = new LinkedHashMap<>();
            partial.put("buffer", raw.get("buffer"));
            buffer = SpecDefaults.apply(SpecReader.readMap(partial)).buffer();
        } catch (InvalidSpecException e) {
            problems.addAll(e.problems());
        }
        if (buffer != null) {
            for (String p : SpecValidator.validateAdoption(name, buffer)) if (!problems.contains(p)) problems.add(p);
        }
        if (!problems.isEmpty()) throw new InvalidSpecException(problems);
        return new AdoptionRequest(name, action, Boolean.TRUE.equals(grant), buffer);
    }

    /**
     * The spec the registry stores for the adopted cluster: what the maintenance loop reads (name, region, buffer) and
     * what adopt found (Kubernetes version, Karpenter's version when known). Everything Nodeless did not create (network,
     * endpoint, add-ons, access) stays absent: nothing here describes how to build the cluster.
     */
    public ClusterSpec spec(String region, String kubernetesVersion, String karpenterVersion) {
        ClusterSpec.Karpenter karpenter = karpenterVersion == null ? null
                : new ClusterSpec.Karpenter(karpenterVersion, null, null, null, null, null, null, null);
        return new ClusterSpec(clusterName, region, kubernetesVersion, null, null, null, null, null, karpenter, buffer, null, null);
    }

    private static String text(Map<String, Object> raw, String key, List<String> problems) {
        Object v = raw.get(key);
        if (v == null) {
            if (key.equals("clusterName")) problems.add("$.clusterName: is required");
            return null;
        }
        if (!(v instanceof String s)) {
            problems.add("$." + key + ": must be a string, got " + v);
            return null;
        }
        return s;
    }
}
