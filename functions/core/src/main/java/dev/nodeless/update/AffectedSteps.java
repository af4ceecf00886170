package dev.nodeless.update;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which bootstrap steps a changed spec field needs, for update-cluster. Every field of
 * {@link dev.nodeless.spec.ClusterSpec} has a rule, on itself or on an ancestor ({@code network} covers all of
 * {@code network.*}): the steps that converge it, "registry only" (read from the registry by the maintenance loop,
 * nothing in AWS or Kubernetes holds it), or a refusal that says why the field cannot change on a running cluster.
 * A field without a rule is a bug (a field added without deciding what changing it means): {@link #ruleFor} throws,
 * and AffectedStepsTest enumerates the records to catch it at build time.
 * <p>A step is listed only where it converges the field on an existing cluster; where the bootstrap's step would only
 * report the difference (ensureCluster for the endpoint), the field is refused instead of pretending to apply it.
 */
public final class AffectedSteps {

    public static final String ENSURE_IAM_ROLE = "ensureIamRole";
    public static final String ENSURE_NETWORK = "ensureNetwork";
    public static final String ENSURE_CLUSTER = "ensureCluster";
    public static final String ENSURE_IRSA_ROLE = "ensureIrsaRole";
    public static final String ENSURE_ACCESS_ENTRIES = "ensureAccessEntries";
    public static final String APPLY_KUBERNETES = "applyKubernetes";
    public static final String VERIFY_CLUSTER = "verifyCluster";

    /** The steps update-cluster can run, in the bootstrap's order (registerCluster always runs, before and after). */
    public static final List<String> ORDER = List.of(ENSURE_IAM_ROLE, ENSURE_NETWORK, ENSURE_CLUSTER, ENSURE_IRSA_ROLE,
            ENSURE_ACCESS_ENTRIES, APPLY_KUBERNETES, VERIFY_CLUSTER);

    /** What changing one field means. */
    public sealed interface Rule permits Steps, RegistryOnly, Refused {}

    /** The field is converged by these steps (and recorded in the registry). */
    public record Steps(List<String> steps) implements Rule {}

    /** Only the registry holds it (the maintenance loop reads it from there): the final registry write applies it. */
    public record RegistryOnly() implements Rule {}

    /** The field cannot change on a running cluster; {@code why} says so and what to do instead. */
    public record Refused(String why) implements Rule {}

    private static final List<String> KUBE = List.of(APPLY_KUBERNETES, VERIFY_CLUSTER);
    private static final List<String> IRSA_AND_KUBE = List.of(ENSURE_IRSA_ROLE, APPLY_KUBERNETES, VERIFY_CLUSTER);
    private static final Map<String, Rule> RULES = rules();

    private AffectedSteps() {}

    private static Map<String, Rule> rules() {
        Map<String, Rule> r = new LinkedHashMap<>();
        r.put("clusterName", new Refused("a cluster's name is its identity in EKS and in the registry; EKS cannot rename a "
                + "cluster: bootstrap a new one under the new name"));
        r.put("region", new Refused("an EKS cluster cannot move to another region: bootstrap a new one there"));
        r.put("kubernetesVersion", new Refused("version upgrades run through bootstrap-cluster's version loop (one minor "
                + "per turn, with EKS upgrade insights and Karpenter's compatibility checked first): start bootstrap-cluster "
                + "with the whole new spec (docs/day2.md, Upgrade Kubernetes)"));
        String endpoint = "Nodeless does not change a live cluster's endpoint exposure (ensureCluster only reports the "
                + "difference: cutting API access is an outage the operator must choose); change it with "
                + "`aws eks update-cluster-config --resources-vpc-config ...`, then re-run bootstrap-cluster with the whole spec to record it";
        r.put("endpoint.publicAccess", new Refused(endpoint));
        r.put("endpoint.privateAccess", new Refused(endpoint));
        r.put("endpoint.publicAccessCidrs", new Refused(endpoint));
        r.put("network", new Refused("a cluster's network is fixed when it is created: network.create made its VPC once, "
                + "EKS cannot change a Fargate profile's subnets, and Nodeless does not move a cluster to other subnets"));
        r.put("admins", new Steps(List.of(ENSURE_ACCESS_ENTRIES)));
        r.put("viewers", new Steps(List.of(ENSURE_ACCESS_ENTRIES)));
        r.put("confirmAccessRemoval", new Steps(List.of(ENSURE_ACCESS_ENTRIES)));
        r.put("karpenter.version", new Steps(KUBE));
        r.put("karpenter.capacityTypes", new Steps(KUBE));
        r.put("karpenter.cpuLimit", new Steps(KUBE));
        r.put("karpenter.memoryLimit", new Steps(KUBE));
        r.put("karpenter.expireAfter", new Steps(KUBE));
        r.put("karpenter.consolidateAfter", new Steps(KUBE));
        r.put("karpenter.instanceCategories", new Steps(KUBE));
        r.put("karpenter.amiAlias", new Steps(KUBE));
        // One NodePool and (when asked) one buffer object per entry, rendered and applied by applyKubernetes; each pool's
        // buffer settings are read by the maintenance loop from the registry the update writes last. A pool removed from
        // the list keeps its NodePool and buffer in the cluster (applyKubernetes never deletes one: docs/day2.md).
        r.put("karpenter.nodePools", new Steps(KUBE));
        // Rendered into the buffer's objects (the replica count only on create: the maintenance loop owns it after).
        r.put("buffer.backend", new Steps(KUBE));
        r.put("buffer.baselineReplicas", new Steps(KUBE));
        r.put("buffer.pod", new Steps(KUBE));
        // Read by the maintenance loop from the registry; no object in the cluster holds them.
        r.put("buffer.maxReplicas", new RegistryOnly());
        r.put("buffer.lookahead", new RegistryOnly());
        r.put("buffer.cooldown", new RegistryOnly());
        r.put("buffer.baselineSchedule", new RegistryOnly());
        r.put("buffer.baselinePercent", new RegistryOnly());
        // The controller's IRSA role exists only while it is enabled; external-dns' policy names the hosted zone.
        r.put("addons.loadBalancerController.enabled", new Steps(IRSA_AND_KUBE));
        r.put("addons.externalDns.enabled", new Steps(IRSA_AND_KUBE));
        r.put("addons.externalDns.hostedZoneId", new Steps(IRSA_AND_KUBE));
        r.put("addons.externalDns.domain", new Steps(KUBE));
        r.put("addons.kubeOpsView", new Steps(KUBE));
        r.put("addons.inflate", new Steps(KUBE));
        // Converged by ensureCluster one UpdateClusterConfig at a time (logging, upgrade policy, EKS's deletion flag);
        // encryption is associated once on a cluster without it (EKS can neither change nor remove it: a different key
        // is reported as drift and left).
        r.put("logging", new Steps(List.of(ENSURE_CLUSTER)));
        r.put("upgradePolicy", new Steps(List.of(ENSURE_CLUSTER)));
        r.put("deletionProtection", new Steps(List.of(ENSURE_CLUSTER)));
        r.put("encryption", new Steps(List.of(ENSURE_CLUSTER)));
        // Read only by teardown-cluster, from its own input.
        r.put("confirmDeletion", new RegistryOnly());
        String addons = "update-cluster has no add-on step (EKS add-ons and the EBS CSI driver's IRSA role are ensured by "
                + "bootstrap-cluster's EnsureAddons): switch it with a bootstrap-cluster run of the whole spec (docs/day2.md)";
        r.put("addons.metricsServer", new Refused(addons));
        r.put("addons.ebsCsiDriver", new Refused(addons));
        // Tags are added or corrected on what converges them (roles, network, cluster, EC2NodeClass); a tag removed
        // from the spec stays on existing resources (ResourceTags.toAdd only adds).
        r.put("tags", new Steps(List.of(ENSURE_IAM_ROLE, ENSURE_NETWORK, ENSURE_CLUSTER, ENSURE_IRSA_ROLE, APPLY_KUBERNETES, VERIFY_CLUSTER)));
        return Map.copyOf(r);
    }

    /** Every rule, keyed by field path without {@code $.} ({@code buffer.maxReplicas}). */
    public static Map<String, Rule> all() {
        return RULES;
    }

    /**
     * The rule for a changed field, by its diff path ({@code $.buffer.pod.cpu}, {@code $.tags['team']}): the rule of
     * the field or of its nearest ancestor.
     *
     * @throws IllegalStateException when no rule covers it (a field added to the spec without an update rule)
     */
    public static Rule ruleFor(String path) {
        return find(path).orElseThrow(() -> new IllegalStateException("no update rule covers " + path
                + ": a spec field was added without deciding which steps changing it needs (dev.nodeless.update.AffectedSteps)"));
    }

    static Optional<Rule> find(String path) {
        String p = path.startsWith("$.") ? path.substring(2) : path;
        while (true) {
            Rule rule = RULES.get(p);
            if (rule != null) return Optional.of(rule);
            int cut = Math.max(p.lastIndexOf('.'), p.lastIndexOf('['));
            if (cut <= 0) return Optional.empty();
            p = p.substring(0, cut);
        }
    }

    /** The union of the steps of these rules, in {@link #ORDER}. */
    public static List<String> steps(List<Rule> rules) {
        Set<String> wanted = new LinkedHashSet<>();
        for (Rule r : rules) if (r instanceof Steps s) wanted.addAll(s.steps());
        List<String> ordered = new ArrayList<>();
        for (String step : ORDER) if (wanted.contains(step)) ordered.add(step);
        return ordered;
    }
}
