package dev.nodeless.aws.iam;

import dev.nodeless.aws.AwsAccount;
import dev.nodeless.aws.ResourceTags;
import dev.nodeless.bootstrap.StepInput;
import dev.nodeless.bootstrap.StepResult;
import dev.nodeless.spec.ClusterSpec;
import dev.nodeless.spec.ResourceNames;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.iam.IamClient;

/** Step {@code ensureIamRole} (targets cluster, fargate, node) and teardown stage {@code iam-roles}. */
public final class IamRoles {

    public static final String STEP = "ensureIamRole";

    private final RoleReconciler roles;
    private final AwsAccount account;

    private final ResourceTags resourceTags;
    private final SpotServiceLinkedRole spot;

    public IamRoles(IamClient iam, AwsAccount account, ResourceTags resourceTags) {
        this.resourceTags = resourceTags;
        this.roles = new RoleReconciler(iam, resourceTags);
        this.spot = new SpotServiceLinkedRole(iam);
        this.account = account;
    }

    public StepResult ensure(StepInput input) {
        RoleDefinition want = new RoleDefinitions(input.spec(), account).base(input.target());
        RoleReconciler.Outcome outcome = roles.reconcile(want, resourceTags.of(input.spec()));
        Map<String, String> details = new java.util.LinkedHashMap<>(Map.of("roleName", want.name(), "roleArn", outcome.roleArn()));
        String reason = reason(outcome);
        if (want.instanceProfile().isPresent()) {
            details.put("instanceProfile", want.instanceProfile().get());
            // The node role is the one EC2 launches spot instances with: the account must have the spot service-linked role.
            if (spot.ensure()) reason += "; created " + SpotServiceLinkedRole.ROLE_NAME;
            details.put("spotServiceLinkedRole", SpotServiceLinkedRole.ROLE_NAME);
        }
        return StepResult.done(STEP, input.target(), outcome.status(), reason, details);
    }

    /** Deletes the cluster, Fargate and node roles and the node instance profile. Absent is success. */
    public StepResult delete(ClusterSpec spec, String stage) {
        ResourceNames names = new ResourceNames(spec.clusterName());
        List<String> deleted = new ArrayList<>();
        for (String name : List.of(names.clusterRole(), names.fargatePodExecutionRole(), names.nodeRole())) {
            if (roles.delete(name)) deleted.add(name);
        }
        if (roles.deleteInstanceProfile(names.nodeInstanceProfile())) deleted.add("instance-profile/" + names.nodeInstanceProfile());
        return StepResult.done("teardownStep", stage, deleted.isEmpty() ? StepResult.ABSENT : StepResult.DELETED,
                deleted.isEmpty() ? "no role of this cluster existed" : "deleted " + String.join(", ", deleted), Map.of());
    }

    static String reason(RoleReconciler.Outcome outcome) {
        return switch (outcome.status()) {
            case "CREATED" -> "created";
            case "UNCHANGED" -> "exists and matches";
            default -> "drift repaired: " + String.join("; ", outcome.repaired());
        };
    }
}
