package dev.nodeless.aws.iam;

import dev.nodeless.aws.AwsAccount;
import dev.nodeless.aws.AwsErrors;
import dev.nodeless.aws.ResourceTags;
import dev.nodeless.aws.eks.ClusterStep;
import dev.nodeless.bootstrap.StepInput;
import dev.nodeless.bootstrap.StepResult;
import dev.nodeless.spec.ClusterSpec;
import dev.nodeless.spec.ResourceNames;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.eks.EksClient;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.GetOpenIdConnectProviderResponse;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.iam.model.OpenIDConnectProviderListEntry;
import software.amazon.awssdk.services.iam.model.Tag;

/**
 * Step {@code ensureOidcProvider} and teardown stage {@code oidc-provider}: the IAM OIDC identity provider for the
 * cluster's issuer, which IRSA trust policies name. No thumbprint is passed: IAM verifies EKS issuers against its
 * own trusted CAs, and a pinned thumbprint would break at the next certificate rotation.
 */
public final class OidcProviders {

    public static final String STEP = "ensureOidcProvider";
    public static final String AUDIENCE = "sts.amazonaws.com";

    private final IamClient iam;
    private final EksClient eks;
    private final AwsAccount account;

    private final ResourceTags resourceTags;

    public OidcProviders(IamClient iam, EksClient eks, AwsAccount account, ResourceTags resourceTags) {
        this.resourceTags = resourceTags;
        this.iam = iam;
        this.eks = eks;
        this.account = account;
    }

    /** The provider's ARN is derived from the issuer, so it is known before it exists. */
    public String arnFor(String issuer) {
        return account.iamArn("oidc-provider/" + issuer.replaceFirst("^https://", ""));
    }

    public StepResult ensure(StepInput input) {
        ClusterSpec spec = input.spec();
        String issuer = ClusterStep.issuer(eks, spec.clusterName());
        String arn = arnFor(issuer);
        Map<String, String> tags = resourceTags.of(spec);
        return AwsErrors.call("ensuring the OIDC provider for " + issuer, () -> {
            GetOpenIdConnectProviderResponse existing = get(arn);
            if (existing == null) {
                iam.createOpenIDConnectProvider(r -> r.url(issuer).clientIDList(AUDIENCE).tags(toTags(tags)));
                return StepResult.done(STEP, null, StepResult.CREATED, "created", Map.of("providerArn", arn, "issuer", issuer));
            }
            List<String> repaired = new ArrayList<>();
            if (!existing.clientIDList().contains(AUDIENCE)) {
                iam.addClientIDToOpenIDConnectProvider(r -> r.openIDConnectProviderArn(arn).clientID(AUDIENCE));
                repaired.add("audience " + AUDIENCE + " added");
            }
            Map<String, String> actual = existing.tags().stream().collect(Collectors.toMap(Tag::key, Tag::value, (a, b) -> a));
            Map<String, String> missing = resourceTags.toAdd(tags, actual);
            if (!missing.isEmpty()) {
                iam.tagOpenIDConnectProvider(r -> r.openIDConnectProviderArn(arn).tags(toTags(missing)));
                repaired.add("tags " + missing.keySet());
            }
            return StepResult.done(STEP, null, repaired.isEmpty() ? StepResult.UNCHANGED : StepResult.UPDATED,
                    repaired.isEmpty() ? "exists and matches" : "drift repaired: " + String.join("; ", repaired),
                    Map.of("providerArn", arn, "issuer", issuer));
        });
    }

    /**
     * Deletes every OIDC provider tagged for this cluster. Found by tag rather than by issuer because teardown
     * runs this after the cluster (and with it the issuer) is gone.
     */
    public StepResult delete(ClusterSpec spec, String stage) {
        return AwsErrors.call("deleting the OIDC provider of " + spec.clusterName(), () -> {
            List<String> deleted = new ArrayList<>();
            for (OpenIDConnectProviderListEntry p : iam.listOpenIDConnectProviders().openIDConnectProviderList()) {
                // Only EKS issuers are read: the teardown role may get only oidc.eks.* providers (least privilege), and
                // a provider of another identity system is never ours anyway.
                if (!p.arn().contains(":oidc-provider/oidc.eks.")) continue;
                GetOpenIdConnectProviderResponse details = get(p.arn());
                if (details != null && details.tags().stream().anyMatch(t ->
                        t.key().equals(ResourceNames.CLUSTER_TAG) && t.value().equals(spec.clusterName()))) {
                    iam.deleteOpenIDConnectProvider(r -> r.openIDConnectProviderArn(p.arn()));
                    deleted.add(p.arn());
                }
            }
            return StepResult.done("teardownStep", stage, deleted.isEmpty() ? StepResult.ABSENT : StepResult.DELETED,
                    deleted.isEmpty() ? "no OIDC provider tagged for this cluster" : "deleted " + String.join(", ", deleted), Map.of());
        });
    }

    private GetOpenIdConnectProviderResponse get(String arn) {
        try {
            return iam.getOpenIDConnectProvider(r -> r.openIDConnectProviderArn(arn));
        } catch (NoSuchEntityException e) {
            return null;
        }
    }

    private static List<Tag> toTags(Map<String, String> tags) {
        return tags.entrySet().stream().map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList();
    }
}
