package dev.nodeless.kube.adopt;

import dev.nodeless.kube.KarpenterApi;
import dev.nodeless.kube.KubeFailures;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What an existing cluster runs for nodes, read from its API before adopt installs anything:
 * <ul>
 *   <li>Karpenter's v1 API: the CRD {@code nodepools.karpenter.sh} serving {@code v1} (the maintenance loop lists v1
 *       NodePools and NodeClaims), and the NodePools that exist;</li>
 *   <li>Karpenter's version: the image tag of its controller Deployment (label {@code app.kubernetes.io/name=karpenter},
 *       any namespace; Helm installs, eksctl and Terraform's module all set it), else the chart's
 *       {@code app.kubernetes.io/version} label; with EKS Auto Mode AWS runs Karpenter out of sight, so none;</li>
 *   <li>whether a CapacityBuffer can be used: its CRD exists and the controller runs with {@code CapacityBuffer=true}
 *       in {@code FEATURE_GATES} (alpha, off by default in Karpenter 1.14's chart).</li>
 * </ul>
 */
public final class KarpenterDetection {

    static final String NODE_POOL_CRD = "nodepools.karpenter.sh";
    static final String CAPACITY_BUFFER_CRD = "capacitybuffers.autoscaling.x-k8s.io";
    static final String NAME_LABEL = "app.kubernetes.io/name";
    static final String VERSION_LABEL = "app.kubernetes.io/version";
    private static final Pattern TAG = Pattern.compile(":(v?\\d+\\.\\d+\\.\\d+[^@:/]*)(@.*)?$");

    /**
     * @param nodePoolApi    the v1 NodePool API is served
     * @param version        Karpenter's version (1.14.1), or null when unknown (Auto Mode, no controller Deployment found)
     * @param versionSource  where the version came from, or why it is unknown
     * @param capacityBuffer a CapacityBuffer would be served and acted on
     */
    public record Found(boolean nodePoolApi, List<String> nodePoolVersions, String version, String versionSource, List<String> nodePools,
                        boolean autoMode, boolean capacityBuffer) {}

    private KarpenterDetection() {}

    public static Found detect(KubernetesClient client, boolean autoMode) {
        try {
            List<String> served = servedVersions(client, NODE_POOL_CRD);
            boolean v1 = served.contains("v1");
            List<String> pools = v1 ? client.genericKubernetesResources(KarpenterApi.NODE_POOLS).list().getItems().stream()
                    .map(p -> p.getMetadata().getName()).sorted().toList() : List.of();
            Optional<Deployment> controller = autoMode ? Optional.empty() : controller(client);
            String version = null;
            String source;
            if (autoMode) {
                source = "EKS Auto Mode: AWS runs Karpenter; its version is not visible in the cluster";
            } else if (controller.isEmpty()) {
                source = "no Deployment labelled " + NAME_LABEL + "=karpenter";
            } else {
                Deployment d = controller.get();
                String where = "Deployment " + d.getMetadata().getNamespace() + "/" + d.getMetadata().getName();
                version = imageTag(container(d)).orElse(null);
                if (version != null) {
                    source = where + " image tag";
                } else {
                    Map<String, String> labels = d.getMetadata().getLabels() == null ? Map.of() : d.getMetadata().getLabels();
                    version = labels.get(VERSION_LABEL);
                    source = version != null ? where + " label " + VERSION_LABEL : where + ": no version in its image tag or labels";
                }
                if (version != null && version.startsWith("v")) version = version.substring(1);
            }
            boolean gate = controller.map(d -> featureGates(container(d)).contains("CapacityBuffer=true")).orElse(false);
            boolean capacityBuffer = gate && !servedVersions(client, CAPACITY_BUFFER_CRD).isEmpty();
            return new Found(v1, served, version, source, pools, autoMode, capacityBuffer);
        } catch (KubernetesClientException e) {
            throw KubeFailures.classify("detecting Karpenter", e);
        }
    }

    private static List<String> servedVersions(KubernetesClient client, String crdName) {
        CustomResourceDefinition crd = client.apiextensions().v1().customResourceDefinitions().withName(crdName).get();
        if (crd == null || crd.getSpec() == null || crd.getSpec().getVersions() == null) return List.of();
        List<String> served = new ArrayList<>();
        for (CustomResourceDefinitionVersion v : crd.getSpec().getVersions()) if (Boolean.TRUE.equals(v.getServed())) served.add(v.getName());
        return served;
    }

    private static Optional<Deployment> controller(KubernetesClient client) {
        // the label is checked again here: an emulator or proxy may ignore the selector
        return client.apps().deployments().inAnyNamespace().withLabel(NAME_LABEL, "karpenter").list().getItems().stream()
                .filter(d -> d.getMetadata().getLabels() != null && "karpenter".equals(d.getMetadata().getLabels().get(NAME_LABEL)))
                .findFirst();
    }

    /** The controller container (Karpenter's chart names it "controller"), else the first one. */
    private static Container container(Deployment d) {
        List<Container> containers = d.getSpec() == null || d.getSpec().getTemplate() == null || d.getSpec().getTemplate().getSpec() == null
                ? List.of() : d.getSpec().getTemplate().getSpec().getContainers();
        return containers.stream().filter(c -> "controller".equals(c.getName())).findFirst().orElse(containers.isEmpty() ? null : containers.get(0));
    }

    static Optional<String> imageTag(Container c) {
        if (c == null || c.getImage() == null) return Optional.empty();
        Matcher m = TAG.matcher(c.getImage());
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }

    private static String featureGates(Container c) {
        if (c == null || c.getEnv() == null) return "";
        return c.getEnv().stream().filter(e -> "FEATURE_GATES".equals(e.getName())).map(EnvVar::getValue).filter(v -> v != null)
                .findFirst().orElse("");
    }
}
