package dev.nodeless.spec;

import java.util.List;
import java.util.Map;

/**
 * The cluster spec a user passes to the bootstrap state machine (schema: {@code schema/cluster-spec.schema.json}).
 * After {@link SpecDefaults#apply} every field is set; validation lists every problem at once.
 * Durations use Karpenter's notation ({@code 30s}, {@code 10m}, {@code 720h}, or {@code Never} for expiry).
 *
 * <p>Access: {@code admins} get EKS's cluster-admin access policy, {@code viewers} its view policy plus read RBAC for
 * Karpenter's and the buffer's custom resources; at least one of the two must name someone. Removing an existing
 * admin's or viewer's access entry is refused unless its ARN is listed in {@code confirmAccessRemoval}, so leaving a
 * field out by mistake never deletes access.
 *
 * <p>Control plane: {@code logging}, {@code encryption} of Secrets, {@code upgradePolicy} and {@code deletionProtection}
 * are set at create and converged on every run. {@code confirmDeletion} is read by teardown only: a protected cluster is
 * deleted only when it equals the cluster's name.
 */
public record ClusterSpec(
        String clusterName,
        String region,
        String kubernetesVersion,
        Endpoint endpoint,
        Network network,
        List<String> admins,
        List<String> viewers,
        List<String> confirmAccessRemoval,
        Karpenter karpenter,
        Buffer buffer,
        Addons addons,
        Map<String, String> tags,
        Logging logging,
        Encryption encryption,
        UpgradePolicy upgradePolicy,
        Boolean deletionProtection,
        String confirmDeletion) {

    /** Without the control-plane settings (logging, encryption, upgrade policy, deletion protection): the form before them. */
    public ClusterSpec(String clusterName, String region, String kubernetesVersion, Endpoint endpoint, Network network,
                       List<String> admins, List<String> viewers, List<String> confirmAccessRemoval, Karpenter karpenter,
                       Buffer buffer, Addons addons, Map<String, String> tags) {
        this(clusterName, region, kubernetesVersion, endpoint, network, admins, viewers, confirmAccessRemoval, karpenter, buffer, addons, tags,
                null, null, null, null, null);
    }

    /** The same spec with other control-plane settings (tests and the defaults use it). */
    public ClusterSpec withControlPlane(Logging logging, Encryption encryption, UpgradePolicy upgradePolicy, Boolean deletionProtection,
                                        String confirmDeletion) {
        return new ClusterSpec(clusterName, region, kubernetesVersion, endpoint, network, admins, viewers, confirmAccessRemoval, karpenter,
                buffer, addons, tags, logging, encryption, upgradePolicy, deletionProtection, confirmDeletion);
    }

    /** EKS control-plane log types sent to CloudWatch Logs ({@code /aws/eks/<cluster>/cluster}); the others are switched off. */
    public record Logging(List<String> types) {}

    /**
     * Envelope encryption of Kubernetes Secrets with a KMS key: {@code kmsKeyArn} (a key of yours), or {@code createKey}
     * (a key created per cluster, alias {@code nodeless/<cluster>}, scheduled for deletion by teardown). Neither: no
     * envelope encryption. EKS cannot remove it once a cluster has it.
     */
    public record Encryption(String kmsKeyArn, Boolean createKey) {}

    /** EKS's upgrade policy: {@code STANDARD} (the cluster is upgraded when standard support ends) or {@code EXTENDED} (extended-support pricing). */
    public record UpgradePolicy(String supportType) {
        public static final String STANDARD = "STANDARD";
        public static final String EXTENDED = "EXTENDED";
    }

    /**
     * Without viewers and removal confirmations (the form before they existed).
     */
    public ClusterSpec(String clusterName, String region, String kubernetesVersion, Endpoint endpoint, Network network,
                       List<String> admins, Karpenter karpenter, Buffer buffer, Addons addons, Map<String, String> tags) {
        this(clusterName, region, kubernetesVersion, endpoint, network, admins, null, null, karpenter, buffer, addons, tags,
                null, null, null, null, null);
    }

    /** EKS API endpoint exposure. The Kubernetes-phase Lambda runs outside the VPC, so public access is on by default but limited to {@code publicAccessCidrs}. */
    public record Endpoint(Boolean publicAccess, Boolean privateAccess, List<String> publicAccessCidrs) {}

    /** Either existing {@code subnetIds}/{@code securityGroupIds}, or {@code create} a VPC. */
    public record Network(List<String> subnetIds, List<String> securityGroupIds, Create create) {
        /** @param availabilityZoneIds zone IDs (e.g. use1-az1) to place the subnets in; null: the region's first supported zones */
        public record Create(String cidr, Integer azCount, List<String> availabilityZoneIds) {
            public Create(String cidr, Integer azCount) {
                this(cidr, azCount, null);
            }
        }
        public boolean creates() { return create != null; }
    }

    /**
     * Karpenter's version and node settings. Without {@code nodePools} the fields from {@code capacityTypes} to
     * {@code instanceCategories} describe the one NodePool {@code default} (as before pools could be listed); with
     * {@code nodePools} every listed pool is rendered instead, and those fields are the defaults of each pool's own.
     */
    public record Karpenter(
            String version,
            List<String> capacityTypes,
            Integer cpuLimit,
            String memoryLimit,
            String expireAfter,
            String consolidateAfter,
            List<String> instanceCategories,
            String amiAlias,
            List<NodePool> nodePools) {

        /** Without a list of pools (the form before nodePools existed). */
        public Karpenter(String version, List<String> capacityTypes, Integer cpuLimit, String memoryLimit, String expireAfter,
                         String consolidateAfter, List<String> instanceCategories, String amiAlias) {
            this(version, capacityTypes, cpuLimit, memoryLimit, expireAfter, consolidateAfter, instanceCategories, amiAlias, null);
        }
    }

    /**
     * One Karpenter NodePool (karpenter.sh/v1), all sharing the cluster's EC2NodeClass. Instance requirements are ANDed:
     * categories, families and sizes must all match. {@code limits} caps this pool alone (Kubernetes quantities by
     * resource name: cpu, memory, nvidia.com/gpu, ...). {@code buffer}: this pool's own overprovisioning buffer
     * ({@code pause-pods-<name>}), sized from its own at-risk nodes; absent, its nodes count in the top-level buffer.
     */
    public record NodePool(
            String name,
            List<String> capacityTypes,
            List<String> instanceCategories,
            List<String> instanceFamilies,
            List<String> instanceSizes,
            List<String> architectures,
            List<Taint> taints,
            List<Taint> startupTaints,
            Map<String, String> labels,
            Map<String, String> limits,
            Integer weight,
            Disruption disruption,
            String expireAfter,
            String terminationGracePeriod,
            Buffer buffer) {}

    /** A Kubernetes node taint; {@code effect} is NoSchedule, PreferNoSchedule or NoExecute. */
    public record Taint(String key, String value, String effect) {}

    /** NodePool {@code spec.disruption}; {@code budgets} absent: Karpenter's default (10% of the pool's nodes). */
    public record Disruption(String consolidationPolicy, String consolidateAfter, List<Budget> budgets) {
        /**
         * At most {@code nodes} (a count or a percentage) of the pool disrupted at once, for {@code reasons} (Underutilized,
         * Empty, Drifted; absent: all), during {@code duration} after each {@code schedule} (cron; both or neither).
         */
        public record Budget(String nodes, List<String> reasons, String schedule, String duration) {}
    }

    /**
     * {@code baselineSchedule}: weekly windows that raise the baseline (empty: the baseline is constant).
     * {@code baselinePercent}: the baseline is at least this percent (0 to 100) of the CPU and memory the cluster's
     * workload pods request, in buffer pods (0: off).
     */
    public record Buffer(
            String backend,
            Integer baselineReplicas,
            Integer maxReplicas,
            Pod pod,
            String lookahead,
            String cooldown,
            List<Window> baselineSchedule,
            Double baselinePercent) {
        public static final String PAUSE_PODS = "pause-pods";
        public static final String CAPACITY_BUFFER = "capacity-buffer";
        /** {@code extended}: extended resources one buffer pod requests (and limits), like {@code "nvidia.com/gpu": "1"}. */
        public record Pod(String cpu, String memory, Map<String, String> extended) {
            public Pod(String cpu, String memory) {
                this(cpu, memory, null);
            }
        }

        /**
         * A weekly window: on each of {@code days} (Mon..Sun) from {@code from} to {@code to} ("HH:MM", local time in
         * {@code timeZone}; {@code to} before {@code from} ends the next day) the baseline is at least {@code replicas}.
         */
        public record Window(List<String> days, String from, String to, String timeZone, Integer replicas) {}

        /** Without a schedule (the form before schedules existed). */
        public Buffer(String backend, Integer baselineReplicas, Integer maxReplicas, Pod pod, String lookahead, String cooldown) {
            this(backend, baselineReplicas, maxReplicas, pod, lookahead, cooldown, null, null);
        }

        /** Without a share of cluster requests (the form before baselinePercent existed). */
        public Buffer(String backend, Integer baselineReplicas, Integer maxReplicas, Pod pod, String lookahead, String cooldown,
                      List<Window> baselineSchedule) {
            this(backend, baselineReplicas, maxReplicas, pod, lookahead, cooldown, baselineSchedule, null);
        }
    }

    public record Addons(
            Toggle loadBalancerController,
            ExternalDns externalDns,
            KubeOpsView kubeOpsView,
            Inflate inflate,
            Toggle metricsServer,
            Toggle ebsCsiDriver) {
        /** Without the EKS add-ons metrics-server and aws-ebs-csi-driver (the form before them). */
        public Addons(Toggle loadBalancerController, ExternalDns externalDns, KubeOpsView kubeOpsView, Inflate inflate) {
            this(loadBalancerController, externalDns, kubeOpsView, inflate, null, null);
        }
        public record Toggle(Boolean enabled) {}
        public record ExternalDns(Boolean enabled, String domain, String hostedZoneId) {}
        /** {@code scheme} is {@code internal} (default) or {@code internet-facing}; the latter requires {@code sourceRanges}. */
        public record KubeOpsView(Boolean enabled, String scheme, List<String> sourceRanges) {}
        /** The runbook's demo Deployment ({@code inflate}), off by default. */
        public record Inflate(Boolean enabled, Integer replicas, String cpu) {}
    }
}
