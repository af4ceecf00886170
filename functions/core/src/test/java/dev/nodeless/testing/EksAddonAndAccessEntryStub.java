package dev.nodeless.testing;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.eks.EksClient;
import software.amazon.awssdk.services.eks.model.*;

/**
 * moto 5.2 has no EKS add-on and no access-entry API (both answer 404), so this stub implements exactly those calls
 * in memory, with the behaviour of the real service the code relies on: calls fail with ResourceNotFoundException
 * for a cluster moto does not know, creating an existing add-on/entry answers ResourceInUseException, an
 * {@code EC2_LINUX} entry refuses access policies (InvalidParameterException), and deleting the cluster deletes
 * its add-ons and entries. Everything else (clusters, Fargate profiles, tags) goes to the real moto server.
 * Add-ons become ACTIVE at once, as moto's clusters do.
 */
public class EksAddonAndAccessEntryStub extends EksClusterConfigStub {

    private final Map<String, Map<String, Addon>> addons = new LinkedHashMap<>();
    private final Map<String, Map<String, AccessEntry>> entries = new LinkedHashMap<>();
    private final Map<String, Set<String>> policies = new LinkedHashMap<>();

    public EksAddonAndAccessEntryStub(EksClient moto) {
        super(moto);
    }

    // ------------------------------------------------------------------ add-ons

    @Override
    public synchronized CreateAddonResponse createAddon(CreateAddonRequest r) {
        Map<String, Addon> byName = addonsOf(r.clusterName());
        if (byName.containsKey(r.addonName())) throw inUse("Addon already exists: " + r.addonName());
        Addon a = Addon.builder().addonName(r.addonName()).clusterName(r.clusterName()).status(AddonStatus.ACTIVE)
                .addonVersion("v0.0.0-stub").configurationValues(r.configurationValues()).serviceAccountRoleArn(r.serviceAccountRoleArn()).tags(r.tags())
                .addonArn("arn:aws:eks:stub:addon/" + r.clusterName() + "/" + r.addonName()).build();
        byName.put(r.addonName(), a);
        return CreateAddonResponse.builder().addon(a).build();
    }

    @Override
    public synchronized DescribeAddonResponse describeAddon(DescribeAddonRequest r) {
        Addon a = addonsOf(r.clusterName()).get(r.addonName());
        if (a == null) throw notFound("No addon: " + r.addonName());
        return DescribeAddonResponse.builder().addon(a).build();
    }

    @Override
    public synchronized UpdateAddonResponse updateAddon(UpdateAddonRequest r) {
        Map<String, Addon> byName = addonsOf(r.clusterName());
        Addon a = byName.get(r.addonName());
        if (a == null) throw notFound("No addon: " + r.addonName());
        // Like EKS: a request without configuration or role keeps the add-on's own.
        Addon.Builder b = a.toBuilder();
        if (r.configurationValues() != null) b.configurationValues(r.configurationValues());
        if (r.serviceAccountRoleArn() != null) b.serviceAccountRoleArn(r.serviceAccountRoleArn());
        byName.put(r.addonName(), b.build());
        return UpdateAddonResponse.builder().update(Update.builder().id("stub-update").status(UpdateStatus.SUCCESSFUL).build()).build();
    }

    @Override
    public synchronized DeleteAddonResponse deleteAddon(DeleteAddonRequest r) {
        Addon a = addonsOf(r.clusterName()).remove(r.addonName());
        if (a == null) throw notFound("No addon: " + r.addonName());
        return DeleteAddonResponse.builder().addon(a).build();
    }

    @Override
    public synchronized ListAddonsResponse listAddons(ListAddonsRequest r) {
        return ListAddonsResponse.builder().addons(List.copyOf(addonsOf(r.clusterName()).keySet())).build();
    }

    // ------------------------------------------------------------------ access entries

    @Override
    public synchronized CreateAccessEntryResponse createAccessEntry(CreateAccessEntryRequest r) {
        Map<String, AccessEntry> byPrincipal = entriesOf(r.clusterName());
        if (byPrincipal.containsKey(r.principalArn())) throw inUse("The specified access entry resource is already in use on this cluster.");
        AccessEntry e = AccessEntry.builder().clusterName(r.clusterName()).principalArn(r.principalArn())
                .type(r.type() == null ? "STANDARD" : r.type()).kubernetesGroups(r.kubernetesGroups()).tags(r.tags()).build();
        byPrincipal.put(r.principalArn(), e);
        return CreateAccessEntryResponse.builder().accessEntry(e).build();
    }

    @Override
    public synchronized DescribeAccessEntryResponse describeAccessEntry(DescribeAccessEntryRequest r) {
        AccessEntry e = entriesOf(r.clusterName()).get(r.principalArn());
        if (e == null) throw notFound("No access entry for " + r.principalArn());
        return DescribeAccessEntryResponse.builder().accessEntry(e).build();
    }

    @Override
    public synchronized ListAccessEntriesResponse listAccessEntries(ListAccessEntriesRequest r) {
        return ListAccessEntriesResponse.builder().accessEntries(List.copyOf(entriesOf(r.clusterName()).keySet())).build();
    }

    @Override
    public synchronized UpdateAccessEntryResponse updateAccessEntry(UpdateAccessEntryRequest r) {
        Map<String, AccessEntry> byPrincipal = entriesOf(r.clusterName());
        AccessEntry e = byPrincipal.get(r.principalArn());
        if (e == null) throw notFound("No access entry for " + r.principalArn());
        AccessEntry updated = e.toBuilder().kubernetesGroups(r.kubernetesGroups()).build();
        byPrincipal.put(r.principalArn(), updated);
        return UpdateAccessEntryResponse.builder().accessEntry(updated).build();
    }

    @Override
    public synchronized DeleteAccessEntryResponse deleteAccessEntry(DeleteAccessEntryRequest r) {
        if (entriesOf(r.clusterName()).remove(r.principalArn()) == null) throw notFound("No access entry for " + r.principalArn());
        policies.remove(r.clusterName() + "|" + r.principalArn());
        return DeleteAccessEntryResponse.builder().build();
    }

    @Override
    public synchronized AssociateAccessPolicyResponse associateAccessPolicy(AssociateAccessPolicyRequest r) {
        AccessEntry e = entriesOf(r.clusterName()).get(r.principalArn());
        if (e == null) throw notFound("No access entry for " + r.principalArn());
        if (!"STANDARD".equals(e.type())) {
            throw InvalidParameterException.builder().message("Access policies can only be associated with STANDARD access entries").build();
        }
        policies.computeIfAbsent(r.clusterName() + "|" + r.principalArn(), k -> new LinkedHashSet<>()).add(r.policyArn());
        return AssociateAccessPolicyResponse.builder().clusterName(r.clusterName()).principalArn(r.principalArn()).build();
    }

    @Override
    public synchronized ListAssociatedAccessPoliciesResponse listAssociatedAccessPolicies(ListAssociatedAccessPoliciesRequest r) {
        if (!entriesOf(r.clusterName()).containsKey(r.principalArn())) throw notFound("No access entry for " + r.principalArn());
        List<AssociatedAccessPolicy> list = policies.getOrDefault(r.clusterName() + "|" + r.principalArn(), Set.of()).stream()
                .map(p -> AssociatedAccessPolicy.builder().policyArn(p).accessScope(AccessScope.builder().type(AccessScopeType.CLUSTER).build()).build())
                .toList();
        return ListAssociatedAccessPoliciesResponse.builder().associatedAccessPolicies(list).build();
    }

    // ------------------------------------------------------------------ cluster deletion takes its sub-resources

    @Override
    public synchronized DeleteClusterResponse deleteCluster(DeleteClusterRequest r) {
        DeleteClusterResponse response = super.deleteCluster(r);
        addons.remove(r.name());
        entries.remove(r.name());
        policies.keySet().removeIf(k -> k.startsWith(r.name() + "|"));
        return response;
    }

    /** Puts an add-on into a state the real service reaches on its own (failed, degraded), with one health issue. */
    public synchronized void setAddonStatus(String cluster, String addon, AddonStatus status, String issue) {
        Map<String, Addon> byName = addonsOf(cluster);
        byName.put(addon, byName.get(addon).toBuilder().status(status)
                .health(h -> h.issues(AddonIssue.builder().code("ConfigurationConflict").message(issue).build())).build());
    }

    /** Sets an add-on's version (what an update to that version leaves). */
    protected synchronized void setAddonVersion(String cluster, String addon, String version) {
        Map<String, Addon> byName = addonsOf(cluster);
        byName.put(addon, byName.get(addon).toBuilder().addonVersion(version).build());
    }

    /** The access policies associated with a principal (for assertions). */
    public synchronized Set<String> associatedPolicies(String cluster, String principal) {
        return Set.copyOf(policies.getOrDefault(cluster + "|" + principal, Set.of()));
    }

    private Map<String, Addon> addonsOf(String cluster) {
        requireCluster(cluster);
        return addons.computeIfAbsent(cluster, k -> new LinkedHashMap<>());
    }

    private Map<String, AccessEntry> entriesOf(String cluster) {
        requireCluster(cluster);
        return entries.computeIfAbsent(cluster, k -> new LinkedHashMap<>());
    }

    private void requireCluster(String cluster) {
        moto.describeCluster(r -> r.name(cluster)); // throws ResourceNotFoundException like EKS does
    }

    protected static ResourceInUseException inUse(String message) {
        return (ResourceInUseException) ResourceInUseException.builder().message(message)
                .awsErrorDetails(software.amazon.awssdk.awscore.exception.AwsErrorDetails.builder().errorCode("ResourceInUseException").errorMessage(message).build())
                .statusCode(409).build();
    }

    protected static ResourceNotFoundException notFound(String message) {
        return (ResourceNotFoundException) ResourceNotFoundException.builder().message(message).statusCode(404).build();
    }
}
