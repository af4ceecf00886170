package dev.nodeless.spec;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Deterministic names of everything the bootstrap creates for one cluster. Idempotent steps find what an
 * earlier run created by these names, so no step needs another step's output to find its resources.
 * IAM role names are limited to 64 characters; long cluster names are shortened with a stable hash.
 */
public record ResourceNames(String cluster) {

    // --- Kubernetes objects of the Kubernetes phase (owner: spec; the buffer names above are shared with maintenance) ---
    /** The one NodePool and EC2NodeClass the bootstrap applies. */
    public static final String NODE_POOL = "default";
    public static final String NODE_CLASS = "default";
    /** PriorityClass 0 with globalDefault, so only the buffer (-1) is preemptible by everything. */
    public static final String DEFAULT_PRIORITY_CLASS = "default";
    public static final String KUBE_OPS_VIEW_NAMESPACE = "kube-ops-view";
    public static final String KUBE_OPS_VIEW_NAME = "kube-ops-view";
    public static final String INFLATE_NAME = "inflate";
    /** Helm release names; each chart's service account name follows from its release (see the *_SA constants). */
    public static final String KARPENTER_RELEASE = "karpenter";
    public static final String LOAD_BALANCER_CONTROLLER_RELEASE = "aws-load-balancer-controller";
    public static final String EXTERNAL_DNS_RELEASE = "external-dns";

    public static final String DISCOVERY_TAG = "karpenter.sh/discovery";
    public static final String MANAGED_BY_TAG = "nodeless.dev/managed-by";
    public static final String CLUSTER_TAG = "nodeless.dev/cluster";
    public static final String FIELD_MANAGER = "nodeless";
    /**
     * Annotation on an applied object listing fields (comma-separated dot paths, e.g. {@code spec.replicas}) that the
     * Kubernetes phase sets only when it creates the object and never server-side applies, so their later owner
     * (the maintenance loop, for the buffer's replicas) keeps its value across bootstrap re-runs.
     */
    public static final String CREATE_ONLY_FIELDS_ANNOTATION = "nodeless.dev/create-only-fields";
    /** The buffer object (pause-pods Deployment or CapacityBuffer) lives here; not on a Fargate-profile namespace. */
    public static final String BUFFER_NAMESPACE = "nodeless";
    public static final String BUFFER_NAME = "pause-pods";
    public static final String BUFFER_PRIORITY_CLASS = "pause-pods";
    /** Label on buffer pods (and the CapacityBuffer's pod template). */
    public static final String BUFFER_POD_LABEL = "nodeless.dev/buffer";
    /** Value of {@link #BUFFER_POD_LABEL}; the maintenance loop counts pods with it as buffer, not as demand. */
    public static final String BUFFER_POD_LABEL_VALUE = "true";
    /** ClusterRole and Role (namespace {@link #BUFFER_NAMESPACE}) bound to {@link #MAINTENANCE_GROUP}. */
    public static final String MAINTENANCE_ROLE = "nodeless-maintenance";
    /** Read-only ClusterRole and Role (namespace {@link #BUFFER_NAMESPACE}) bound to {@link #MAINTENANCE_READER_GROUP}. */
    public static final String MAINTENANCE_READER_ROLE = "nodeless-maintenance-reader";
    /** Label on Nodes expected to be displaced; buffer pods have a required anti-affinity to it. */
    public static final String AT_RISK_LABEL = "nodeless.dev/at-risk";
    /** Annotation on the buffer object holding the at-risk ledger (JSON), written together with replicas. */
    public static final String LEDGER_ANNOTATION = "nodeless.dev/at-risk-ledger";

    /**
     * The IAM path of every role and instance profile created for clusters. The stack's own roles live at {@code /}
     * whatever the stack is called, so no permission scoped to this path can reach them (ARCHITECTURE §8).
     */
    public static final String IAM_PATH = "/nodeless/";
    /** Longest valid EKS cluster name: every name up to this length yields valid names of every resource below. */
    public static final int MAX_CLUSTER_NAME = 100;

    public String clusterRole() { return role("cluster"); }
    public String fargatePodExecutionRole() { return role("fargate"); }
    public String nodeRole() { return role("node"); }
    public String nodeInstanceProfile() { return role("node"); }
    public String karpenterControllerRole() { return role("karpenter"); }
    public String loadBalancerControllerRole() { return role("lbc"); }
    public String externalDnsRole() { return role("dns"); }
    public String ebsCsiDriverRole() { return role("ebs-csi"); }
    /**
     * Prefix of the interruption queue and its rules. CloudFormation names a stack's own queues and rules
     * {@code <stack>-<LogicalId>-<suffix>}, and stack names cannot contain '_': so no permission scoped to
     * {@code nodeless_*} can match a resource of the stack itself, whatever it is called (ARCHITECTURE §8).
     */
    public static final String QUEUE_AND_RULE_PREFIX = "nodeless_";

    /** SQS queue names: at most 80 characters (75 leaves room for ".fifo"), letters, digits, '-' and '_'. */
    public String interruptionQueue() { return fit(QUEUE_AND_RULE_PREFIX, "", 80 - ".fifo".length()); }
    /** EventBridge rule names: at most 64 characters; the kind stays at the end, where teardown and permissions expect it. */
    public String interruptionRule(String kind) { return fit(QUEUE_AND_RULE_PREFIX, "-" + kind, 64); }
    /** KMS alias of a cluster's Secrets key, after {@code alias/}: {@code alias/nodeless/<cluster>} (aliases are unique per account and region). */
    public static final String KMS_ALIAS_PREFIX = "nodeless/";
    public String kmsAlias() { return "alias/" + KMS_ALIAS_PREFIX + cluster; }
    public String fargateProfileKarpenter() { return "karpenter"; }
    public String fargateProfileKubeSystem() { return "kube-system"; }

    // --- network (EC2 resources have no names; these are their Name tags, found back by tag) ---
    /** Tag on created subnets and route tables: {@code public} or {@code private}. */
    public static final String SUBNET_TIER_TAG = "nodeless.dev/subnet-tier";
    public static final String ELB_ROLE_TAG = "kubernetes.io/role/elb";
    public static final String INTERNAL_ELB_ROLE_TAG = "kubernetes.io/role/internal-elb";

    public String vpc() { return "nodeless-" + cluster; }
    public String subnet(String tier, String availabilityZone) { return "nodeless-" + cluster + "-" + tier + "-" + availabilityZone; }
    public String internetGateway() { return "nodeless-" + cluster; }
    public String natGateway() { return "nodeless-" + cluster; }
    public String natElasticIp() { return "nodeless-" + cluster + "-nat"; }
    public String routeTable(String tier) { return "nodeless-" + cluster + "-" + tier; }
    /** The tag Karpenter and the load balancer controller use to recognise the cluster's resources. */
    public String clusterOwnershipTag() { return "kubernetes.io/cluster/" + cluster; }

    // --- IRSA: the service accounts each role trusts (the Kubernetes phase must create exactly these) ---
    public record ServiceAccount(String namespace, String name) {
        public String subject() { return "system:serviceaccount:" + namespace + ":" + name; }
    }
    public static final ServiceAccount KARPENTER_SA = new ServiceAccount("karpenter", "karpenter");
    public static final ServiceAccount LOAD_BALANCER_CONTROLLER_SA = new ServiceAccount("kube-system", "aws-load-balancer-controller");
    /** kube-system, so that ExternalDNS runs on the kube-system Fargate profile without a third profile. */
    public static final ServiceAccount EXTERNAL_DNS_SA = new ServiceAccount("kube-system", "external-dns");
    /** The EKS add-on aws-ebs-csi-driver's controller (its node DaemonSet needs no AWS permission of its own). */
    public static final ServiceAccount EBS_CSI_CONTROLLER_SA = new ServiceAccount("kube-system", "ebs-csi-controller-sa");

    /**
     * The Kubernetes group the maintenance functions' access entry carries. EKS access policies map to the built-in
     * view/edit roles, which cannot read NodeClaims or write CapacityBuffers, so the Kubernetes phase binds a
     * narrow ClusterRole/Role to this group instead ("nodeless:" because EKS forbids the "system:" prefix).
     */
    public static final String MAINTENANCE_GROUP = "nodeless:maintenance";

    /**
     * The Kubernetes group of the maintenance functions that only read the cluster (resolveTarget finds the Node of an
     * instance; reconcileCluster dry-runs a reconcile to decide whether to start an execution). Bound to get/list
     * rules only, so neither can label a Node, resize the buffer or record an Event; only sizeBuffer writes.
     */
    public static final String MAINTENANCE_READER_GROUP = "nodeless:maintenance-reader";

    /**
     * The Kubernetes group of the spec's viewers' access entries. EKS's view access policy covers no custom
     * resources, so the Kubernetes phase binds read rules for Karpenter's and the buffer's to this group.
     */
    public static final String VIEWER_GROUP = "nodeless:viewers";
    /** ClusterRole and ClusterRoleBinding bound to {@link #VIEWER_GROUP}. */
    public static final String VIEWER_ROLE = "nodeless-viewer";

    /** The EventBridge rules Karpenter documents for its interruption queue, by {@link #interruptionRule} kind. */
    public static final java.util.List<String> INTERRUPTION_RULE_KINDS =
            java.util.List.of("scheduled-change", "spot-interruption", "rebalance", "instance-state-change",
                    "capacity-reservation-interruption");

    /** IAM role names: at most 64 characters; the purpose stays at the end, where the template's PassRole patterns expect it. */
    private String role(String purpose) {
        return fit("nodeless-", "-" + purpose, 64);
    }

    /**
     * {@code prefix + cluster + suffix}, kept within {@code max} characters: a cluster name too long for it is cut and
     * followed by an 8-hex-digit hash of the whole cluster name, so prefix and suffix survive and names stay unique.
     */
    String fit(String prefix, String suffix, int max) {
        String name = prefix + cluster + suffix;
        if (name.length() <= max) return name;
        String hash = sha256(cluster).substring(0, 8);
        return prefix + cluster.substring(0, max - prefix.length() - suffix.length() - 9) + "-" + hash + suffix;
    }

    /** The SHA-256 of {@code s} (UTF-8) in lower-case hex: the stable hash that shortens names here and in execution names. */
    public static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
