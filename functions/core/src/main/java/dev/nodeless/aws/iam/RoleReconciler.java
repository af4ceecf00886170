package dev.nodeless.aws.iam;

import dev.nodeless.aws.AwsErrors;
import dev.nodeless.aws.Json;
import dev.nodeless.aws.InvalidStepInputException;
import dev.nodeless.aws.ResourceTags;
import dev.nodeless.spec.ResourceNames;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AttachedPolicy;
import software.amazon.awssdk.services.iam.model.InstanceProfile;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.iam.model.Role;
import software.amazon.awssdk.services.iam.model.Tag;

/**
 * Makes one IAM role match its {@link RoleDefinition}: creates it, or repairs trust, attached policies, inline
 * policies, tags and instance profile, reporting each repair. Deleting removes everything that blocks
 * {@code DeleteRole} (attachments, inline policies, instance profiles) first.
 */
public final class RoleReconciler {

    /** CREATED, UPDATED (with what was repaired) or UNCHANGED. */
    public record Outcome(String status, String roleArn, List<String> repaired) {}

    private final IamClient iam;

    private final ResourceTags resourceTags;

    public RoleReconciler(IamClient iam, ResourceTags resourceTags) {
        this.iam = iam;
        this.resourceTags = resourceTags;
    }

    public Outcome reconcile(RoleDefinition want, Map<String, String> tags) {
        String doing = "reconciling IAM role " + want.name();
        return AwsErrors.call(doing, () -> {
            Role existing = find(want.name());
            List<String> repaired = new ArrayList<>();
            Role role;
            if (existing == null) {
                role = iam.createRole(r -> r.roleName(want.name()).path(ResourceNames.IAM_PATH).assumeRolePolicyDocument(want.trustPolicy())
                        .description("nodeless: " + want.name()).tags(toTags(tags))).role();
            } else {
                role = existing;
                requireOwned(existing);
                if (!Json.samePolicy(want.trustPolicy(), existing.assumeRolePolicyDocument())) {
                    iam.updateAssumeRolePolicy(r -> r.roleName(want.name()).policyDocument(want.trustPolicy()));
                    repaired.add("trust policy");
                }
                Map<String, String> actualTags = tagMap(existing.tags());
                Map<String, String> missing = resourceTags.toAdd(tags, actualTags);
                if (!missing.isEmpty()) {
                    iam.tagRole(r -> r.roleName(want.name()).tags(toTags(missing)));
                    repaired.add("tags " + missing.keySet());
                }
            }
            repaired.addAll(reconcileManaged(want));
            repaired.addAll(reconcileInline(want));
            want.instanceProfile().ifPresent(p -> repaired.addAll(reconcileInstanceProfile(p, want.name(), tags)));
            String status = existing == null ? "CREATED" : repaired.isEmpty() ? "UNCHANGED" : "UPDATED";
            return new Outcome(status, role.arn(), existing == null ? List.of() : repaired);
        });
    }

    /** Deletes the role and everything attached to it; false when it did not exist. */
    public boolean delete(String roleName) {
        return AwsErrors.call("deleting IAM role " + roleName, () -> {
            Role existing = find(roleName);
            if (existing == null) return false;
            requireOwned(existing);
            for (AttachedPolicy p : attached(roleName)) {
                iam.detachRolePolicy(r -> r.roleName(roleName).policyArn(p.policyArn()));
            }
            for (String name : iam.listRolePoliciesPaginator(r -> r.roleName(roleName)).policyNames()) {
                iam.deleteRolePolicy(r -> r.roleName(roleName).policyName(name));
            }
            // Instance profiles holding the role: ours, and those Karpenter made from the EC2NodeClass's role.
            for (InstanceProfile p : iam.listInstanceProfilesForRolePaginator(r -> r.roleName(roleName)).instanceProfiles()) {
                iam.removeRoleFromInstanceProfile(r -> r.roleName(roleName).instanceProfileName(p.instanceProfileName()));
                iam.deleteInstanceProfile(r -> r.instanceProfileName(p.instanceProfileName()));
            }
            iam.deleteRole(r -> r.roleName(roleName));
            return true;
        });
    }

    /** Deletes an instance profile that no longer holds a role (left by an interrupted teardown); false when absent. */
    public boolean deleteInstanceProfile(String name) {
        return AwsErrors.call("deleting instance profile " + name, () -> {
            try {
                InstanceProfile p = iam.getInstanceProfile(r -> r.instanceProfileName(name)).instanceProfile();
                resourceTags.requireOwned("instance profile " + name, tagMap(p.tags()));
                for (Role r : p.roles()) iam.removeRoleFromInstanceProfile(x -> x.instanceProfileName(name).roleName(r.roleName()));
                iam.deleteInstanceProfile(r -> r.instanceProfileName(name));
                return true;
            } catch (NoSuchEntityException e) {
                return false;
            }
        });
    }

    public Role find(String roleName) {
        try {
            return iam.getRole(r -> r.roleName(roleName)).role();
        } catch (NoSuchEntityException e) {
            return null;
        }
    }

    private List<String> reconcileManaged(RoleDefinition want) {
        List<String> repaired = new ArrayList<>();
        Set<String> actual = attached(want.name()).stream().map(AttachedPolicy::policyArn).collect(Collectors.toSet());
        for (String arn : want.managedPolicyArns()) {
            if (!actual.contains(arn)) {
                iam.attachRolePolicy(r -> r.roleName(want.name()).policyArn(arn));
                repaired.add("attached " + arn);
            }
        }
        for (String arn : actual) {
            if (!want.managedPolicyArns().contains(arn)) {
                iam.detachRolePolicy(r -> r.roleName(want.name()).policyArn(arn));
                repaired.add("detached unexpected " + arn);
            }
        }
        return repaired;
    }

    private List<String> reconcileInline(RoleDefinition want) {
        List<String> repaired = new ArrayList<>();
        Set<String> actual = new HashSet<>(iam.listRolePoliciesPaginator(r -> r.roleName(want.name())).policyNames().stream().toList());
        for (var e : want.inlinePolicies().entrySet()) {
            boolean same = actual.contains(e.getKey()) && Json.samePolicy(e.getValue(),
                    iam.getRolePolicy(r -> r.roleName(want.name()).policyName(e.getKey())).policyDocument());
            if (!same) {
                iam.putRolePolicy(r -> r.roleName(want.name()).policyName(e.getKey()).policyDocument(e.getValue()));
                repaired.add("inline policy " + e.getKey());
            }
        }
        for (String name : actual) {
            if (!want.inlinePolicies().containsKey(name)) {
                iam.deleteRolePolicy(r -> r.roleName(want.name()).policyName(name));
                repaired.add("removed unexpected inline policy " + name);
            }
        }
        return repaired;
    }

    private List<String> reconcileInstanceProfile(String profileName, String roleName, Map<String, String> tags) {
        InstanceProfile profile;
        boolean created = false;
        try {
            profile = iam.getInstanceProfile(r -> r.instanceProfileName(profileName)).instanceProfile();
            resourceTags.requireOwned("instance profile " + profileName, tagMap(profile.tags()));
        } catch (NoSuchEntityException e) {
            profile = iam.createInstanceProfile(r -> r.instanceProfileName(profileName).path(ResourceNames.IAM_PATH).tags(toTags(tags))).instanceProfile();
            created = true;
        }
        boolean holdsRole = profile.roles().stream().anyMatch(r -> r.roleName().equals(roleName));
        if (!holdsRole) iam.addRoleToInstanceProfile(r -> r.instanceProfileName(profileName).roleName(roleName));
        if (created) return List.of("instance profile " + profileName + " created");
        return holdsRole ? List.of() : List.of("role added to instance profile " + profileName);
    }

    /** Nodeless changes and deletes only roles it created (ARCHITECTURE §8): a same-name role of anyone else is refused. */
    private void requireOwned(Role role) {
        Map<String, String> tags = tagMap(role.tags());
        resourceTags.requireOwned("IAM role " + role.roleName(), tags);
        if (!ResourceNames.IAM_PATH.equals(role.path())) {
            throw new InvalidStepInputException("IAM role " + role.roleName() + " exists at path " + role.path() + ", not "
                    + ResourceNames.IAM_PATH + " where Nodeless keeps the roles it creates (an older build made it at /); "
                    + "delete it (teardown, or by hand) and run the bootstrap again");
        }
    }

    private List<AttachedPolicy> attached(String roleName) {
        return iam.listAttachedRolePoliciesPaginator(r -> r.roleName(roleName)).attachedPolicies().stream().toList();
    }

    private static Map<String, String> tagMap(List<Tag> tags) {
        return tags.stream().collect(Collectors.toMap(Tag::key, Tag::value, (x, y) -> x));
    }

    private static List<Tag> toTags(Map<String, String> tags) {
        return tags.entrySet().stream().map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList();
    }
}
