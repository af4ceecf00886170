package dev.nodeless.kube;

import dev.nodeless.bootstrap.StepResult;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Step {@code restartFargatePods} (target: the Kubernetes version the control plane just reached). A Fargate pod runs
 * on a node of its own whose kubelet keeps the version it started with, so after each control-plane update the
 * system Deployments on Fargate (coredns, karpenter) are restarted, as {@code kubectl rollout restart} does: a pod
 * template annotation changes, and the Deployment rolls its pods onto new Fargate nodes. The annotation's value is
 * the target version, so a re-run for the same version patches nothing (idempotent, redrivable); done=false until
 * each Deployment reports the rollout finished (observedGeneration and updated, available replicas).
 */
public final class FargateRestart {

    public static final String STEP = "restartFargatePods";
    public static final String ANNOTATION = "nodeless.dev/restarted-for-kubernetes";
    /** namespace/name of the Deployments that run on the Fargate profiles. */
    static final List<String[]> DEPLOYMENTS = List.of(new String[] {"kube-system", "coredns"}, new String[] {"karpenter", "karpenter"});

    public StepResult restart(KubernetesClient client, String version) {
        Map<String, String> details = new LinkedHashMap<>();
        details.put("version", version);
        List<String> restarted = new ArrayList<>();
        List<String> rolling = new ArrayList<>();
        for (String[] d : DEPLOYMENTS) {
            String id = d[0] + "/" + d[1];
            Deployment dep = KubeFailures.call("reading Deployment " + id, () -> client.apps().deployments().inNamespace(d[0]).withName(d[1]).get());
            if (dep == null) {
                details.put(id, "absent");
                continue;
            }
            Map<String, String> annotations = dep.getSpec().getTemplate().getMetadata() == null ? null
                    : dep.getSpec().getTemplate().getMetadata().getAnnotations();
            if (annotations == null || !version.equals(annotations.get(ANNOTATION))) {
                String patch = "{\"spec\":{\"template\":{\"metadata\":{\"annotations\":{\"" + ANNOTATION + "\":\"" + version + "\"}}}}}";
                KubeFailures.call("restarting Deployment " + id, () -> client.apps().deployments().inNamespace(d[0]).withName(d[1])
                        .patch(PatchContext.of(PatchType.JSON_MERGE), patch));
                restarted.add(id);
                details.put(id, "restarted");
            } else if (!rolledOut(dep)) {
                rolling.add(id);
                details.put(id, "rolling out");
            } else {
                details.put(id, "running for " + version);
            }
        }
        if (!restarted.isEmpty() || !rolling.isEmpty()) {
            return StepResult.waiting(STEP, version, (restarted.isEmpty() ? "" : "restarted " + restarted + " ")
                    + (rolling.isEmpty() ? "" : "rolling out " + rolling), details);
        }
        return StepResult.done(STEP, version, StepResult.ACTIVE, "coredns and karpenter pods run on Fargate nodes started for " + version, details);
    }

    private static boolean rolledOut(Deployment d) {
        if (d.getStatus() == null) return false;
        int want = d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
        Long observed = d.getStatus().getObservedGeneration();
        Long generation = d.getMetadata().getGeneration();
        return (generation == null || (observed != null && observed >= generation))
                && nz(d.getStatus().getUpdatedReplicas()) >= want && nz(d.getStatus().getAvailableReplicas()) >= want
                && nz(d.getStatus().getReplicas()) <= want;
    }

    private static int nz(Integer i) {
        return i == null ? 0 : i;
    }
}
