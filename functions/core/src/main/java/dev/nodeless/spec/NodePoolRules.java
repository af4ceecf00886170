package dev.nodeless.spec;

import dev.nodeless.spec.ClusterSpec.Disruption;
import dev.nodeless.spec.ClusterSpec.NodePool;
import dev.nodeless.spec.ClusterSpec.Taint;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The rules of {@code karpenter.nodePools[]} (part of {@link SpecValidator}): what Karpenter v1.14.1's NodePool CRD
 * (shared/reference/karpenter-crds, its patterns, enums and x-kubernetes-validations) and Kubernetes would refuse, found
 * before a billable cluster exists, plus Nodeless' own: unique names short enough for {@code pause-pods-<name>}, and
 * a cpu limit on every pool (no pool can grow without bound).
 */
final class NodePoolRules {

    /** A DNS-1123 label of at most 52 characters, so {@code pause-pods-<name>} is still a label value (63). */
    static final Pattern NAME = Pattern.compile("^[a-z0-9]([-a-z0-9]{0,50}[a-z0-9])?$");
    /** Kubernetes' qualified name: optional DNS subdomain prefix and a name (the CRD's taint key and label key pattern). */
    static final Pattern QUALIFIED_NAME = Pattern.compile(
            "^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$");
    /** A label value (the CRD's pattern, at most 63 characters); may be empty. */
    static final Pattern LABEL_VALUE = Pattern.compile("^(([A-Za-z0-9][-A-Za-z0-9_.]{0,61})?[A-Za-z0-9])?$");
    /** The CRD's taint value pattern. */
    static final Pattern TAINT_VALUE = Pattern.compile(
            "^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$");
    static final Pattern INSTANCE_FAMILY = Pattern.compile("^[a-z][a-z0-9-]{0,15}$");
    static final Pattern INSTANCE_SIZE = Pattern.compile("^[a-z0-9][a-z0-9-]{0,15}$");
    /** The CRD's patterns: budget nodes (count or percentage), budget duration (minutes and hours), terminationGracePeriod. */
    static final Pattern BUDGET_NODES = Pattern.compile("^((100|[0-9]{1,2})%|[0-9]+)$");
    static final Pattern BUDGET_DURATION = Pattern.compile("^((([0-9]+(h|m))|([0-9]+h[0-9]+m))(0s)?)$");
    static final Pattern BUDGET_SCHEDULE = Pattern.compile("^(@(annually|yearly|monthly|weekly|daily|midnight|hourly))|((\\S+)\\s(\\S+)\\s(\\S+)\\s(\\S+)\\s(\\S+))$");
    static final Pattern GRACE_PERIOD = Pattern.compile("^([0-9]+(s|m|h))+$");
    static final Set<String> EFFECTS = Set.of("NoSchedule", "PreferNoSchedule", "NoExecute");
    static final Set<String> ARCHITECTURES = Set.of("amd64", "arm64");
    static final Set<String> CONSOLIDATION_POLICIES = Set.of("WhenEmpty", "WhenEmptyOrUnderutilized", "Balanced");
    static final Set<String> BUDGET_REASONS = Set.of("Underutilized", "Empty", "Drifted");
    /** Subdomains of Karpenter's restricted label domains that a NodePool may still set (its LabelDomainExceptions). */
    static final Set<String> LABEL_DOMAIN_EXCEPTIONS = Set.of("kops.k8s.io", "node.kubernetes.io", "node-restriction.kubernetes.io",
            "node-role.kubernetes.io");

    private NodePoolRules() {}

    static void check(SpecValidator v, List<NodePool> pools) {
        if (pools.isEmpty()) {
            v.problem("$.karpenter.nodePools", "lists no NodePool; leave nodePools out for the one pool 'default' from the fields above, or list at least one");
            return;
        }
        Set<String> names = new HashSet<>();
        for (int i = 0; i < pools.size(); i++) {
            String at = "$.karpenter.nodePools[" + i + "]";
            NodePool p = pools.get(i);
            if (!v.required(at, p)) continue;
            if (v.required(at + ".name", p.name())) {
                if (!NAME.matcher(p.name()).matches()) {
                    v.problem(at + ".name", "must be a DNS-1123 label of at most 52 characters (lower-case letters, digits, '-'; "
                            + "its buffer is named pause-pods-<name>), got '" + p.name() + "'");
                }
                if (!names.add(p.name())) v.problem(at + ".name", "'" + p.name() + "' names two NodePools; each name once");
            }
            pool(v, at, p);
        }
    }

    private static void pool(SpecValidator v, String at, NodePool p) {
        if (v.required(at + ".capacityTypes", p.capacityTypes()) && p.capacityTypes().isEmpty()) {
            v.problem(at + ".capacityTypes", "must name at least one of " + sorted(SpecValidator.CAPACITY_TYPES));
        }
        v.list(at + ".capacityTypes", p.capacityTypes(), (path, t) -> {
            if (!SpecValidator.CAPACITY_TYPES.contains(t)) v.problem(path, "must be one of " + sorted(SpecValidator.CAPACITY_TYPES) + ", got '" + t + "'");
        });
        v.duplicates(at + ".capacityTypes", p.capacityTypes());
        v.list(at + ".instanceCategories", p.instanceCategories(), (path, c) -> v.pattern(path, c, SpecValidator.INSTANCE_CATEGORY, "an instance category like c, m or g"));
        v.list(at + ".instanceFamilies", p.instanceFamilies(), (path, f) -> v.pattern(path, f, INSTANCE_FAMILY, "an instance family like g5, c7g or m7i"));
        v.list(at + ".instanceSizes", p.instanceSizes(), (path, z) -> v.pattern(path, z, INSTANCE_SIZE, "an instance size like large, 2xlarge or metal"));
        for (String field : List.of("instanceCategories", "instanceFamilies", "instanceSizes")) {
            List<String> values = field.equals("instanceCategories") ? p.instanceCategories() : field.equals("instanceFamilies") ? p.instanceFamilies() : p.instanceSizes();
            v.duplicates(at + "." + field, values);
        }
        if (v.required(at + ".architectures", p.architectures()) && p.architectures().isEmpty()) {
            v.problem(at + ".architectures", "must name at least one of " + sorted(ARCHITECTURES));
        }
        v.list(at + ".architectures", p.architectures(), (path, a) -> {
            if (!ARCHITECTURES.contains(a)) v.problem(path, "must be one of " + sorted(ARCHITECTURES) + " (Linux nodes), got '" + a + "'");
        });
        v.duplicates(at + ".architectures", p.architectures());
        taints(v, at + ".taints", p.taints());
        taints(v, at + ".startupTaints", p.startupTaints());
        labels(v, at + ".labels", p.labels());
        limits(v, at + ".limits", p.limits());
        if (p.weight() != null && (p.weight() < 1 || p.weight() > 100)) {
            v.problem(at + ".weight", "must be 1 to 100 (Karpenter tries pools of higher weight first; leave it out for 0), got " + p.weight());
        }
        if (v.required(at + ".disruption", p.disruption())) disruption(v, at + ".disruption", p.disruption());
        v.karpenterDuration(at + ".expireAfter", p.expireAfter());
        if (p.terminationGracePeriod() != null && !GRACE_PERIOD.matcher(p.terminationGracePeriod()).matches()) {
            v.problem(at + ".terminationGracePeriod", "must be a duration in s, m and h like 30m or 24h (not Never), got '" + p.terminationGracePeriod() + "'");
        }
        if (p.buffer() != null) v.buffer(at + ".buffer", p.buffer());
    }

    private static void taints(SpecValidator v, String at, List<Taint> taints) {
        if (taints == null) return;
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < taints.size(); i++) {
            String path = at + "[" + i + "]";
            Taint t = taints.get(i);
            if (!v.required(path, t)) continue;
            if (v.required(path + ".key", t.key())) {
                if (!QUALIFIED_NAME.matcher(t.key()).matches() || t.key().length() > 316) {
                    v.problem(path + ".key", "must be a taint key like nvidia.com/gpu or dedicated, got '" + t.key() + "'");
                } else if (t.key().startsWith("karpenter.sh/") || t.key().startsWith("node.kubernetes.io/")
                        || t.key().startsWith("node.cloudprovider.kubernetes.io/")) {
                    v.problem(path + ".key", "'" + t.key() + "' is a taint Karpenter or Kubernetes sets and removes itself; choose a key of your own");
                }
            }
            if (t.value() != null && !(t.value().length() <= 63 && TAINT_VALUE.matcher(t.value()).matches())) {
                v.problem(path + ".value", "must be a label-like value of at most 63 characters (letters, digits, '-', '_', '.'), got '" + t.value() + "'");
            }
            if (v.required(path + ".effect", t.effect()) && !EFFECTS.contains(t.effect())) {
                v.problem(path + ".effect", "must be one of " + sorted(EFFECTS) + ", got '" + t.effect() + "'");
            }
            // Kubernetes refuses two taints with the same key and effect on one node
            if (t.key() != null && t.effect() != null && !seen.add(t.key() + ":" + t.effect())) {
                v.problem(path, "taints '" + t.key() + "' with effect " + t.effect() + " twice; a node holds one taint per key and effect");
            }
        }
    }

    private static void labels(SpecValidator v, String at, Map<String, String> labels) {
        if (labels == null) return;
        labels.forEach((key, value) -> {
            String path = at + "." + key;
            if (!QUALIFIED_NAME.matcher(key).matches()) {
                v.problem(path, "must be a label key like team or example.com/team, got '" + key + "'");
            } else {
                String why = restricted(key);
                if (why != null) v.problem(path, "label '" + key + "' is restricted: " + why);
            }
            if (value == null || !LABEL_VALUE.matcher(value).matches()) {
                v.problem(path, "must be a label value of at most 63 characters (letters, digits, '-', '_', '.'), got '" + value + "'");
            }
        });
    }

    /**
     * Why Karpenter (or Nodeless) refuses a NodePool label key, or null: Karpenter's restricted label domains
     * (kubernetes.io, k8s.io, karpenter.sh and their subdomains, except its LabelDomainExceptions), the CRD's rule on
     * karpenter.k8s.aws, and Nodeless' own nodeless.dev keys (the at-risk label).
     */
    static String restricted(String key) {
        int slash = key.indexOf('/');
        if (slash < 0) return null;
        String domain = key.substring(0, slash).toLowerCase(Locale.ROOT);
        if (domain.equals("nodeless.dev") || domain.endsWith(".nodeless.dev")) return "Nodeless sets nodeless.dev/* labels on nodes itself";
        if (domain.equals("karpenter.k8s.aws") || domain.endsWith(".karpenter.k8s.aws")) return "Karpenter's AWS provider sets karpenter.k8s.aws/* labels itself";
        if (LABEL_DOMAIN_EXCEPTIONS.contains(domain)) return null;
        for (String r : List.of("kubernetes.io", "k8s.io", "karpenter.sh")) {
            if (domain.equals(r) || domain.endsWith("." + r)) {
                return "Karpenter refuses labels in the " + r + " domain (the kubelet or Karpenter own them); node.kubernetes.io/* and "
                        + "node-role.kubernetes.io/* are allowed";
            }
        }
        return null;
    }

    private static void limits(SpecValidator v, String at, Map<String, String> limits) {
        if (!v.required(at, limits)) return;
        limits.forEach((name, value) -> {
            String path = at + "." + name;
            if (!QUALIFIED_NAME.matcher(name).matches()) v.problem(path, "must be a resource name like cpu, memory or nvidia.com/gpu, got '" + name + "'");
            v.positiveQuantity(path, value);
        });
        if (!limits.containsKey("cpu")) {
            v.problem(at, "must set cpu: a pool without a cpu limit could launch nodes without bound during a spot storm or a bad rollout");
        }
    }

    private static void disruption(SpecValidator v, String at, Disruption d) {
        if (v.required(at + ".consolidationPolicy", d.consolidationPolicy()) && !CONSOLIDATION_POLICIES.contains(d.consolidationPolicy())) {
            v.problem(at + ".consolidationPolicy", "must be one of " + sorted(CONSOLIDATION_POLICIES) + ", got '" + d.consolidationPolicy() + "'");
        }
        v.karpenterDuration(at + ".consolidateAfter", d.consolidateAfter());
        if (d.budgets() == null) return;
        if (d.budgets().size() > 50) v.problem(at + ".budgets", "at most 50 budgets (Karpenter's limit), got " + d.budgets().size());
        for (int i = 0; i < d.budgets().size(); i++) {
            String path = at + ".budgets[" + i + "]";
            Disruption.Budget b = d.budgets().get(i);
            if (!v.required(path, b)) continue;
            if (v.required(path + ".nodes", b.nodes()) && !BUDGET_NODES.matcher(b.nodes()).matches()) {
                v.problem(path + ".nodes", "must be a node count like 2 or a percentage like 10%, got '" + b.nodes() + "'");
            }
            v.list(path + ".reasons", b.reasons(), (p, r) -> {
                if (!BUDGET_REASONS.contains(r)) v.problem(p, "must be one of " + sorted(BUDGET_REASONS) + ", got '" + r + "'");
            });
            v.duplicates(path + ".reasons", b.reasons());
            if ((b.schedule() == null) != (b.duration() == null)) {
                v.problem(path, "schedule and duration go together: set both (a cron schedule and how long the budget holds) or neither");
            }
            if (b.schedule() != null && !BUDGET_SCHEDULE.matcher(b.schedule()).matches()) {
                v.problem(path + ".schedule", "must be a cron schedule of five fields like '0 9 * * mon-fri' or a macro like @daily, got '" + b.schedule() + "'");
            }
            if (b.duration() != null && !BUDGET_DURATION.matcher(b.duration()).matches()) {
                v.problem(path + ".duration", "must be minutes and hours like 30m or 8h (cron has no seconds), got '" + b.duration() + "'");
            }
        }
    }

    /**
     * The top-level buffer holds room on pools without a buffer of their own. When every listed pool has one, its pods
     * would fit no node and stay Pending for good: refused unless it is switched off (maxReplicas 0).
     */
    static void topLevelBufferFits(SpecValidator v, List<NodePool> pools, ClusterSpec.Buffer top) {
        if (pools == null || pools.isEmpty() || pools.stream().anyMatch(p -> p == null || p.buffer() == null)) return;
        if (top.maxReplicas() != null && top.maxReplicas() > 0) {
            v.problem("$.buffer.maxReplicas", "every NodePool has a buffer of its own, so the top-level buffer's pods would fit no node; "
                    + "set buffer.baselineReplicas and buffer.maxReplicas to 0, or leave one pool without a buffer");
        }
    }

    private static List<String> sorted(Set<String> values) {
        return values.stream().sorted().toList();
    }
}
