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

    public IamRoles(IamClient iam, AwsAccount account) {
        this.roles = new RoleReconciler(iam);
        this.account = account;
    }

    public StepResult ensure(StepInput input) {
        RoleDefinition want = new RoleDefinitions(input.spec(), account).base(input.target());
        RoleReconciler.Outcome outcome = roles.reconcile(want, ResourceTags.of(input.spec()));
        Map<String, String> details = want.instanceProfile().isPresent()
                ? Map.of("roleName", want.name(), "roleArn", outcome.roleArn(), "instanceProfile", want.instanceProfile().get())
                : Map.of("roleName", want.name(), "roleArn", outcome.roleArn());
        return StepResult.done(STEP, input.target(), outcome.status(), reason(outcome), details);
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
