package dev.nodeless.aws.iam;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The whole desired state of one IAM role: what it trusts, which AWS managed policies are attached, its inline
 * policies by name, and the instance profile that must carry it (node role only). Anything attached that is not
 * listed here is removed: a role never keeps more permissions than this definition grants.
 */
public record RoleDefinition(
        String name,
        String trustPolicy,
        List<String> managedPolicyArns,
        Map<String, String> inlinePolicies,
        Optional<String> instanceProfile) {}
