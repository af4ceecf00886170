package dev.nodeless.bench;

import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;

import java.util.ArrayList;
import java.util.List;

/** The pods the maintenance benchmarks seed on every node: one DaemonSet pod (aws-node) and the rest a shop's. */
final class BenchPods {

    private BenchPods() {}

    static List<Pod> on(String nodeName, int podsPerNode) {
        List<Pod> pods = new ArrayList<>();
        for (int p = 0; p < podsPerNode; p++) {
            boolean daemon = p == 0;
            Pod pod = new PodBuilder().withNewMetadata().withNamespace(daemon ? "kube-system" : "shop")
                    .withName(nodeName.substring(0, nodeName.indexOf('.')) + "-" + p).endMetadata()
                    .withNewSpec().withNodeName(nodeName).addNewContainer().withName("main").withImage("busybox")
                    .withNewResources().addToRequests("cpu", new Quantity(daemon ? "25m" : "100m"))
                    .addToRequests("memory", new Quantity(daemon ? "64Mi" : "128Mi")).endResources().endContainer().endSpec()
                    .withNewStatus().withPhase("Running").endStatus().build();
            if (daemon) pod.getMetadata().setOwnerReferences(List.of(new OwnerReferenceBuilder().withApiVersion("apps/v1")
                    .withKind("DaemonSet").withName("aws-node").withUid("ds").build()));
            pods.add(pod);
        }
        return pods;
    }
}
