package dev.nodeless.kube.manifests;

import dev.nodeless.spec.ClusterSpec;
import dev.nodeless.spec.ResourceNames;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * kube-ops-view, read-only, behind a Network Load Balancer made by the AWS Load Balancer Controller. Internal by
 * default; internet-facing only with source ranges (the validator enforces that), because it has no login.
 */
final class KubeOpsViewObjects {

    static final String IMAGE = "hjacobs/kube-ops-view:23.5.0";
    static final String NAME = ResourceNames.KUBE_OPS_VIEW_NAME;
    static final String NAMESPACE = ResourceNames.KUBE_OPS_VIEW_NAMESPACE;
    static final String SCHEME_ANNOTATION = "service.beta.kubernetes.io/aws-load-balancer-scheme";
    static final String TARGET_TYPE_ANNOTATION = "service.beta.kubernetes.io/aws-load-balancer-nlb-target-type";
    static final String HOSTNAME_ANNOTATION = "external-dns.alpha.kubernetes.io/hostname";
    static final String NLB_CLASS = "service.k8s.aws/nlb";

    private KubeOpsViewObjects() {}

    /** The namespace is applied with the other namespaces; these are the objects inside and the cluster-wide RBAC. */
    static List<HasMetadata> objects(ClusterSpec spec) {
        Map<String, String> labels = Labels.of(NAME);
        var account = new ServiceAccountBuilder().withNewMetadata().withName(NAME).withNamespace(NAMESPACE).withLabels(labels).endMetadata().build();
        var role = new ClusterRoleBuilder().withNewMetadata().withName(NAME).withLabels(labels).endMetadata()
                .withRules(
                        new PolicyRuleBuilder().withApiGroups("").withResources("nodes", "pods").withVerbs("get", "list").build(),
                        new PolicyRuleBuilder().withApiGroups("metrics.k8s.io").withResources("nodes", "pods").withVerbs("get", "list").build())
                .build();
        var binding = new ClusterRoleBindingBuilder().withNewMetadata().withName(NAME).withLabels(labels).endMetadata()
                .withNewRoleRef().withApiGroup("rbac.authorization.k8s.io").withKind("ClusterRole").withName(NAME).endRoleRef()
                .addNewSubject().withKind("ServiceAccount").withName(NAME).withNamespace(NAMESPACE).endSubject()
                .build();
        var deployment = new DeploymentBuilder()
                .withNewMetadata().withName(NAME).withNamespace(NAMESPACE).withLabels(labels).endMetadata()
                .withNewSpec().withReplicas(1)
                .withNewSelector().withMatchLabels(Map.of(Labels.NAME, NAME)).endSelector()
                .withNewTemplate().withNewMetadata().withLabels(labels).endMetadata()
                .withNewSpec().withServiceAccountName(NAME)
                .addNewContainer().withName(NAME).withImage(IMAGE)
                .addNewPort().withName("http").withContainerPort(8080).withProtocol("TCP").endPort()
                .withNewReadinessProbe().withNewHttpGet().withPath("/health").withPort(new IntOrString(8080)).endHttpGet()
                .withInitialDelaySeconds(5).withTimeoutSeconds(1).endReadinessProbe()
                .withNewResources()
                .addToRequests("cpu", new Quantity("50m")).addToRequests("memory", new Quantity("128Mi"))
                .addToLimits("memory", new Quantity("256Mi"))
                .endResources()
                .withNewSecurityContext().withAllowPrivilegeEscalation(false).withRunAsNonRoot(true).withRunAsUser(1000L)
                .withReadOnlyRootFilesystem(true).endSecurityContext()
                .endContainer()
                .endSpec().endTemplate().endSpec()
                .build();
        return List.of(account, role, binding, deployment, service(spec));
    }

    static HasMetadata service(ClusterSpec spec) {
        ClusterSpec.Addons.KubeOpsView view = spec.addons().kubeOpsView();
        Map<String, String> annotations = new LinkedHashMap<>();
        annotations.put(SCHEME_ANNOTATION, view.scheme());
        // ip targets: the pod is registered directly, which works for pods on Fargate and on Karpenter nodes alike.
        annotations.put(TARGET_TYPE_ANNOTATION, "ip");
        if (spec.addons().externalDns().enabled()) {
            annotations.put(HOSTNAME_ANNOTATION, NAME + "." + spec.addons().externalDns().domain());
        }
        return new ServiceBuilder()
                .withNewMetadata().withName(NAME).withNamespace(NAMESPACE).withLabels(Labels.of(NAME)).withAnnotations(annotations).endMetadata()
                .withNewSpec()
                .withType("LoadBalancer")
                .withLoadBalancerClass(NLB_CLASS)
                .withLoadBalancerSourceRanges(view.sourceRanges().isEmpty() ? null : view.sourceRanges())
                .withSelector(Map.of(Labels.NAME, NAME))
                .addNewPort().withName("http").withPort(80).withTargetPort(new IntOrString("http")).withProtocol("TCP").endPort()
                .endSpec()
                .build();
    }
}
