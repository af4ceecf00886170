package dev.nodeless.bootstrap;

import dev.nodeless.aws.eks.ControlPlaneSettings;

import dev.nodeless.spec.ClusterSpec;
import dev.nodeless.spec.ResourceNames;
import java.util.ArrayList;
import java.util.List;

/**
 * The steps of ARCHITECTURE §3 for one spec, as data: what the bootstrap-cluster state machine runs, in order, and
 * what teardown-cluster runs to remove it. Names come from {@link ResourceNames}, so the plan names exactly what
 * the steps create. Pure.
 */
public final class BootstrapPlan {

    private BootstrapPlan() {}

    public static List<PlannedStep> bootstrap(ClusterSpec spec) {
        ResourceNames n = new ResourceNames(spec.clusterName());
        String cluster = spec.clusterName();
        Steps s = new Steps();
        s.rolePrefix = "arn:" + ClusterFacts.partition(spec.region()) + ":iam::" + ClusterFacts.PLANNED_ACCOUNT + ":role" + ResourceNames.IAM_PATH;
        s.next("validateSpec", null, "lambda", "validate the spec and fill in defaults", cluster);
        s.next("planUpgrade", null, "eks", "compare the cluster's version (DescribeCluster, if it exists) with the spec's "
                + spec.kubernetesVersion() + ": a downgrade or a version EKS does not offer fails here; a higher one adds version "
                + "steps after ensureCluster (plan --current shows them)", cluster);
        s.next("registerCluster", "BOOTSTRAPPING", "dynamodb", "record the cluster in the fleet registry as BOOTSTRAPPING", cluster);
        s.next("ensureIamRole", "cluster", "iam", "EKS cluster role", n.clusterRole());
        s.same("ensureIamRole", "fargate", "iam", "Fargate pod execution role", n.fargatePodExecutionRole());
        s.same("ensureIamRole", "node", "iam", "Karpenter node role and instance profile", n.nodeRole());
        if (spec.network().creates()) {
            s.next("ensureNetwork", null, "ec2", "create VPC " + spec.network().create().cidr() + " with a public and a private subnet in "
                    + spec.network().create().azCount() + " AZs, internet and NAT gateway, routes, discovery tags", n.vpc());
        } else {
            s.next("ensureNetwork", null, "ec2", "check and tag the given subnets " + spec.network().subnetIds()
                    + " (" + ResourceNames.DISCOVERY_TAG + "=" + cluster + ")", String.join(",", spec.network().subnetIds()));
        }
        if (ControlPlaneSettings.encrypts(spec) && ControlPlaneSettings.givenKey(spec) == null) {
            s.next("ensureCluster", null, "kms", "create the Secrets encryption key (rotation on) and its alias", n.kmsAlias());
            s.same("ensureCluster", null, "eks", "create EKS " + spec.kubernetesVersion() + " cluster " + controlPlane(spec) + ", wait until ACTIVE", cluster);
        } else {
            s.next("ensureCluster", null, "eks", "create EKS " + spec.kubernetesVersion() + " cluster " + controlPlane(spec) + ", wait until ACTIVE", cluster);
        }
        s.next("ensureOidcProvider", null, "iam", "IAM OIDC provider for the cluster's issuer", "oidc.eks." + spec.region() + ".amazonaws.com/id/<issuer>");
        s.next("ensureIrsaRole", "karpenter", "iam", "IRSA role for " + ResourceNames.KARPENTER_SA.subject(), n.karpenterControllerRole());
        if (spec.addons().loadBalancerController().enabled()) {
            s.same("ensureIrsaRole", "load-balancer-controller", "iam", "IRSA role for " + ResourceNames.LOAD_BALANCER_CONTROLLER_SA.subject(), n.loadBalancerControllerRole());
        }
        if (spec.addons().externalDns().enabled()) {
            s.same("ensureIrsaRole", "external-dns", "iam", "IRSA role for " + ResourceNames.EXTERNAL_DNS_SA.subject()
                    + " limited to zone " + spec.addons().externalDns().hostedZoneId(), n.externalDnsRole());
        }
        if (dev.nodeless.aws.eks.Addons.wanted(spec, dev.nodeless.aws.eks.Addons.EBS_CSI_DRIVER)) {
            s.same("ensureIrsaRole", "ebs-csi-driver", "iam", "IRSA role for " + ResourceNames.EBS_CSI_CONTROLLER_SA.subject()
                    + " with AmazonEBSCSIDriverPolicy", n.ebsCsiDriverRole());
        }
        s.next("ensureFargateProfile", "karpenter", "eks", "Fargate profile for namespace karpenter, wait until ACTIVE", n.fargateProfileKarpenter());
        // EKS allows one Fargate profile operation at a time per cluster, so the second waits for the first.
        s.next("ensureFargateProfile", "kube-system", "eks", "Fargate profile for namespace kube-system, wait until ACTIVE", n.fargateProfileKubeSystem());
        s.next("ensureAddon", "vpc-cni", "eks", "add-on vpc-cni, wait until ACTIVE", "vpc-cni");
        s.next("ensureAddon", "kube-proxy", "eks", "add-on kube-proxy, wait until ACTIVE", "kube-proxy");
        s.next("ensureAddon", "coredns", "eks", "add-on coredns with {\"computeType\":\"Fargate\"}, wait until ACTIVE", "coredns");
        if (dev.nodeless.aws.eks.Addons.wanted(spec, dev.nodeless.aws.eks.Addons.METRICS_SERVER)) {
            s.next("ensureAddon", "metrics-server", "eks", "add-on metrics-server (on the kube-system Fargate profile), wait until ACTIVE", "metrics-server");
        }
        if (dev.nodeless.aws.eks.Addons.wanted(spec, dev.nodeless.aws.eks.Addons.EBS_CSI_DRIVER)) {
            s.next("ensureAddon", "aws-ebs-csi-driver", "eks", "add-on aws-ebs-csi-driver with role " + n.ebsCsiDriverRole()
                    + " (controller on Fargate, node DaemonSet on Karpenter's nodes), wait until ACTIVE", "aws-ebs-csi-driver");
        }
        s.next("ensureAccessEntries", null, "eks", "access entries: node role (EC2_LINUX), the automation role, "
                + spec.admins().size() + " admin(s) (cluster admin), " + (spec.viewers() == null ? 0 : spec.viewers().size()) + " viewer(s) (view, group "
                + ResourceNames.VIEWER_GROUP + ")" + (spec.confirmAccessRemoval() == null || spec.confirmAccessRemoval().isEmpty() ? ""
                : "; may remove the entries of " + spec.confirmAccessRemoval()), n.nodeRole());
        s.next("ensureInterruptionQueue", null, "sqs+events", "Karpenter interruption queue and its "
                + ResourceNames.INTERRUPTION_RULE_KINDS.size() + " EventBridge rules", n.interruptionQueue());
        s.next("applyKubernetes", null, "kubernetes", "render charts and server-side apply every object in order (field manager "
                + ResourceNames.FIELD_MANAGER + ")", "manifests/");
        s.next("verifyCluster", null, "kubernetes", "coredns and karpenter Ready on Fargate, NodePool Ready", cluster);
        s.next("registerCluster", "ACTIVE", "dynamodb", "mark the cluster ACTIVE in the fleet registry", cluster);
        return s.steps;
    }

    /** The control-plane settings CreateCluster carries, for the plan's text. */
    private static String controlPlane(ClusterSpec spec) {
        String key = ControlPlaneSettings.givenKey(spec) != null ? ControlPlaneSettings.givenKey(spec)
                : ControlPlaneSettings.encrypts(spec) ? new ResourceNames(spec.clusterName()).kmsAlias() : "none";
        return "(logs " + ControlPlaneSettings.logTypes(spec) + ", Secrets key " + key + ", support "
                + ControlPlaneSettings.supportType(spec) + ", deletion protection " + ControlPlaneSettings.deletionProtection(spec) + ")";
    }

    /** Teardown deletes in reverse, one stage at a time, each stage looped until its resources are gone. */
    public static List<PlannedStep> teardown(ClusterSpec spec) {
        ResourceNames n = new ResourceNames(spec.clusterName());
        String cluster = spec.clusterName();
        Steps s = new Steps();
        s.next("teardownStep", "deletion-protection", "eks", "refuse a protected cluster unless confirmDeletion names it", cluster);
        s.next("registerCluster", "DELETING", "dynamodb", "mark the cluster DELETING in the fleet registry", cluster);
        s.next("teardownKubernetes", null, "kubernetes", "delete NodePools, EC2NodeClass and LoadBalancer Services; wait until Karpenter's nodes are gone", cluster);
        s.next("teardownStep", "interruption-queue", "sqs+events", "delete the interruption queue and its rules", n.interruptionQueue());
        s.next("teardownStep", "access-entries", "eks", "delete access entries", cluster);
        s.next("teardownStep", "addons", "eks", "delete add-ons (vpc-cni, kube-proxy, coredns, metrics-server, aws-ebs-csi-driver, those present)", cluster);
        s.next("teardownStep", "fargate-profile:karpenter", "eks", "delete Fargate profile", n.fargateProfileKarpenter());
        s.next("teardownStep", "fargate-profile:kube-system", "eks", "delete Fargate profile", n.fargateProfileKubeSystem());
        s.next("teardownStep", "cluster", "eks", "delete the EKS cluster (switching its deletion protection off first)", cluster);
        s.next("teardownStep", "kms-key", "kms", "schedule deletion of the Secrets key (7 days) and delete its alias", n.kmsAlias());
        s.next("teardownStep", "irsa-roles", "iam", "delete IRSA roles", n.karpenterControllerRole());
        s.next("teardownStep", "oidc-provider", "iam", "delete the OIDC provider", "oidc.eks." + spec.region() + ".amazonaws.com/id/<issuer>");
        s.next("teardownStep", "iam-roles", "iam", "delete cluster, Fargate and node roles and the instance profile", n.nodeRole());
        s.next("teardownStep", "network", "ec2", spec.network().creates() ? "delete the created VPC and everything in it" : "remove Nodeless tags from the given subnets",
                spec.network().creates() ? n.vpc() : String.join(",", spec.network().subnetIds()));
        s.next("teardownStep", "registry", "dynamodb", "remove the cluster from the fleet registry", cluster);
        return s.steps;
    }

    private static final class Steps {
        final List<PlannedStep> steps = new ArrayList<>();
        int order;

        /** Role ARNs as the bootstrap makes them; the plan knows no account, so it shows the placeholder one. */
        String rolePrefix;

        void next(String step, String target, String service, String action, String name) {
            steps.add(new PlannedStep(++order, step, target, service, action, name, arn(step, name)));
        }

        void same(String step, String target, String service, String action, String name) {
            steps.add(new PlannedStep(order, step, target, service, action, name, arn(step, name)));
        }

        private String arn(String step, String name) {
            boolean role = step.equals("ensureIamRole") || step.equals("ensureIrsaRole");
            return role && rolePrefix != null ? rolePrefix + name : null;
        }
    }
}
