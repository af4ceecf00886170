package dev.nodeless.spec;

import dev.nodeless.spec.ClusterSpec.Addons;
import dev.nodeless.spec.ClusterSpec.Buffer;
import dev.nodeless.spec.ClusterSpec.Endpoint;
import dev.nodeless.spec.ClusterSpec.Disruption;
import dev.nodeless.spec.ClusterSpec.Karpenter;
import dev.nodeless.spec.ClusterSpec.NodePool;
import dev.nodeless.spec.ClusterSpec.Network;
import java.util.List;
import java.util.Map;

/**
 * Fills every absent field with its default (the same values as the {@code default} keywords of
 * {@code schema/cluster-spec.schema.json}; docs/spec.md explains each choice). Pure and idempotent:
 * applying it to its own output changes nothing, so the normalised spec can travel through the state machine.
 */
public final class SpecDefaults {

    /**
     * Kubernetes versions EKS offers and Karpenter 1.14 supports; the default is in standard support. Source: the EKS
     * user guide's Kubernetes release calendar (docs.aws.amazon.com/eks/latest/userguide/kubernetes-versions.html), read
     * 2026-02: 1.31's extended support ended 2026-11-26 (EKS no longer creates it, so it is out); 1.32 extended ends
     * 2027-03-23; 1.33 2027-07-29; 1.34 2027-12-02; 1.35 (released 2026-01-28) is left out until Karpenter's
     * compatibility matrix gives it a clean lower bound ({@link dev.nodeless.upgrade.KarpenterCompatibility}).
     * Validation refuses any other version, and an upgrade path through a version missing here.
     */
    public static final List<String> SUPPORTED_KUBERNETES_VERSIONS = List.of("1.32", "1.33", "1.34");
    public static final String KUBERNETES_VERSION = "1.33";
    public static final String KARPENTER_VERSION = "1.14.1";
    public static final String AMI_ALIAS = "al2023@latest";
    /** Spot first: with both allowed Karpenter launches spot and falls back to on-demand only when spot is unavailable. */
    public static final List<String> CAPACITY_TYPES = List.of("spot", "on-demand");
    public static final List<String> INSTANCE_CATEGORIES = List.of("c", "m", "r");
    public static final int CPU_LIMIT = 1000;
    public static final String MEMORY_LIMIT = "4000Gi";
    /** Karpenter's own default: nodes are replaced after 30 days. */
    public static final String EXPIRE_AFTER = "720h";
    public static final String CONSOLIDATE_AFTER = "1m";
    public static final String VPC_CIDR = "10.0.0.0/16";
    public static final int AZ_COUNT = 3;
    /** EKS's own default. The Kubernetes phase runs in Lambda outside any VPC, without fixed egress addresses. */
    public static final List<String> PUBLIC_ACCESS_CIDRS = List.of("0.0.0.0/0");
    public static final int BUFFER_BASELINE = 2;
    public static final int BUFFER_MAX = 20;
    /** No share of cluster requests: the baseline is baselineReplicas (and the schedule's). */
    public static final double BUFFER_BASELINE_PERCENT = 0;
    public static final String BUFFER_POD_CPU = "1";
    public static final String BUFFER_POD_MEMORY = "1Gi";
    /**
     * Long enough for the 5-minute reconcile to mark an expiring node 5 to 10 minutes ahead (a new node is Ready in
     * about 1.5 min at p90), short enough not to pay for the buffer much longer: in the simulator, against 30m, it
     * halved the buffer's true cost on mixed-day and expiry-wave at equal or fewer pending pod-seconds (docs/simulate.md).
     */
    public static final String LOOKAHEAD = "10m";
    public static final String COOLDOWN = "10m";
    public static final String SCHEDULE_TIME_ZONE = "UTC";
    public static final String KUBE_OPS_VIEW_SCHEME = "internal";
    public static final String INFLATE_CPU = "1";
    /** eksctl's and Blueprints' usual minimum: who called the API, what changed, and who authenticated. */
    public static final List<String> LOG_TYPES = List.of("api", "audit", "authenticator");
    /** Standard support: when it ends EKS upgrades the cluster instead of moving it to extended-support pricing unnoticed. */
    public static final String SUPPORT_TYPE = ClusterSpec.UpgradePolicy.STANDARD;
    public static final boolean DELETION_PROTECTION = true;

    private SpecDefaults() {}

    public static ClusterSpec apply(ClusterSpec s) {
        return new ClusterSpec(
                s.clusterName(),
                s.region(),
                or(s.kubernetesVersion(), KUBERNETES_VERSION),
                endpoint(s.endpoint()),
                network(s.network()),
                or(s.admins(), List.of()),
                or(s.viewers(), List.of()),
                or(s.confirmAccessRemoval(), List.of()),
                karpenter(s.karpenter()),
                buffer(s.buffer()),
                addons(s.addons()),
                or(s.tags(), Map.of()),
                new ClusterSpec.Logging(or(s.logging() == null ? null : s.logging().types(), LOG_TYPES)),
                encryption(s.encryption()),
                new ClusterSpec.UpgradePolicy(or(s.upgradePolicy() == null ? null : s.upgradePolicy().supportType(), SUPPORT_TYPE)),
                or(s.deletionProtection(), DELETION_PROTECTION),
                s.confirmDeletion());
    }

    /** A key of the user's, or one created per cluster (the default): createKey defaults to "no key given". */
    private static ClusterSpec.Encryption encryption(ClusterSpec.Encryption e) {
        if (e == null) e = new ClusterSpec.Encryption(null, null);
        return new ClusterSpec.Encryption(e.kmsKeyArn(), or(e.createKey(), e.kmsKeyArn() == null));
    }

    private static Endpoint endpoint(Endpoint e) {
        if (e == null) e = new Endpoint(null, null, null);
        boolean pub = or(e.publicAccess(), true);
        return new Endpoint(pub, or(e.privateAccess(), true), or(e.publicAccessCidrs(), pub ? PUBLIC_ACCESS_CIDRS : List.of()));
    }

    private static Network network(Network n) {
        if (n == null) n = new Network(null, null, null);
        boolean given = n.subnetIds() != null && !n.subnetIds().isEmpty();
        Network.Create create = n.create();
        if (create == null && !given) create = new Network.Create(null, null);
        if (create != null) {
            List<String> ids = create.availabilityZoneIds();
            create = new Network.Create(or(create.cidr(), VPC_CIDR), or(create.azCount(), ids == null ? AZ_COUNT : Integer.valueOf(ids.size())), ids);
        }
        return new Network(or(n.subnetIds(), List.of()), or(n.securityGroupIds(), List.of()), create);
    }

    private static Karpenter karpenter(Karpenter k) {
        if (k == null) k = new Karpenter(null, null, null, null, null, null, null, null);
        Karpenter top = new Karpenter(
                or(k.version(), KARPENTER_VERSION),
                or(k.capacityTypes(), CAPACITY_TYPES),
                or(k.cpuLimit(), CPU_LIMIT),
                or(k.memoryLimit(), MEMORY_LIMIT),
                or(k.expireAfter(), EXPIRE_AFTER),
                or(k.consolidateAfter(), CONSOLIDATE_AFTER),
                or(k.instanceCategories(), INSTANCE_CATEGORIES),
                or(k.amiAlias(), AMI_ALIAS));
        // absent stays absent: the one pool "default" from the fields above, rendered exactly as before pools were listed
        List<NodePool> pools = k.nodePools() == null ? null
                : k.nodePools().stream().map(p -> p == null ? null : nodePool(p, top)).toList();
        return new Karpenter(top.version(), top.capacityTypes(), top.cpuLimit(), top.memoryLimit(), top.expireAfter(),
                top.consolidateAfter(), top.instanceCategories(), top.amiAlias(), pools);
    }

    /** Architectures a pool allows when it names none: the one the single pool has always had. */
    public static final List<String> ARCHITECTURES = List.of("amd64");
    public static final String CONSOLIDATION_POLICY = "WhenEmptyOrUnderutilized";

    /**
     * A listed pool's absent fields from the top-level karpenter fields (already defaulted), so a pool states only what
     * differs. Instance categories are inherited only when the pool names no families (c, m, r AND g5 would match nothing).
     * Budgets, weight, terminationGracePeriod, families and sizes stay absent: Karpenter's own defaults apply.
     */
    static NodePool nodePool(NodePool p, Karpenter top) {
        Disruption d = p.disruption() == null ? new Disruption(null, null, null) : p.disruption();
        List<String> categories = p.instanceCategories() != null ? p.instanceCategories()
                : p.instanceFamilies() == null || p.instanceFamilies().isEmpty() ? top.instanceCategories() : List.of();
        Map<String, String> limits = p.limits();
        if (limits == null) {
            limits = new java.util.LinkedHashMap<>();
            limits.put("cpu", String.valueOf(top.cpuLimit()));
            limits.put("memory", top.memoryLimit());
        }
        return new NodePool(
                p.name(),
                or(p.capacityTypes(), top.capacityTypes()),
                categories,
                p.instanceFamilies(),
                p.instanceSizes(),
                or(p.architectures(), ARCHITECTURES),
                or(p.taints(), List.of()),
                or(p.startupTaints(), List.of()),
                or(p.labels(), Map.of()),
                limits,
                p.weight(),
                new Disruption(or(d.consolidationPolicy(), CONSOLIDATION_POLICY), or(d.consolidateAfter(), top.consolidateAfter()), d.budgets()),
                or(p.expireAfter(), top.expireAfter()),
                p.terminationGracePeriod(),
                p.buffer() == null ? null : buffer(p.buffer()));
    }

    private static Buffer buffer(Buffer b) {
        if (b == null) b = new Buffer(null, null, null, null, null, null);
        int baseline = or(b.baselineReplicas(), BUFFER_BASELINE);
        Buffer.Pod pod = b.pod() == null ? new Buffer.Pod(null, null) : b.pod();
        List<Buffer.Window> schedule = or(b.baselineSchedule(), List.<Buffer.Window>of()).stream()
                .map(w -> w == null ? null : new Buffer.Window(w.days(), w.from(), w.to(), or(w.timeZone(), SCHEDULE_TIME_ZONE), w.replicas()))
                .toList();
        int highest = schedule.stream().filter(w -> w != null && w.replicas() != null).mapToInt(Buffer.Window::replicas).max().orElse(0);
        return new Buffer(
                or(b.backend(), Buffer.PAUSE_PODS),
                baseline,
                // A ceiling below the baseline (or a window's) is never a useful default; the validator still rejects an explicit one.
                or(b.maxReplicas(), Math.max(BUFFER_MAX, Math.max(baseline, highest))),
                new Buffer.Pod(or(pod.cpu(), BUFFER_POD_CPU), or(pod.memory(), BUFFER_POD_MEMORY), pod.extended()),
                or(b.lookahead(), LOOKAHEAD),
                or(b.cooldown(), COOLDOWN),
                schedule,
                or(b.baselinePercent(), BUFFER_BASELINE_PERCENT));
    }

    private static Addons addons(Addons a) {
        if (a == null) a = new Addons(null, null, null, null);
        Addons.Toggle lbc = a.loadBalancerController() == null ? new Addons.Toggle(null) : a.loadBalancerController();
        Addons.ExternalDns dns = a.externalDns() == null ? new Addons.ExternalDns(null, null, null) : a.externalDns();
        Addons.KubeOpsView view = a.kubeOpsView() == null ? new Addons.KubeOpsView(null, null, null) : a.kubeOpsView();
        Addons.Inflate inflate = a.inflate() == null ? new Addons.Inflate(null, null, null) : a.inflate();
        Addons.Toggle metrics = a.metricsServer() == null ? new Addons.Toggle(null) : a.metricsServer();
        Addons.Toggle ebs = a.ebsCsiDriver() == null ? new Addons.Toggle(null) : a.ebsCsiDriver();
        // ExternalDNS is on when a domain is given and it is not switched off explicitly.
        boolean dnsOn = or(dns.enabled(), dns.domain() != null);
        return new Addons(
                new Addons.Toggle(or(lbc.enabled(), true)),
                new Addons.ExternalDns(dnsOn, dns.domain(), dns.hostedZoneId()),
                new Addons.KubeOpsView(or(view.enabled(), true), or(view.scheme(), KUBE_OPS_VIEW_SCHEME), or(view.sourceRanges(), List.of())),
                new Addons.Inflate(or(inflate.enabled(), false), or(inflate.replicas(), 0), or(inflate.cpu(), INFLATE_CPU)),
                new Addons.Toggle(or(metrics.enabled(), true)),
                new Addons.Toggle(or(ebs.enabled(), true)));
    }

    private static <T> T or(T value, T fallback) {
        return value != null ? value : fallback;
    }
}
