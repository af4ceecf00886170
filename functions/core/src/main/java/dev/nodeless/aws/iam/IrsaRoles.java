package dev.nodeless.aws.iam;

import dev.nodeless.aws.AwsAccount;
import dev.nodeless.aws.ResourceTags;
import dev.nodeless.aws.eks.ClusterStep;
import dev.nodeless.bootstrap.StepInput;
import dev.nodeless.bootstrap.StepResult;
import dev.nodeless.spec.ClusterSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.eks.EksClient;
import software.amazon.awssdk.services.iam.IamClient;

/**
 * Step {@code ensureIrsaRole} (targets karpenter, load-balancer-controller, external-dns) and teardown stage
 * {@code irsa-roles}. A controller switched off in the spec gets no role; a role left from an earlier spec that
 * had it on is deleted (desired state, not history).
 */
public final class IrsaRoles {

    public static final String STEP = "ensureIrsaRole";

    private final RoleReconciler roles;
    private final EksClient eks;
    private final AwsAccount account;
    private final OidcProviders providers;

    private final ResourceTags resourceTags;

    public IrsaRoles(IamClient iam, EksClient eks, AwsAccount account, ResourceTags resourceTags) {
        this.resourceTags = resourceTags;
        this.roles = new RoleReconciler(iam, resourceTags);
        this.eks = eks;
        this.account = account;
        this.providers = new OidcProviders(iam, eks, account, resourceTags);
    }

    public StepResult ensure(StepInput input) {
        RoleDefinitions definitions = new RoleDefinitions(input.spec(), account);
        String kind = input.target();
        if (!definitions.irsaWanted(kind)) {
            String name = definitions.irsaRoleName(kind);
            boolean deleted = roles.delete(name);
            return StepResult.done(STEP, kind, deleted ? StepResult.DELETED : StepResult.ABSENT,
                    "ignored because " + kind + " is disabled in the spec" + (deleted ? "; deleted its role " + name : ""), Map.of());
        }
        String issuer = ClusterStep.issuer(eks, input.spec().clusterName());
        RoleDefinition want = definitions.irsa(kind, issuer, providers.arnFor(issuer));
        RoleReconciler.Outcome outcome = roles.reconcile(want, resourceTags.of(input.spec()));
        return StepResult.done(STEP, kind, outcome.status(), IamRoles.reason(outcome),
                Map.of("roleName", want.name(), "roleArn", outcome.roleArn()));
    }

    public StepResult delete(ClusterSpec spec, String stage) {
        RoleDefinitions definitions = new RoleDefinitions(spec, account);
        List<String> deleted = new ArrayList<>();
        for (String kind : RoleDefinitions.IRSA_ROLES) {
            String name = definitions.irsaRoleName(kind);
            if (roles.delete(name)) deleted.add(name);
        }
        return StepResult.done("teardownStep", stage, deleted.isEmpty() ? StepResult.ABSENT : StepResult.DELETED,
                deleted.isEmpty() ? "no IRSA role of this cluster existed" : "deleted " + String.join(", ", deleted), Map.of());
    }
}
