package dev.nodeless.aws.eks;

import dev.nodeless.aws.AwsAccount;
import dev.nodeless.aws.AwsErrors;
import dev.nodeless.aws.InvalidStepInputException;
import dev.nodeless.aws.ResourceTags;
import dev.nodeless.bootstrap.StepInput;
import dev.nodeless.bootstrap.StepResult;
import dev.nodeless.spec.ClusterSpec;
import dev.nodeless.spec.ResourceNames;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.eks.EksClient;
import software.amazon.awssdk.services.eks.model.AccessEntry;
import software.amazon.awssdk.services.eks.model.AccessScopeType;
import software.amazon.awssdk.services.eks.model.AssociatedAccessPolicy;
import software.amazon.awssdk.services.eks.model.ResourceNotFoundException;

/**
 * Step {@code ensureAccessEntries} and teardown stage {@code access-entries}. Replaces the runbook's aws-auth
 * ConfigMap with EKS access entries:
 * <ol>
 *   <li>the Karpenter node role, type {@code EC2_LINUX} (EKS maps it to system:nodes; no policy may be attached);</li>
 *   <li>the automation's own role (the Lambda role of the Kubernetes phase) with {@code AmazonEKSClusterAdminPolicy}
 *       on cluster scope, the narrowest EKS access policy that can install CRDs, ClusterRoles and webhooks;</li>
 *   <li>each admin ARN from the spec, with {@code AmazonEKSClusterAdminPolicy} on cluster scope;</li>
 *   <li>each viewer ARN from the spec, with {@code AmazonEKSViewPolicy} on cluster scope and the Kubernetes group
 *       {@link ResourceNames#VIEWER_GROUP}, which the Kubernetes phase binds to read Karpenter's and the buffer's
 *       custom resources (the view policy covers none);</li>
 *   <li>when configured, the maintenance writer's role (sizeBuffer's): no access policy, only the Kubernetes group
 *       {@link ResourceNames#MAINTENANCE_GROUP}, which the Kubernetes phase binds to exactly what resizing the
 *       buffer needs (scoped by RBAC, which EKS access policies cannot express for custom resources);</li>
 *   <li>each configured maintenance reader role (resolveTarget's, reconcileCluster'): no access policy, only the
 *       group {@link ResourceNames#MAINTENANCE_READER_GROUP}, which the Kubernetes phase binds to get/list rules.</li>
 * </ol>
 * A role configured both as writer and as reader is refused: which group it should get is not clear, and the
 * writer's would silently widen what a reading function may do.
 * Entries are tagged; a tagged entry no longer wanted is deleted, with one guard: an entry that gives a person access
 * (STANDARD, not a maintenance role's group) is deleted only when its ARN is in the spec's {@code confirmAccessRemoval};
 * otherwise the step fails before changing anything, listing every entry that would go, so a re-run that leaves
 * {@code admins} or {@code viewers} out by mistake removes nobody. Maintenance roles' entries are managed from the
 * stack's configuration, not the spec, and need no confirmation. Entries EKS makes itself (the Fargate pod execution
 * role's) carry no tag of ours and are left alone.
 */
public final class AccessEntries {

    public static final String STEP = "ensureAccessEntries";
    private static final Pattern PRINCIPAL = Pattern.compile("^arn:aws[a-z-]*:iam::\\d{12}:(role|user)/.+$");

    /** One entry as it should be: principal, type, access policies (cluster scope), Kubernetes groups. */
    public record Desired(String principalArn, String type, List<String> policyArns, List<String> kubernetesGroups) {}

    private final EksClient eks;
    private final AwsAccount account;
    private final String automationRoleArn;
    private final Optional<String> maintenanceRoleArn;
    private final ResourceTags resourceTags;
    private final List<String> maintenanceReaderRoleArns;

    /**
     * @param automationRoleArn  the IAM role ARN of the Lambda that runs the Kubernetes phase
     * @param maintenanceRoleArn the IAM role ARN of the maintenance function that writes (sizeBuffer), if any
     */
    public AccessEntries(EksClient eks, AwsAccount account, ResourceTags resourceTags, String automationRoleArn, Optional<String> maintenanceRoleArn) {
        this(eks, account, resourceTags, automationRoleArn, maintenanceRoleArn, List.of());
    }

    /**
     * @param maintenanceReaderRoleArns the IAM role ARNs of the maintenance functions that only read the cluster
     *                                  (blank entries are ignored, duplicates get one entry)
     */
    public AccessEntries(EksClient eks, AwsAccount account, ResourceTags resourceTags, String automationRoleArn, Optional<String> maintenanceRoleArn,
                         List<String> maintenanceReaderRoleArns) {
        this.eks = eks;
        this.resourceTags = resourceTags;
        this.account = account;
        this.automationRoleArn = automationRoleArn;
        this.maintenanceRoleArn = maintenanceRoleArn.map(String::strip).filter(a -> !a.isEmpty());
        this.maintenanceReaderRoleArns = maintenanceReaderRoleArns.stream().map(String::strip).filter(a -> !a.isEmpty()).distinct().toList();
    }

    /** The entries the spec calls for (pure; validates admin ARNs). */
    public List<Desired> desired(ClusterSpec spec) {
        String admin = "arn:" + account.partition() + ":eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy";
        String view = "arn:" + account.partition() + ":eks::aws:cluster-access-policy/AmazonEKSViewPolicy";
        Map<String, Desired> byPrincipal = new LinkedHashMap<>();
        byPrincipal.put(nodeRoleArn(spec), new Desired(nodeRoleArn(spec), "EC2_LINUX", List.of(), List.of()));
        byPrincipal.put(automationRoleArn, new Desired(automationRoleArn, "STANDARD", List.of(admin), List.of()));
        maintenanceRoleArn.ifPresent(m -> {
            if (maintenanceReaderRoleArns.contains(m)) {
                throw new IllegalStateException("maintenance role " + m + " is configured both as the writer (NODELESS_MAINTENANCE_ROLE_ARN) "
                        + "and as a reader (NODELESS_MAINTENANCE_READER_ROLE_ARNS); each maintenance role must have one Kubernetes group");
            }
            byPrincipal.putIfAbsent(m, new Desired(m, "STANDARD", List.of(), List.of(ResourceNames.MAINTENANCE_GROUP)));
        });
        for (String r : maintenanceReaderRoleArns) {
            byPrincipal.putIfAbsent(r, new Desired(r, "STANDARD", List.of(), List.of(ResourceNames.MAINTENANCE_READER_GROUP)));
        }
        List<String> bad = new ArrayList<>();
        for (String arn : spec.admins() == null ? List.<String>of() : spec.admins()) {
            if (!PRINCIPAL.matcher(arn).matches()) bad.add(arn);
            else byPrincipal.putIfAbsent(arn, new Desired(arn, "STANDARD", List.of(admin), List.of()));
        }
        for (String arn : spec.viewers() == null ? List.<String>of() : spec.viewers()) {
            if (!PRINCIPAL.matcher(arn).matches()) bad.add(arn);
            else byPrincipal.putIfAbsent(arn, new Desired(arn, "STANDARD", List.of(view), List.of(ResourceNames.VIEWER_GROUP)));
        }
        if (!bad.isEmpty()) {
            throw new InvalidStepInputException("admins and viewers must be IAM role or user ARNs (arn:aws:iam::<account>:role/<name>); not: " + bad);
        }
        return List.copyOf(byPrincipal.values());
    }

    private String nodeRoleArn(ClusterSpec spec) {
        return account.roleArn(new ResourceNames(spec.clusterName()).nodeRole());
    }

    public StepResult ensure(StepInput input) {
        ClusterSpec spec = input.spec();
        String cluster = spec.clusterName();
        List<Desired> desired = desired(spec);
        return AwsErrors.call("ensuring access entries of " + cluster, () -> {
            Set<String> existing = Set.copyOf(eks.listAccessEntriesPaginator(r -> r.clusterName(cluster)).accessEntries().stream().toList());
            Set<String> wanted = desired.stream().map(Desired::principalArn).collect(Collectors.toSet());
            Map<String, AccessEntry> unwanted = new LinkedHashMap<>();
            for (String principal : existing.stream().sorted().toList()) {
                if (wanted.contains(principal)) continue;
                ours(cluster, principal).ifPresent(e -> unwanted.put(principal, e));
            }
            List<String> unconfirmed = unwanted.values().stream().filter(AccessEntries::personAccess).map(AccessEntry::principalArn)
                    .filter(p -> spec.confirmAccessRemoval() == null || !spec.confirmAccessRemoval().contains(p)).toList();
            if (!unconfirmed.isEmpty()) {
                throw new InvalidStepInputException("refusing to remove the access entries of " + unconfirmed + " from cluster " + cluster
                        + ": they are no longer in admins or viewers. If that is intended, list them in confirmAccessRemoval; "
                        + "otherwise add them back to admins or viewers. Nothing was changed");
            }
            List<String> created = new ArrayList<>();
            List<String> repaired = new ArrayList<>();
            List<String> drift = new ArrayList<>();
            for (Desired d : desired) {
                if (!existing.contains(d.principalArn())) {
                    eks.createAccessEntry(r -> r.clusterName(cluster).principalArn(d.principalArn()).type(d.type())
                            .kubernetesGroups(d.kubernetesGroups().isEmpty() ? null : d.kubernetesGroups()).tags(resourceTags.of(spec)));
                    created.add(d.principalArn());
                } else {
                    AccessEntry e = eks.describeAccessEntry(r -> r.clusterName(cluster).principalArn(d.principalArn())).accessEntry();
                    if (!d.type().equals(e.type())) drift.add(d.principalArn() + " has type " + e.type() + ", expected " + d.type());
                    if ("STANDARD".equals(d.type()) && !Set.copyOf(d.kubernetesGroups()).equals(Set.copyOf(e.kubernetesGroups()))) {
                        eks.updateAccessEntry(r -> r.clusterName(cluster).principalArn(d.principalArn()).kubernetesGroups(d.kubernetesGroups()));
                        repaired.add("groups of " + d.principalArn() + " " + e.kubernetesGroups() + " -> " + d.kubernetesGroups());
                    }
                }
                Set<String> associated = associated(cluster, d.principalArn());
                for (String policy : d.policyArns()) {
                    if (associated.contains(policy)) continue;
                    eks.associateAccessPolicy(r -> r.clusterName(cluster).principalArn(d.principalArn()).policyArn(policy)
                            .accessScope(s -> s.type(AccessScopeType.CLUSTER)));
                    if (existing.contains(d.principalArn())) repaired.add(policy + " for " + d.principalArn());
                }
            }
            List<String> removed = new ArrayList<>();
            for (String principal : unwanted.keySet()) {
                eks.deleteAccessEntry(r -> r.clusterName(cluster).principalArn(principal));
                repaired.add("removed entry " + principal + (personAccess(unwanted.get(principal))
                        ? " (confirmed in confirmAccessRemoval)" : " (no longer configured)"));
                removed.add(principal);
            }
            String status = created.size() == desired.size() ? StepResult.CREATED
                    : created.isEmpty() && repaired.isEmpty() ? StepResult.UNCHANGED : StepResult.UPDATED;
            StringBuilder reason = new StringBuilder(status.equals(StepResult.UNCHANGED) ? "all entries exist and match" : "");
            if (!created.isEmpty()) reason.append("created ").append(created);
            if (!repaired.isEmpty()) reason.append(reason.isEmpty() ? "" : "; ").append("repaired ").append(repaired);
            if (!drift.isEmpty()) reason.append("; drift not changed (type is immutable): ").append(drift);
            return StepResult.done(STEP, null, status, reason.toString(),
                    Map.of("principals", desired.stream().map(Desired::principalArn).collect(Collectors.joining(",")),
                            "removed", String.join(",", removed)));
        });
    }

    public StepResult delete(ClusterSpec spec, String stage) {
        String cluster = spec.clusterName();
        if (ClusterStep.describe(eks, cluster) == null) {
            return StepResult.done("teardownStep", stage, StepResult.ABSENT, "cluster does not exist, so neither do its access entries", Map.of());
        }
        return AwsErrors.call("deleting access entries of " + cluster, () -> {
            List<String> deleted = new ArrayList<>();
            for (String principal : eks.listAccessEntriesPaginator(r -> r.clusterName(cluster)).accessEntries()) {
                if (ours(cluster, principal).isEmpty()) continue;
                eks.deleteAccessEntry(r -> r.clusterName(cluster).principalArn(principal));
                deleted.add(principal);
            }
            return StepResult.done("teardownStep", stage, deleted.isEmpty() ? StepResult.ABSENT : StepResult.DELETED,
                    deleted.isEmpty() ? "no access entry of ours" : "deleted " + deleted, Map.of());
        });
    }

    /** The entry, when it exists and carries our cluster tag. */
    private Optional<AccessEntry> ours(String cluster, String principal) {
        try {
            AccessEntry e = eks.describeAccessEntry(r -> r.clusterName(cluster).principalArn(principal)).accessEntry();
            return cluster.equals(e.tags().get(ResourceNames.CLUSTER_TAG)) ? Optional.of(e) : Optional.empty();
        } catch (ResourceNotFoundException gone) {
            return Optional.empty();
        }
    }

    /**
     * Whether an entry of ours gives a person access (an admin's or a viewer's, or a former automation role's): a
     * STANDARD entry without a maintenance role's group. Judged from the entry itself, so entries made before viewers
     * existed are guarded too. Node role entries (EC2_LINUX) and maintenance roles' entries follow the stack's
     * configuration and are not guarded.
     */
    static boolean personAccess(AccessEntry e) {
        if (!"STANDARD".equals(e.type())) return false;
        List<String> groups = e.kubernetesGroups() == null ? List.of() : e.kubernetesGroups();
        return !groups.contains(ResourceNames.MAINTENANCE_GROUP) && !groups.contains(ResourceNames.MAINTENANCE_READER_GROUP);
    }

    private Set<String> associated(String cluster, String principal) {
        return eks.listAssociatedAccessPoliciesPaginator(r -> r.clusterName(cluster).principalArn(principal)).associatedAccessPolicies()
                .stream().map(AssociatedAccessPolicy::policyArn).collect(Collectors.toSet());
    }
}
