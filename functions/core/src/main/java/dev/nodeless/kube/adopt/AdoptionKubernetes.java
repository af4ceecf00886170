package dev.nodeless.kube.adopt;

import dev.nodeless.adopt.AdoptionRequest;
import dev.nodeless.adopt.AdoptionStepInput;
import dev.nodeless.spec.InvalidSpecException;
import dev.nodeless.bootstrap.StepResult;
import dev.nodeless.kube.ClusterAccess;
import dev.nodeless.kube.ClusterInfo;
import dev.nodeless.kube.KubeRejectedException;
import dev.nodeless.kube.manifests.ClusterManifests;
import dev.nodeless.spec.ClusterSpec;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The Kubernetes side of adopt-cluster (step {@value #STEP}), run as the adoption role: {@code install} detects Karpenter
 * ({@link KarpenterDetection}), refuses a cluster the maintenance loop cannot serve, and installs
 * {@link ClusterManifests#adoption}; {@code uninstall} removes those objects again (both backends' names, so a changed
 * backend leaves nothing behind). Transient API errors are thrown for the state machine's Retry; a refusal is FAILED.
 */
public final class AdoptionKubernetes {

    public static final String STEP = "adoptKubernetes";
    /** ValidatingAdmissionPolicy admissionregistration.k8s.io/v1, which the maintenance scope policy is, is served from 1.30. */
    static final int MIN_MINOR = 30;

    private final ClusterAccess access;

    public AdoptionKubernetes(ClusterAccess access) {
        this.access = access;
    }

    /** The handler's one call: {@code install} (after adoptCluster's check, whose details say whether Auto Mode is on) or {@code uninstall}. */
    public StepResult run(AdoptionStepInput input, String region) {
        String target = input.target();
        AdoptionRequest request;
        try {
            request = AdoptionRequest.read(input.request());
        } catch (InvalidSpecException e) {
            return StepResult.failed(STEP, target, "invalid adopt-cluster input (" + e.problems().size() + (e.problems().size() == 1 ? " problem" : " problems")
                    + "), nothing was changed: " + String.join("; ", e.problems()));
        }
        if ("install".equals(target)) return install(request, region, Boolean.parseBoolean(input.detail("check", "autoMode")));
        if ("uninstall".equals(target)) return uninstall(request.clusterName(), region);
        return StepResult.failed(STEP, target, "target must be install or uninstall, was '" + target + "'");
    }

    /** @param autoMode what adoptCluster's check read from DescribeCluster (computeConfig.enabled) */
    public StepResult install(AdoptionRequest r, String region, boolean autoMode) {
        Optional<ClusterInfo> found = access.find(region, r.clusterName());
        if (found.isEmpty() || !found.get().active()) return notActive("install", r.clusterName(), region, found);
        ClusterInfo cluster = found.get();
        if (minor(cluster.kubernetesVersion()) < MIN_MINOR) {
            return StepResult.failed(STEP, "install", "cluster " + r.clusterName() + " runs Kubernetes " + cluster.kubernetesVersion()
                    + "; adopt needs 1." + MIN_MINOR + " or later (the maintenance scope policy is a ValidatingAdmissionPolicy v1). Nothing was installed");
        }
        try (KubernetesClient client = access.connect(region, cluster.endpoint())) {
            KarpenterDetection.Found k = KarpenterDetection.detect(client, autoMode);
            String refusal = refusal(r, k);
            if (refusal != null) return StepResult.failed(STEP, "install", refusal + " Nothing was installed");
            ClusterSpec spec = r.spec(region, cluster.kubernetesVersion(), k.version());
            AdoptionInstaller.Report report = new AdoptionInstaller(client).install(ClusterManifests.adoption(spec));
            Map<String, String> details = new LinkedHashMap<>();
            details.put("backend", r.buffer().backend());
            if (k.version() != null) details.put("karpenterVersion", k.version());
            details.put("karpenterVersionSource", k.versionSource());
            details.put("nodePools", String.join(",", k.nodePools()));
            details.put("autoMode", Boolean.toString(k.autoMode()));
            details.put("capacityBufferSupported", Boolean.toString(k.capacityBuffer()));
            details.put("objects", String.join(",", ClusterManifests.adoption(spec).stream().map(AdoptionInstaller::ref).toList()));
            details.put("created", String.join(",", report.created()));
            if (!report.configured().isEmpty()) details.put("configured", String.join(",", report.configured()));
            String status = !report.created().isEmpty() ? StepResult.CREATED : !report.configured().isEmpty() ? StepResult.UPDATED : StepResult.UNCHANGED;
            return StepResult.done(STEP, "install", status, "Karpenter " + (k.version() == null ? "(" + k.versionSource() + ")" : k.version())
                    + " with NodePools " + k.nodePools() + "; installed the " + r.buffer().backend() + " buffer: created " + report.created().size()
                    + ", updated " + report.configured().size() + ", unchanged " + report.unchanged().size(), details);
        } catch (KubeRejectedException e) {
            return StepResult.failed(STEP, "install", e.getMessage() + hint(e));
        }
    }

    public StepResult uninstall(String clusterName, String region) {
        Optional<ClusterInfo> found = access.find(region, clusterName);
        if (found.isEmpty()) return StepResult.done(STEP, "uninstall", StepResult.ABSENT, "cluster " + clusterName + " does not exist", Map.of());
        if (!found.get().active()) return notActive("uninstall", clusterName, region, found);
        try (KubernetesClient client = access.connect(region, found.get().endpoint())) {
            AdoptionInstaller.Report report = new AdoptionInstaller(client).uninstall(everyAdoptionObject(clusterName, region));
            Map<String, String> details = new LinkedHashMap<>();
            details.put("deleted", String.join(",", report.deleted()));
            if (!report.leftAlone().isEmpty()) details.put("leftAlone", String.join(",", report.leftAlone()));
            return StepResult.done(STEP, "uninstall", report.deleted().isEmpty() ? StepResult.ABSENT : StepResult.DELETED,
                    report.deleted().isEmpty() ? "none of adopt's objects left" : "deleted " + report.deleted(), details);
        } catch (KubeRejectedException e) {
            return StepResult.failed(STEP, "uninstall", e.getMessage() + hint(e));
        }
    }

    /** Why the maintenance loop could not serve this cluster, or null. */
    static String refusal(AdoptionRequest r, KarpenterDetection.Found k) {
        String name = r.clusterName();
        if (!k.nodePoolApi()) {
            return "cluster " + name + " serves no Karpenter v1 API (CRD " + KarpenterDetection.NODE_POOL_CRD + " with version v1"
                    + (k.nodePoolVersions().isEmpty() ? " is absent" : "; it serves " + k.nodePoolVersions()) + ")"
                    + (k.autoMode() ? ", although EKS Auto Mode is on" : "") + ". The maintenance loop forecasts expiry from NodeClaims and sizes"
                    + " the buffer within NodePool limits, so it needs Karpenter 1.0 or later (or EKS Auto Mode's built-in Karpenter).";
        }
        if (k.nodePools().isEmpty()) {
            return "cluster " + name + " has Karpenter's API but no NodePool: nothing would launch nodes for the buffer's pods.";
        }
        if (ClusterSpec.Buffer.CAPACITY_BUFFER.equals(r.buffer().backend()) && !k.capacityBuffer()) {
            return "buffer.backend capacity-buffer needs Karpenter with the CapacityBuffer feature gate on and its CRD "
                    + KarpenterDetection.CAPACITY_BUFFER_CRD + (k.autoMode() ? " (EKS Auto Mode's Karpenter offers neither)" : " (found Karpenter "
                    + (k.version() == null ? "of unknown version" : k.version()) + " without both)") + "; use the pause-pods backend.";
        }
        return null;
    }

    private static List<HasMetadata> everyAdoptionObject(String clusterName, String region) {
        List<HasMetadata> all = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (String backend : List.of(ClusterSpec.Buffer.CAPACITY_BUFFER, ClusterSpec.Buffer.PAUSE_PODS)) {
            Map<String, Object> raw = new LinkedHashMap<>();
            raw.put("clusterName", clusterName);
            raw.put("buffer", Map.of("backend", backend));
            for (HasMetadata o : ClusterManifests.adoption(AdoptionRequest.read(raw).spec(region, null, null))) {
                if (seen.add(o.getApiVersion() + " " + AdoptionInstaller.ref(o))) all.add(o);
            }
        }
        // namespace first, so that the reverse order deletes it last
        all.sort((a, b) -> Boolean.compare(!"Namespace".equals(a.getKind()), !"Namespace".equals(b.getKind())));
        return all;
    }

    private static String hint(KubeRejectedException e) {
        String m = String.valueOf(e.getMessage());
        return m.contains("HTTP 401") || m.contains("HTTP 403") ? " (the adoption role's access entry must carry AmazonEKSClusterAdminPolicy "
                + "on cluster scope, or equivalent RBAC; see docs/adopt.md)" : "";
    }

    private static StepResult notActive(String target, String name, String region, Optional<ClusterInfo> found) {
        return StepResult.failed(STEP, target, "cluster " + name + " in " + region + " "
                + found.map(c -> "is " + c.status()).orElse("does not exist") + "; its Kubernetes API is needed");
    }

    static int minor(String version) {
        if (version == null) return Integer.MAX_VALUE;
        String[] parts = version.split("\\.");
        try {
            return parts.length > 1 ? Integer.parseInt(parts[1]) : Integer.MAX_VALUE;
        } catch (NumberFormatException e) {
            return Integer.MAX_VALUE;
        }
    }
}
