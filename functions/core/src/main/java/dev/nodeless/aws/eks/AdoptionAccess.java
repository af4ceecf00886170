package dev.nodeless.aws.eks;

import dev.nodeless.aws.AwsErrors;
import dev.nodeless.aws.ResourceTags;
import dev.nodeless.aws.eks.AccessEntries.Desired;
import dev.nodeless.spec.ResourceNames;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.eks.EksClient;
import software.amazon.awssdk.services.eks.model.AccessEntry;
import software.amazon.awssdk.services.eks.model.AccessScopeType;
import software.amazon.awssdk.services.eks.model.AssociatedAccessPolicy;
import software.amazon.awssdk.services.eks.model.ResourceNotFoundException;

/**
 * The access entries an adopted cluster needs so that Nodeless's roles reach it (adopt-cluster, docs/adopt.md):
 * <ol>
 *   <li>the adoption role (adoptKubernetes' Lambda role) with {@code AmazonEKSClusterAdminPolicy} on cluster scope: it
 *       installs and removes the PriorityClass, ClusterRoles and admission policy, which need cluster-admin;</li>
 *   <li>the maintenance writer (sizeBuffer) with only the group {@link ResourceNames#MAINTENANCE_GROUP};</li>
 *   <li>each maintenance reader (resolveTarget, reconcileCluster) with only {@link ResourceNames#MAINTENANCE_READER_GROUP}.</li>
 * </ol>
 * An entry that exists is used as it is when a maintenance role's has its group (whoever made it); one made with another
 * group is refused, not changed. Missing entries are created only when the input says {@code grantAccess}, tagged with
 * this stack's owner id and {@link #ADOPTED_TAG}; {@link #revoke} deletes exactly those, never an entry the operator made.
 */
public final class AdoptionAccess {

    /** On every access entry adopt creates; with the owner tag it marks what release removes. */
    public static final String ADOPTED_TAG = "nodeless.dev/adopted";

    /** The Nodeless roles that need an entry on an adopted cluster. */
    public record Roles(String adoptionRole, String maintenanceRole, List<String> maintenanceReaderRoles) {
        public Roles {
            maintenanceReaderRoles = maintenanceReaderRoles == null ? List.of() : maintenanceReaderRoles.stream().map(String::strip)
                    .filter(r -> !r.isEmpty()).distinct().toList();
        }
    }

    /** What {@link #ensure} found: entries it created, entries that existed, and what stops the adoption (empty: none). */
    public record Outcome(List<String> created, List<String> found, List<String> missing, List<String> wrong, List<String> notes) {
        public boolean complete() { return missing.isEmpty() && wrong.isEmpty(); }
    }

    private final EksClient eks;
    private final ResourceTags tags;
    private final Roles roles;
    private final String partition;

    public AdoptionAccess(EksClient eks, ResourceTags tags, Roles roles, String partition) {
        if (roles.adoptionRole() == null || roles.adoptionRole().isBlank() || roles.maintenanceRole() == null || roles.maintenanceRole().isBlank()) {
            throw new IllegalStateException("adopt-cluster needs NODELESS_ADOPTION_ROLE_ARN and NODELESS_MAINTENANCE_ROLE_ARN (template.yaml sets both)");
        }
        this.eks = eks;
        this.tags = tags;
        this.roles = roles;
        this.partition = partition;
    }

    public String adminPolicy() {
        return "arn:" + partition + ":eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy";
    }

    /** The entries the roles need, in the order above. */
    public List<Desired> desired() {
        Map<String, Desired> byPrincipal = new LinkedHashMap<>();
        byPrincipal.put(roles.adoptionRole(), new Desired(roles.adoptionRole(), "STANDARD", List.of(adminPolicy()), List.of()));
        byPrincipal.putIfAbsent(roles.maintenanceRole(), new Desired(roles.maintenanceRole(), "STANDARD", List.of(),
                List.of(ResourceNames.MAINTENANCE_GROUP)));
        for (String r : roles.maintenanceReaderRoles()) {
            byPrincipal.putIfAbsent(r, new Desired(r, "STANDARD", List.of(), List.of(ResourceNames.MAINTENANCE_READER_GROUP)));
        }
        return List.copyOf(byPrincipal.values());
    }

    /** Checks every needed entry; creates the missing ones only with {@code grant}. Changes nothing it did not create. */
    public Outcome ensure(String cluster, boolean grant) {
        return AwsErrors.call("checking the access entries of " + cluster, () -> {
            Set<String> existing = Set.copyOf(eks.listAccessEntriesPaginator(r -> r.clusterName(cluster)).accessEntries().stream().toList());
            List<String> created = new ArrayList<>();
            List<String> found = new ArrayList<>();
            List<String> missing = new ArrayList<>();
            List<String> wrong = new ArrayList<>();
            List<String> notes = new ArrayList<>();
            for (Desired d : desired()) {
                if (!existing.contains(d.principalArn())) {
                    if (!grant) {
                        missing.add(d.principalArn());
                        continue;
                    }
                    Map<String, String> entryTags = new LinkedHashMap<>();
                    entryTags.put(ResourceNames.MANAGED_BY_TAG, tags.owner());
                    entryTags.put(ResourceNames.CLUSTER_TAG, cluster);
                    entryTags.put(ADOPTED_TAG, "true");
                    eks.createAccessEntry(r -> r.clusterName(cluster).principalArn(d.principalArn()).type(d.type())
                            .kubernetesGroups(d.kubernetesGroups().isEmpty() ? null : d.kubernetesGroups()).tags(entryTags));
                    created.add(d.principalArn());
                } else {
                    AccessEntry e = eks.describeAccessEntry(r -> r.clusterName(cluster).principalArn(d.principalArn())).accessEntry();
                    List<String> groups = e.kubernetesGroups() == null ? List.of() : e.kubernetesGroups();
                    if (!"STANDARD".equals(e.type()) || !groups.containsAll(d.kubernetesGroups())) {
                        wrong.add(d.principalArn() + " has type " + e.type() + " and groups " + groups + ", needs STANDARD with " + d.kubernetesGroups());
                        continue;
                    }
                    found.add(d.principalArn());
                }
                Set<String> associated = associated(cluster, d.principalArn());
                for (String policy : d.policyArns()) {
                    if (associated.contains(policy)) continue;
                    if (created.contains(d.principalArn()) || ours(cluster, d.principalArn()).isPresent()) {
                        // ours (this run's, or a run that stopped between create and associate): completed here
                        eks.associateAccessPolicy(r -> r.clusterName(cluster).principalArn(d.principalArn()).policyArn(policy)
                                .accessScope(s -> s.type(AccessScopeType.CLUSTER)));
                    } else {
                        notes.add(d.principalArn() + " has no " + policy + " associated (the operator made its entry); its own access "
                                + "must allow what adopt installs (ClusterRoles, a PriorityClass, an admission policy), or adoptKubernetes gets 403");
                    }
                }
            }
            return new Outcome(created, found, missing, wrong, notes);
        });
    }

    /** Whether the adoption role has an entry at all (else its Kubernetes steps cannot reach the cluster). */
    public boolean adoptionRoleHasEntry(String cluster) {
        return AwsErrors.call("reading the adoption role's access entry on " + cluster, () -> {
            try {
                eks.describeAccessEntry(r -> r.clusterName(cluster).principalArn(roles.adoptionRole()));
                return true;
            } catch (ResourceNotFoundException absent) {
                return false;
            }
        });
    }

    /** Deletes the entries adopt created (this stack's owner tag and {@link #ADOPTED_TAG}); returns their principals. */
    public List<String> revoke(String cluster) {
        return AwsErrors.call("removing the access entries adopt created on " + cluster, () -> {
            List<String> deleted = new ArrayList<>();
            for (Desired d : desired()) {
                if (ours(cluster, d.principalArn()).isEmpty()) continue;
                try {
                    eks.deleteAccessEntry(r -> r.clusterName(cluster).principalArn(d.principalArn()));
                    deleted.add(d.principalArn());
                } catch (ResourceNotFoundException gone) {
                    // deleted in between: the result is the same
                }
            }
            return deleted;
        });
    }

    /** The entry, when it exists and adopt created it (this stack's owner id and the adopted tag). */
    private Optional<AccessEntry> ours(String cluster, String principal) {
        try {
            AccessEntry e = eks.describeAccessEntry(r -> r.clusterName(cluster).principalArn(principal)).accessEntry();
            Map<String, String> t = e.tags() == null ? Map.of() : e.tags();
            return tags.owns(t) && "true".equals(t.get(ADOPTED_TAG)) ? Optional.of(e) : Optional.empty();
        } catch (ResourceNotFoundException gone) {
            return Optional.empty();
        }
    }

    private Set<String> associated(String cluster, String principal) {
        return eks.listAssociatedAccessPoliciesPaginator(r -> r.clusterName(cluster).principalArn(principal)).associatedAccessPolicies()
                .stream().map(AssociatedAccessPolicy::policyArn).collect(Collectors.toSet());
    }
}
