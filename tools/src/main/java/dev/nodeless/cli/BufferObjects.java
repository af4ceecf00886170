package dev.nodeless.cli;

import dev.nodeless.buffer.BufferPolicy;
import dev.nodeless.kube.buffer.KubeClusterApi;
import dev.nodeless.spec.ResourceNames;

/** The buffer object at baseline, for snapshots taken without it. */
final class BufferObjects {

    private BufferObjects() {}

    static String yaml(KubeClusterApi.Backend backend, BufferPolicy p) {
        String cpu = p.chunk().milliCpu() + "m";
        String memory = p.chunk().memoryBytes() + "";
        if (backend == KubeClusterApi.Backend.CAPACITY_BUFFER) {
            return """
                    apiVersion: autoscaling.x-k8s.io/v1beta1
                    kind: CapacityBuffer
                    metadata: {name: %s, namespace: %s}
                    spec: {podTemplateRef: {name: %s}, replicas: %d, provisioningStrategy: buffer.x-k8s.io/active-capacity}
                    """.formatted(ResourceNames.BUFFER_NAME, ResourceNames.BUFFER_NAMESPACE, ResourceNames.BUFFER_NAME, p.baseline());
        }
        return """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: %s, namespace: %s}
                spec:
                  replicas: %d
                  selector: {matchLabels: {%s: "true"}}
                  template:
                    metadata: {labels: {%s: "true"}}
                    spec:
                      priorityClassName: %s
                      containers:
                      - name: pause
                        image: registry.k8s.io/pause:3.10
                        resources: {requests: {cpu: %s, memory: "%s"}}
                """.formatted(ResourceNames.BUFFER_NAME, ResourceNames.BUFFER_NAMESPACE, p.baseline(), ResourceNames.BUFFER_POD_LABEL,
                ResourceNames.BUFFER_POD_LABEL, ResourceNames.BUFFER_PRIORITY_CLASS, cpu, memory);
    }
}
