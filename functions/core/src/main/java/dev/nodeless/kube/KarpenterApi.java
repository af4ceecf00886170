package dev.nodeless.kube;

import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;

/** Karpenter's API kinds (v1) and the labels it puts on what it launches. */
public final class KarpenterApi {

    public static final ResourceDefinitionContext NODE_POOLS = context("karpenter.sh", "NodePool", "nodepools");
    public static final ResourceDefinitionContext NODE_CLAIMS = context("karpenter.sh", "NodeClaim", "nodeclaims");
    public static final ResourceDefinitionContext EC2_NODE_CLASSES = context("karpenter.k8s.aws", "EC2NodeClass", "ec2nodeclasses");
    /** Set on every Node and NodeClaim Karpenter launches. */
    public static final String NODE_POOL_LABEL = "karpenter.sh/nodepool";
    /** Set by EKS on every Fargate node. */
    public static final String COMPUTE_TYPE_LABEL = "eks.amazonaws.com/compute-type";

    private KarpenterApi() {}

    private static ResourceDefinitionContext context(String group, String kind, String plural) {
        return new ResourceDefinitionContext.Builder().withGroup(group).withVersion("v1").withKind(kind).withPlural(plural).withNamespaced(false).build();
    }
}
