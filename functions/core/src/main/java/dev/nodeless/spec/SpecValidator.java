package dev.nodeless.spec;

import dev.nodeless.buffer.BaselineSchedule;
import dev.nodeless.buffer.Quantity;
import dev.nodeless.spec.ClusterSpec.Addons;
import dev.nodeless.spec.ClusterSpec.Buffer;
import dev.nodeless.spec.ClusterSpec.Endpoint;
import dev.nodeless.spec.ClusterSpec.Karpenter;
import dev.nodeless.spec.ClusterSpec.Network;
import dev.nodeless.upgrade.KarpenterCompatibility;
import java.math.BigDecimal;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks a (normally defaulted) cluster spec against every rule of docs/spec.md and returns every problem,
 * each as {@code <json path>: <what is wrong>}. Pure; an empty list means valid. Absent required values are
 * reported, so it is also safe on a spec that was not defaulted.
 */
public final class SpecValidator {

    static final Pattern CLUSTER_NAME = Pattern.compile("^[0-9A-Za-z][A-Za-z0-9\\-_]*$");
    static final Pattern REGION = Pattern.compile("^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\\d{1,2}$");
    static final Pattern SUBNET_ID = Pattern.compile("^subnet-[0-9a-f]{8,17}$");
    static final Pattern SECURITY_GROUP_ID = Pattern.compile("^sg-[0-9a-f]{8,17}$");
    static final Pattern PRINCIPAL_ARN = Pattern.compile("^arn:aws(-cn|-us-gov)?:iam::\\d{12}:(role|user)/[\\w+=,.@/-]{1,512}$");
    static final Pattern VERSION = Pattern.compile("^\\d+\\.\\d+\\.\\d+$");
    /** Karpenter's CRD pattern: no milliseconds, unlike Go durations in general. */
    static final Pattern KARPENTER_DURATION = Pattern.compile("^(([0-9]+(s|m|h))+|Never)$");
    static final Pattern INSTANCE_CATEGORY = Pattern.compile("^[a-z]{1,5}$");
    static final Pattern AMI_ALIAS = Pattern.compile("^(al2|al2023|bottlerocket)@(latest|v?[0-9][0-9A-Za-z.\\-]*)$");
    static final Pattern DOMAIN = Pattern.compile("^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}$");
    static final Pattern HOSTED_ZONE_ID = Pattern.compile("^Z[0-9A-Z]{1,31}$");
    static final Pattern TAG_TEXT = Pattern.compile("^[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*$");
    static final Pattern TIME_OF_DAY = Pattern.compile("^([01][0-9]|2[0-3]):[0-5][0-9]$");
    static final Pattern ZONE_ID = Pattern.compile("^[a-z]{2,}[0-9]*-az[0-9]+$");
    /**
     * Zone IDs where EKS documents it cannot create a control plane (its user guide, "cluster VPC and subnet
     * requirements"); a created VPC never uses them and a named one is refused.
     */
    public static final Set<String> EKS_UNSUPPORTED_ZONE_IDS = Set.of("use1-az3", "usw1-az2", "cac1-az3");
    static final Set<String> CAPACITY_TYPES = Set.of("spot", "on-demand", "reserved");
    static final Set<String> SCHEMES = Set.of("internal", "internet-facing");
    static final int MAX_USER_TAGS = 40; // AWS allows 50 per resource; Nodeless adds its own few.

    private final List<String> problems = new ArrayList<>();

    private SpecValidator() {}

    public static List<String> validate(ClusterSpec spec) {
        SpecValidator v = new SpecValidator();
        v.check(spec);
        return List.copyOf(v.problems);
    }

    /**
     * The two parts of a spec the adopt-cluster workflow takes (docs/adopt.md): the cluster's name and a normalised
     * buffer section, checked by the same rules as in a full spec, with the same paths.
     */
    public static List<String> validateAdoption(String clusterName, Buffer buffer) {
        SpecValidator v = new SpecValidator();
        v.clusterName(clusterName);
        if (v.required("$.buffer", buffer)) v.buffer("$.buffer", buffer);
        return List.copyOf(v.problems);
    }

    private void check(ClusterSpec s) {
        clusterName(s.clusterName());
        if (required("$.region", s.region()) && !REGION.matcher(s.region()).matches()) {
            problem("$.region", "must be an AWS region like ap-northeast-2, got '" + s.region() + "'");
        }
        if (required("$.kubernetesVersion", s.kubernetesVersion())
                && !SpecDefaults.SUPPORTED_KUBERNETES_VERSIONS.contains(s.kubernetesVersion())) {
            problem("$.kubernetesVersion", "must be one of " + SpecDefaults.SUPPORTED_KUBERNETES_VERSIONS + ", got '" + s.kubernetesVersion() + "'");
        }
        if (s.endpoint() != null) endpoint(s.endpoint());
        if (s.network() != null) network(s.network());
        access(s);
        if (required("$.karpenter", s.karpenter())) {
            karpenter(s.karpenter());
            karpenterSupports(s.karpenter().version(), s.kubernetesVersion());
        }
        if (required("$.buffer", s.buffer())) buffer("$.buffer", s.buffer());
        if (s.karpenter() != null && s.buffer() != null) NodePoolRules.topLevelBufferFits(this, s.karpenter().nodePools(), s.buffer());
        if (s.addons() != null) addons(s.addons());
        if (s.tags() != null) tags(s.tags());
        controlPlane(s);
    }

    /** EKS's control-plane log types (CreateCluster's logging.clusterLogging[].types). */
    public static final List<String> LOG_TYPES = List.of("api", "audit", "authenticator", "controllerManager", "scheduler");
    /** A key ARN (single-region key id or multi-Region {@code mrk-} id); EKS does not take an alias here. */
    static final Pattern KMS_KEY_ARN = Pattern.compile("^arn:aws(-cn|-us-gov)?:kms:[a-z0-9-]+:\\d{12}:key/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|mrk-[0-9a-f]{32})$");

    /** Logging, encryption, upgrade policy and the teardown confirmation. */
    private void controlPlane(ClusterSpec s) {
        if (s.logging() != null) {
            list("$.logging.types", s.logging().types(), (path, type) -> {
                if (!LOG_TYPES.contains(type)) problem(path, "must be one of " + LOG_TYPES + ", got '" + type + "'");
            });
            duplicates("$.logging.types", s.logging().types());
        }
        ClusterSpec.Encryption e = s.encryption();
        if (e != null) {
            if (e.kmsKeyArn() != null) {
                if (!KMS_KEY_ARN.matcher(e.kmsKeyArn()).matches()) {
                    problem("$.encryption.kmsKeyArn", "must be a KMS key ARN (arn:aws:kms:<region>:<account>:key/<key id>; an alias is not accepted by EKS), got '"
                            + e.kmsKeyArn() + "'");
                } else if (s.region() != null && !e.kmsKeyArn().split(":")[3].equals(s.region())) {
                    problem("$.encryption.kmsKeyArn", "the key is in " + e.kmsKeyArn().split(":")[3] + " but the cluster in " + s.region()
                            + "; EKS needs a key in the cluster's region");
                }
                if (Boolean.TRUE.equals(e.createKey())) {
                    problem("$.encryption.createKey", "is true but kmsKeyArn is given too; give a key or ask for one to be created, not both");
                }
            }
        }
        ClusterSpec.UpgradePolicy u = s.upgradePolicy();
        if (u != null && u.supportType() != null && !List.of(ClusterSpec.UpgradePolicy.STANDARD, ClusterSpec.UpgradePolicy.EXTENDED).contains(u.supportType())) {
            problem("$.upgradePolicy.supportType", "must be STANDARD or EXTENDED, got '" + u.supportType() + "'");
        }
        if (s.confirmDeletion() != null && s.clusterName() != null && !s.confirmDeletion().equals(s.clusterName())) {
            problem("$.confirmDeletion", "must be the cluster's name ('" + s.clusterName() + "') to confirm its deletion, got '" + s.confirmDeletion() + "'");
        }
    }

    /**
     * Who can reach the cluster. The bootstrap creates it with {@code bootstrapClusterCreatorAdminPermissions=false}
     * (the creator is a Lambda role), so without an admin or a viewer no person could reach it.
     */
    private void access(ClusterSpec s) {
        for (String field : List.of("admins", "viewers", "confirmAccessRemoval")) {
            List<String> arns = field.equals("admins") ? s.admins() : field.equals("viewers") ? s.viewers() : s.confirmAccessRemoval();
            list("$." + field, arns, (path, arn) -> {
                if (!PRINCIPAL_ARN.matcher(arn).matches()) problem(path, "must be an IAM role or user ARN (arn:aws:iam::123456789012:role/name), got '" + arn + "'");
            });
        }
        List<String> admins = s.admins() == null ? List.of() : s.admins();
        List<String> viewers = s.viewers() == null ? List.of() : s.viewers();
        if (admins.isEmpty() && viewers.isEmpty()) {
            problem("$.admins", "admins and viewers are both empty: name at least one IAM role or user in admins (cluster admin) or viewers "
                    + "(read-only); the cluster is created without access for its creator, so without either no person could reach it");
        }
        for (String arn : viewers) {
            if (admins.contains(arn)) problem("$.viewers", "'" + arn + "' is also in admins; a principal has one access entry, so list it in one of the two");
        }
        for (String arn : s.confirmAccessRemoval() == null ? List.<String>of() : s.confirmAccessRemoval()) {
            if (admins.contains(arn) || viewers.contains(arn)) {
                problem("$.confirmAccessRemoval", "'" + arn + "' is still in admins or viewers; confirm the removal only of a principal you remove");
            }
        }
    }

    private void clusterName(String name) {
        if (!required("$.clusterName", name)) return;
        if (name.isEmpty() || name.length() > 100) problem("$.clusterName", "must be 1 to 100 characters, got " + name.length());
        if (!CLUSTER_NAME.matcher(name).matches()) {
            problem("$.clusterName", "must start with a letter or digit and contain only letters, digits, '-' and '_', got '" + name + "'");
        }
    }

    private void endpoint(Endpoint e) {
        if (Boolean.FALSE.equals(e.publicAccess())) {
            problem("$.endpoint.publicAccess", "must be true: the Kubernetes phase runs in Lambda outside the cluster's VPC and reaches the API over its public endpoint (limit it with publicAccessCidrs)");
        }
        list("$.endpoint.publicAccessCidrs", e.publicAccessCidrs(), this::cidr);
    }

    private void network(Network n) {
        boolean given = n.subnetIds() != null && !n.subnetIds().isEmpty();
        if (given && n.create() != null) problem("$.network", "give either subnetIds (an existing VPC) or create (a new VPC), not both");
        if (!given && n.create() == null) problem("$.network", "give either subnetIds (an existing VPC) or create (a new VPC)");
        if (given && n.subnetIds().size() < 2) {
            problem("$.network.subnetIds", "needs at least 2 subnets in different Availability Zones (EKS and Fargate require two AZs)");
        }
        list("$.network.subnetIds", n.subnetIds(), (path, id) -> pattern(path, id, SUBNET_ID, "a subnet id like subnet-0123456789abcdef0"));
        duplicates("$.network.subnetIds", n.subnetIds());
        if (n.securityGroupIds() != null && !n.securityGroupIds().isEmpty() && !given) {
            problem("$.network.securityGroupIds", "only apply to an existing VPC (with subnetIds); a created VPC gets its own");
        }
        list("$.network.securityGroupIds", n.securityGroupIds(), (path, id) -> pattern(path, id, SECURITY_GROUP_ID, "a security group id like sg-0123456789abcdef0"));
        if (n.create() != null) {
            String cidr = n.create().cidr();
            if (cidr(("$.network.create.cidr"), cidr)) {
                int prefix = Cidr.parse(cidr).orElseThrow().prefix();
                if (prefix < 16 || prefix > 28) problem("$.network.create.cidr", "a VPC block must be between /16 and /28, got /" + prefix);
            }
            Integer az = n.create().azCount();
            if (required("$.network.create.azCount", az) && (az < 2 || az > 6)) {
                problem("$.network.create.azCount", "must be 2 to 6 Availability Zones, got " + az);
            }
            List<String> ids = n.create().availabilityZoneIds();
            list("$.network.create.availabilityZoneIds", ids, (p, id) -> {
                if (!ZONE_ID.matcher(id).matches()) problem(p, "must be an Availability Zone ID like use1-az1 (not a zone name like us-east-1a), got '" + id + "'");
                else if (EKS_UNSUPPORTED_ZONE_IDS.contains(id)) problem(p, "EKS cannot place a control plane in " + id + "; choose other zones");
            });
            duplicates("$.network.create.availabilityZoneIds", ids);
            if (ids != null && az != null && ids.size() != az) {
                problem("$.network.create.availabilityZoneIds", "names " + ids.size() + " zones but azCount is " + az + "; leave azCount out or make them agree");
            }
        }
    }

    private void karpenter(Karpenter k) {
        if (required("$.karpenter.version", k.version()) && !VERSION.matcher(k.version()).matches()) {
            problem("$.karpenter.version", "must be a release version like 1.14.1, got '" + k.version() + "'");
        }
        if (required("$.karpenter.capacityTypes", k.capacityTypes()) && k.capacityTypes().isEmpty()) {
            problem("$.karpenter.capacityTypes", "must name at least one of " + sorted(CAPACITY_TYPES));
        }
        list("$.karpenter.capacityTypes", k.capacityTypes(), (path, t) -> {
            if (!CAPACITY_TYPES.contains(t)) problem(path, "must be one of " + sorted(CAPACITY_TYPES) + ", got '" + t + "'");
        });
        duplicates("$.karpenter.capacityTypes", k.capacityTypes());
        if (required("$.karpenter.cpuLimit", k.cpuLimit()) && k.cpuLimit() <= 0) {
            problem("$.karpenter.cpuLimit", "must be a positive number of CPUs, got " + k.cpuLimit());
        }
        positiveQuantity("$.karpenter.memoryLimit", k.memoryLimit());
        karpenterDuration("$.karpenter.expireAfter", k.expireAfter());
        karpenterDuration("$.karpenter.consolidateAfter", k.consolidateAfter());
        if (required("$.karpenter.instanceCategories", k.instanceCategories()) && k.instanceCategories().isEmpty()) {
            problem("$.karpenter.instanceCategories", "must name at least one instance category (like c, m, r)");
        }
        list("$.karpenter.instanceCategories", k.instanceCategories(), (path, c) -> pattern(path, c, INSTANCE_CATEGORY, "an instance category like c, m or r"));
        if (k.nodePools() != null) NodePoolRules.check(this, k.nodePools());
        if (required("$.karpenter.amiAlias", k.amiAlias()) && !AMI_ALIAS.matcher(k.amiAlias()).matches()) {
            problem("$.karpenter.amiAlias", "must be <family>@<version> with family al2023, al2 or bottlerocket (nodes join as EC2_LINUX), got '" + k.amiAlias() + "'");
        }
    }

    /** Karpenter's compatibility matrix: the spec's Karpenter must support the spec's Kubernetes version. */
    private void karpenterSupports(String karpenterVersion, String kubernetesVersion) {
        if (karpenterVersion == null || !VERSION.matcher(karpenterVersion).matches()) return;
        if (!SpecDefaults.SUPPORTED_KUBERNETES_VERSIONS.contains(kubernetesVersion)) return;
        KarpenterCompatibility.problem(karpenterVersion, kubernetesVersion).ifPresent(why -> problem("$.karpenter.version", why));
    }

    void buffer(String at, Buffer b) {
        if (required(at + ".backend", b.backend()) && !List.of(Buffer.PAUSE_PODS, Buffer.CAPACITY_BUFFER).contains(b.backend())) {
            problem(at + ".backend", "must be '" + Buffer.PAUSE_PODS + "' or '" + Buffer.CAPACITY_BUFFER + "', got '" + b.backend() + "'");
        }
        Integer base = b.baselineReplicas();
        Integer max = b.maxReplicas();
        if (required(at + ".baselineReplicas", base) && base < 0) problem(at + ".baselineReplicas", "must be 0 or more, got " + base);
        if (required(at + ".maxReplicas", max) && max > 1000) problem(at + ".maxReplicas", "must be at most 1000, got " + max);
        if (base != null && max != null && max < base) {
            problem(at + ".maxReplicas", "must be at least baselineReplicas (" + base + "), got " + max);
        }
        if (required(at + ".pod", b.pod())) {
            positiveQuantity(at + ".pod.cpu", b.pod().cpu());
            positiveQuantity(at + ".pod.memory", b.pod().memory());
            extendedResources(at + ".pod.extended", b.pod().extended());
        }
        finiteDuration(at + ".lookahead", b.lookahead());
        finiteDuration(at + ".cooldown", b.cooldown());
        if (b.baselineSchedule() != null) {
            for (int i = 0; i < b.baselineSchedule().size(); i++) {
                String path = at + ".baselineSchedule[" + i + "]";
                if (required(path, b.baselineSchedule().get(i))) window(path, b.baselineSchedule().get(i), max);
            }
        }
        Double percent = b.baselinePercent();
        if (percent != null && !(percent >= 0 && percent <= 100)) {
            problem(at + ".baselinePercent", "must be a percentage from 0 to 100, got " + percent);
        }
    }

    private void window(String path, Buffer.Window w, Integer max) {
        if (required(path + ".days", w.days()) && w.days().isEmpty()) {
            problem(path + ".days", "must name at least one of " + BaselineSchedule.DAY_NAMES);
        }
        list(path + ".days", w.days(), (p, day) -> {
            if (!BaselineSchedule.DAY_NAMES.contains(day)) problem(p, "must be one of " + BaselineSchedule.DAY_NAMES + ", got '" + day + "'");
        });
        duplicates(path + ".days", w.days());
        boolean from = time(path + ".from", w.from());
        boolean to = time(path + ".to", w.to());
        if (from && to && w.from().equals(w.to())) {
            problem(path + ".to", "must differ from from ('" + w.from() + "'): a window cannot be empty (a to earlier than from ends the next day)");
        }
        if (required(path + ".timeZone", w.timeZone()) && !ZoneId.getAvailableZoneIds().contains(w.timeZone())) {
            problem(path + ".timeZone", "must be an IANA time zone like Europe/Paris or UTC, got '" + w.timeZone() + "'");
        }
        Integer replicas = w.replicas();
        if (required(path + ".replicas", replicas)) {
            if (replicas < 0) problem(path + ".replicas", "must be 0 or more, got " + replicas);
            if (max != null && replicas > max) problem(path + ".replicas", "must be at most maxReplicas (" + max + "), got " + replicas);
        }
    }

    private boolean time(String path, String value) {
        if (!required(path, value)) return false;
        if (!TIME_OF_DAY.matcher(value).matches()) {
            problem(path, "must be a 24-hour time HH:MM like 08:00 or 18:30, got '" + value + "'");
            return false;
        }
        return true;
    }

    private void addons(Addons a) {
        boolean lbc = a.loadBalancerController() == null || !Boolean.FALSE.equals(a.loadBalancerController().enabled());
        Addons.ExternalDns dns = a.externalDns();
        if (dns != null && Boolean.TRUE.equals(dns.enabled())) {
            if (required("$.addons.externalDns.domain", dns.domain()) && !DOMAIN.matcher(dns.domain()).matches()) {
                problem("$.addons.externalDns.domain", "must be a lower-case DNS domain like example.com, got '" + dns.domain() + "'");
            }
            if (required("$.addons.externalDns.hostedZoneId", dns.hostedZoneId()) && !HOSTED_ZONE_ID.matcher(dns.hostedZoneId()).matches()) {
                problem("$.addons.externalDns.hostedZoneId", "must be a Route 53 hosted zone id like Z0123456789ABCDEFGHIJ, got '" + dns.hostedZoneId() + "'");
            }
        }
        Addons.KubeOpsView view = a.kubeOpsView();
        if (view != null) {
            String scheme = view.scheme();
            if (scheme != null && !SCHEMES.contains(scheme)) {
                problem("$.addons.kubeOpsView.scheme", "must be 'internal' or 'internet-facing', got '" + scheme + "'");
            }
            boolean on = !Boolean.FALSE.equals(view.enabled());
            if (on && "internet-facing".equals(scheme) && (view.sourceRanges() == null || view.sourceRanges().isEmpty())) {
                problem("$.addons.kubeOpsView.sourceRanges", "an internet-facing kube-ops-view needs at least one source CIDR (it has no login)");
            }
            list("$.addons.kubeOpsView.sourceRanges", view.sourceRanges(), this::sourceRange);
            if (on && !lbc) {
                problem("$.addons.kubeOpsView.enabled", "kube-ops-view's load balancer is made by the AWS Load Balancer Controller; enable addons.loadBalancerController or disable kubeOpsView");
            }
        }
        Addons.Inflate inflate = a.inflate();
        if (inflate != null) {
            if (inflate.replicas() != null && inflate.replicas() < 0) problem("$.addons.inflate.replicas", "must be 0 or more, got " + inflate.replicas());
            if (inflate.cpu() != null) positiveQuantity("$.addons.inflate.cpu", inflate.cpu());
        }
    }

    private void tags(Map<String, String> tags) {
        if (tags.size() > MAX_USER_TAGS) problem("$.tags", "at most " + MAX_USER_TAGS + " tags (AWS allows 50 and Nodeless adds its own), got " + tags.size());
        tags.forEach((key, value) -> {
            String path = "$.tags." + key;
            if (key.isEmpty() || key.length() > 128) problem(path, "tag keys must be 1 to 128 characters, got " + key.length());
            String reservedBy = reservedBy(key);
            if (reservedBy != null) problem(path, "tag key '" + key + "' is reserved: " + reservedBy);
            if (!TAG_TEXT.matcher(key).matches()) problem(path, "tag keys may contain letters, digits, spaces and _ . : / = + - @");
            if (value == null) {
                problem(path, "tag value is required (use \"\" for an empty one)");
            } else {
                if (value.length() > 256) problem(path, "tag values must be at most 256 characters, got " + value.length());
                if (!TAG_TEXT.matcher(value).matches()) problem(path, "tag values may contain letters, digits, spaces and _ . : / = + - @");
            }
        });
    }

    /**
     * Who reserves a tag key, or {@code null}. Nodeless copies spec tags onto the EC2NodeClass, whose CRD refuses
     * Kubernetes', EKS's and Karpenter's keys; refusing them here fails before a billable cluster exists.
     */
    static String reservedBy(String key) {
        String lower = key.toLowerCase(java.util.Locale.ROOT);
        if (lower.startsWith("aws:")) return "keys starting with 'aws:' are reserved by AWS";
        if (lower.startsWith("eks:")) return "keys starting with 'eks:' are reserved by EKS";
        if (key.startsWith("kubernetes.io/cluster")) return "kubernetes.io/cluster/* marks a cluster's resources for Kubernetes and its controllers";
        if (key.startsWith("karpenter.sh/") || key.startsWith("karpenter.k8s.aws/")) return "Karpenter sets and matches its own karpenter.sh/* and karpenter.k8s.aws/* keys";
        if (key.startsWith("nodeless.dev/")) return "Nodeless sets its own nodeless.dev/* keys (ownership, cluster)";
        return null;
    }

    void karpenterDuration(String path, String value) {
        // Durations accepts milliseconds, which Karpenter's CRD pattern does not: both must agree.
        if (required(path, value) && !(Durations.isValid(value, true) && KARPENTER_DURATION.matcher(value).matches())) {
            problem(path, "must be a duration in s, m and h (like 30s, 10m, 720h) or Never, got '" + value + "'");
        }
    }

    private void finiteDuration(String path, String value) {
        if (!required(path, value)) return;
        if (!Durations.isValid(value, false)) {
            problem(path, "must be a finite duration like 30s, 10m or 1h, got '" + value + "'");
        } else if (Durations.require(value).isZero()) {
            problem(path, "must be longer than zero");
        }
    }

    /**
     * Extended resources of a buffer pod ({@code nvidia.com/gpu: "1"}): a domain-prefixed name outside kubernetes.io
     * (Kubernetes' rule for extended resources) and a whole positive count (they cannot be split or overcommitted).
     */
    void extendedResources(String path, Map<String, String> resources) {
        if (resources == null) return;
        resources.forEach((name, value) -> {
            String p = path + "." + name;
            if (!NodePoolRules.QUALIFIED_NAME.matcher(name).matches() || !name.contains("/")) {
                problem(p, "must be an extended resource name with a domain, like nvidia.com/gpu, got '" + name + "'");
            } else if (name.contains("kubernetes.io/")) {
                problem(p, "'" + name + "' is in the kubernetes.io domain, which extended resources may not use");
            }
            if (required(p, value) && !(Quantity.isValid(value) && Quantity.parse(value).signum() > 0
                    && Quantity.parse(value).stripTrailingZeros().scale() <= 0)) {
                problem(p, "must be a whole number of devices greater than zero, like 1, got '" + value + "'");
            }
        });
    }

    void positiveQuantity(String path, String value) {
        if (!required(path, value)) return;
        if (!Quantity.isValid(value)) {
            problem(path, "must be a Kubernetes quantity like 500m, 1, 1Gi, got '" + value + "'");
        } else if (Quantity.parse(value).compareTo(BigDecimal.ZERO) <= 0) {
            problem(path, "must be more than zero, got '" + value + "'");
        }
    }

    /** kube-ops-view has no login: a source range may never be the whole internet (IPv4 or IPv6 /0). */
    private void sourceRange(String path, String value) {
        if (value.trim().endsWith("/0")) {
            problem(path, "'" + value + "' opens kube-ops-view, which has no login, to the whole internet; name the networks that may reach it");
        } else {
            cidr(path, value);
        }
    }

    private boolean cidr(String path, String value) {
        String why = Cidr.problem(value);
        if (why != null) problem(path, why);
        return why == null;
    }

    void pattern(String path, String value, Pattern p, String what) {
        if (!p.matcher(value).matches()) problem(path, "must be " + what + ", got '" + value + "'");
    }

    interface ItemCheck {
        void check(String path, String item);
    }

    void list(String path, List<String> items, ItemCheck check) {
        if (items == null) return;
        for (int i = 0; i < items.size(); i++) {
            String p = path + "[" + i + "]";
            if (required(p, items.get(i))) check.check(p, items.get(i));
        }
    }

    void duplicates(String path, List<String> items) {
        if (items == null) return;
        Set<String> seen = new HashSet<>();
        for (String item : items) {
            if (item != null && !seen.add(item)) problem(path, "lists '" + item + "' more than once");
        }
    }

    boolean required(String path, Object value) {
        if (value == null) problem(path, "is required");
        return value != null;
    }

    void problem(String path, String what) {
        problems.add(path + ": " + what);
    }

    private static List<String> sorted(Set<String> values) {
        return values.stream().sorted().toList();
    }
}
