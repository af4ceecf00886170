package dev.nodeless.aws.eks;

import dev.nodeless.aws.AwsAccount;
import dev.nodeless.aws.AwsErrors;
import dev.nodeless.aws.InvalidStepInputException;
import dev.nodeless.aws.ResourceTags;
import dev.nodeless.aws.RetryableStepException;
import dev.nodeless.aws.network.Network;
import dev.nodeless.aws.network.NetworkView;
import dev.nodeless.bootstrap.StepInput;
import dev.nodeless.bootstrap.StepResult;
import dev.nodeless.spec.ClusterSpec;
import dev.nodeless.spec.ResourceNames;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import dev.nodeless.aws.kms.SecretsKey;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.eks.EksClient;
import software.amazon.awssdk.services.eks.model.AuthenticationMode;
import software.amazon.awssdk.services.eks.model.Cluster;
import software.amazon.awssdk.services.eks.model.EncryptionConfig;
import software.amazon.awssdk.services.eks.model.InvalidParameterException;
import software.amazon.awssdk.services.eks.model.ResourceNotFoundException;
import software.amazon.awssdk.services.eks.model.UnsupportedAvailabilityZoneException;
import software.amazon.awssdk.services.eks.model.VpcConfigResponse;

/**
 * Step {@code ensureCluster} and teardown stage {@code cluster}. Creates the EKS cluster if absent and reports
 * {@code done=false} until it is ACTIVE. An existing cluster is checked against the spec; differences that cannot be
 * changed in place (subnets, endpoint exposure) are reported in {@code reason}, never silently "fixed", because changing
 * them on a live cluster is an outage the operator must choose. A different Kubernetes version is not changed here
 * either: the version loop that follows this step moves it ({@link ClusterUpgrade}). Missing tags are added.
 * <p>Authentication mode is {@code API}: every principal, including the Karpenter node role, gets an access entry,
 * and no aws-auth ConfigMap is read. The creating role gets no implicit admin rights
 * ({@code bootstrapClusterCreatorAdminPermissions=false}); access is granted explicitly by {@code ensureAccessEntries}.
 */
public final class ClusterStep {

    public static final String STEP = "ensureCluster";
    public static final AuthenticationMode AUTHENTICATION_MODE = AuthenticationMode.API;

    private final EksClient eks;
    private final Ec2Client ec2;
    private final Network network;
    private final AwsAccount account;
    private final ResourceTags resourceTags;
    private final Supplier<SecretsKey> secretsKey;

    /** @param secretsKey the Secrets encryption key service, asked for only when a cluster is created or converged */
    public ClusterStep(EksClient eks, Ec2Client ec2, AwsAccount account, ResourceTags resourceTags, Supplier<SecretsKey> secretsKey) {
        this.eks = eks;
        this.ec2 = ec2;
        this.network = new Network(ec2, resourceTags);
        this.account = account;
        this.resourceTags = resourceTags;
        this.secretsKey = secretsKey;
    }

    /**
     * Fails (not retried) unless the cluster carries this stack's ownership tag, which only the create request sets:
     * continuing a same-name cluster of anyone else would grant the spec's admins cluster-admin on it and install
     * controllers there. Such a cluster can only be adopted for maintenance, explicitly, with the adopt-cluster workflow (docs/adopt.md).
     */
    public void requireOwned(Cluster cluster) {
        if (resourceTags.owns(cluster.tags())) return;
        String found = cluster.tags() == null || !cluster.tags().containsKey(ResourceNames.MANAGED_BY_TAG) ? "no " + ResourceNames.MANAGED_BY_TAG + " tag"
                : ResourceNames.MANAGED_BY_TAG + "=" + cluster.tags().get(ResourceNames.MANAGED_BY_TAG);
        throw new InvalidStepInputException("cluster " + cluster.name() + " exists but was not created by this Nodeless stack (" + found
                + ", expected " + ResourceNames.MANAGED_BY_TAG + "=" + resourceTags.owner() + "); Nodeless continues, changes and deletes only "
                + "clusters it created. Choose another clusterName, or register that cluster for maintenance only with the adopt-cluster "
                + "workflow: aws stepfunctions start-execution --state-machine-arn <AdoptClusterStateMachineArn> --input "
                + "'{\"clusterName\": \"" + cluster.name() + "\", \"grantAccess\": true}' (docs/adopt.md)");
    }

    /** The cluster if it exists, after checking it is ours; {@code null} when absent. */
    public Cluster describeOwned(String name) {
        Cluster c = describe(eks, name);
        if (c != null) requireOwned(c);
        return c;
    }

    /** The cluster's OIDC issuer URL; fails clearly if the cluster does not exist yet. */
    public static String issuer(EksClient eks, String clusterName) {
        Cluster c = describe(eks, clusterName);
        if (c == null) throw new InvalidStepInputException("cluster " + clusterName + " does not exist; ensureCluster must run first");
        if (c.identity() == null || c.identity().oidc() == null || c.identity().oidc().issuer() == null) {
            throw new RetryableStepException("cluster " + clusterName + " has no OIDC issuer yet (status " + c.statusAsString() + ")");
        }
        return c.identity().oidc().issuer();
    }

    public StepResult ensure(StepInput input) {
        ClusterSpec spec = input.spec();
        String name = spec.clusterName();
        Cluster cluster = describeOwned(name);
        boolean created = false;
        if (cluster == null) {
            cluster = create(spec);
            created = true;
        }
        return switch (cluster.statusAsString()) {
            case "CREATING", "UPDATING", "PENDING" -> StepResult.waiting(STEP, null, "cluster is " + cluster.statusAsString(), Map.of());
            case "ACTIVE" -> active(spec, cluster, created);
            case "DELETING" -> StepResult.failed(STEP, null, "cluster " + name + " is being deleted; wait for teardown to finish, then bootstrap again");
            default -> StepResult.failed(STEP, null, "cluster " + name + " is " + cluster.statusAsString()
                    + "; see the EKS console for its health, delete it with the teardown state machine and bootstrap again");
        };
    }

    private Cluster create(ClusterSpec spec) {
        ResourceNames names = new ResourceNames(spec.clusterName());
        NetworkView net = network.view(spec);
        ClusterSpec.Endpoint endpoint = spec.endpoint();
        boolean publicAccess = endpoint == null || endpoint.publicAccess() == null || endpoint.publicAccess();
        boolean privateAccess = endpoint == null || endpoint.privateAccess() == null || endpoint.privateAccess();
        List<String> cidrs = endpoint == null || endpoint.publicAccessCidrs() == null ? List.of() : endpoint.publicAccessCidrs();
        String keyArn = secretsKey.get().ensure(spec);
        try {
            return eks.createCluster(r -> {
                r.name(spec.clusterName()).version(spec.kubernetesVersion())
                    .roleArn(account.roleArn(names.clusterRole()))
                    .resourcesVpcConfig(v -> {
                        v.subnetIds(net.allSubnetIds()).endpointPublicAccess(publicAccess).endpointPrivateAccess(privateAccess);
                        if (!net.securityGroupIds().isEmpty()) v.securityGroupIds(net.securityGroupIds());
                        if (publicAccess && !cidrs.isEmpty()) v.publicAccessCidrs(cidrs);
                    })
                    .accessConfig(a -> a.authenticationMode(AUTHENTICATION_MODE).bootstrapClusterCreatorAdminPermissions(false))
                    .logging(ControlPlaneSettings.logging(spec))
                    .upgradePolicy(u -> u.supportType(ControlPlaneSettings.supportType(spec)))
                    .deletionProtection(ControlPlaneSettings.deletionProtection(spec))
                    .tags(clusterTags(spec));
                if (keyArn != null) r.encryptionConfig(secrets(keyArn)); // no empty list: "no encryption" is its absence
            }).cluster();
        } catch (UnsupportedAvailabilityZoneException e) {
            throw new InvalidStepInputException("EKS cannot create cluster " + spec.clusterName() + " in the zones of its subnets; zones it "
                    + "offers: " + e.validZones() + ". Name zone IDs of those in network.create.availabilityZoneIds (or give subnets there)", e);
        } catch (InvalidParameterException e) {
            // A freshly created role is not yet visible to EKS (IAM is eventually consistent): retry, don't fail.
            if (String.valueOf(e.getMessage()).toLowerCase().contains("role")) {
                throw new RetryableStepException("creating cluster " + spec.clusterName() + ": the cluster role is not usable yet", e);
            }
            throw AwsErrors.classify(e, "creating cluster " + spec.clusterName());
        } catch (software.amazon.awssdk.core.exception.SdkException e) {
            throw AwsErrors.classify(e, "creating cluster " + spec.clusterName());
        }
    }

    private StepResult active(ClusterSpec spec, Cluster cluster, boolean created) {
        List<String> drift = new ArrayList<>();
        List<String> repaired = new ArrayList<>();
        List<ControlPlaneSettings.Change> changes = ControlPlaneSettings.changes(spec, cluster);
        if (!changes.isEmpty()) {
            // EKS takes one kind of setting per UpdateClusterConfig and one update at a time: apply the first, come back when ACTIVE.
            ControlPlaneSettings.Change next = changes.get(0);
            AwsErrors.run("updating " + next.setting() + " of cluster " + spec.clusterName(), () -> eks.updateClusterConfig(r -> {
                r.name(spec.clusterName());
                next.request().accept(r);
            }));
            return StepResult.waiting(STEP, null, "updating " + next.describe()
                    + (changes.size() > 1 ? "; then " + changes.subList(1, changes.size()).stream().map(ControlPlaneSettings.Change::setting).toList() : ""),
                    Map.of("updating", next.setting()));
        }
        String encryption = created ? null : encryption(spec, cluster, drift);
        if (encryption != null) return StepResult.waiting(STEP, null, encryption, Map.of("updating", "encryptionConfig"));
        if (!created) {
            drift.addAll(drift(spec, cluster));
            Map<String, String> missing = resourceTags.toAdd(clusterTags(spec), cluster.tags());
            if (!missing.isEmpty()) {
                AwsErrors.run("tagging cluster " + spec.clusterName(), () -> eks.tagResource(r -> r.resourceArn(cluster.arn()).tags(missing)));
                repaired.add("tags " + missing.keySet());
            }
        }
        VpcConfigResponse vpc = cluster.resourcesVpcConfig();
        String clusterSg = vpc == null ? null : vpc.clusterSecurityGroupId();
        // Karpenter's EC2NodeClass selects security groups by the discovery tag; EKS creates the cluster SG untagged.
        if (clusterSg != null && tagSecurityGroup(spec, clusterSg)) repaired.add("discovery tag on " + clusterSg);

        Map<String, String> details = new LinkedHashMap<>();
        details.put("arn", cluster.arn());
        details.put("endpoint", cluster.endpoint());
        details.put("ca", cluster.certificateAuthority() == null ? "" : cluster.certificateAuthority().data());
        details.put("oidcIssuer", cluster.identity() == null || cluster.identity().oidc() == null ? "" : cluster.identity().oidc().issuer());
        details.put("vpcId", vpc == null || vpc.vpcId() == null ? network.view(spec).vpcId() : vpc.vpcId());
        details.put("clusterSecurityGroupId", clusterSg == null ? "" : clusterSg);
        details.put("version", cluster.version());
        String status = created ? StepResult.CREATED : repaired.isEmpty() ? StepResult.ACTIVE : StepResult.UPDATED;
        StringBuilder reason = new StringBuilder(created ? "created, ACTIVE" : repaired.isEmpty() ? "ACTIVE and matches" : "repaired " + repaired);
        if (!created && spec.kubernetesVersion() != null && !spec.kubernetesVersion().equals(cluster.version())) {
            // Not drift: the bootstrap's version loop (planUpgrade, upgradeControlPlane, ...) moves it right after this step.
            reason.append("; version is ").append(cluster.version()).append(", spec asks ").append(spec.kubernetesVersion())
                    .append(": the upgrade steps that follow move it one minor version at a time");
        }
        if (!drift.isEmpty()) reason.append("; drift not changed automatically: ").append(String.join("; ", drift));
        return StepResult.done(STEP, null, status, reason.toString(), details);
    }

    private static EncryptionConfig secrets(String keyArn) {
        return EncryptionConfig.builder().resources("secrets").provider(p -> p.keyArn(keyArn)).build();
    }

    /**
     * Envelope encryption of an existing cluster: one without it gets the spec's key (AssociateEncryptionConfig; EKS then
     * re-encrypts every Secret, the cluster is UPDATING for a while) and the reason is returned; a cluster with another key
     * than the spec's given one, or with encryption the spec does not ask for, is drift (EKS cannot change or remove it).
     */
    private String encryption(ClusterSpec spec, Cluster c, List<String> drift) {
        List<EncryptionConfig> live = c.hasEncryptionConfig() ? c.encryptionConfig() : List.of();
        String liveKey = live.stream().filter(e -> e.resources().contains("secrets") && e.provider() != null).map(e -> e.provider().keyArn())
                .findFirst().orElse(null);
        if (!ControlPlaneSettings.encrypts(spec)) {
            if (liveKey != null) drift.add("Secrets are encrypted with " + liveKey + " though the spec asks for no encryption; EKS cannot remove it");
            return null;
        }
        String given = ControlPlaneSettings.givenKey(spec);
        if (liveKey != null) {
            if (given != null && !given.equals(liveKey)) drift.add("Secrets are encrypted with " + liveKey + ", spec asks " + given + "; EKS cannot change the key");
            return null;
        }
        String keyArn = secretsKey.get().ensure(spec);
        AwsErrors.run("associating encryption of Secrets with cluster " + spec.clusterName(),
                () -> eks.associateEncryptionConfig(r -> r.clusterName(spec.clusterName()).encryptionConfig(secrets(keyArn))));
        return "associating envelope encryption of Secrets with " + keyArn + " (EKS re-encrypts every Secret; the cluster is UPDATING meanwhile)";
    }

    /** Differences between a live cluster and the spec that need an operator's decision. */
    private List<String> drift(ClusterSpec spec, Cluster c) {
        List<String> drift = new ArrayList<>();
        VpcConfigResponse v = c.resourcesVpcConfig();
        ClusterSpec.Endpoint e = spec.endpoint();
        if (v != null && e != null) {
            if (e.publicAccess() != null && !e.publicAccess().equals(v.endpointPublicAccess())) {
                drift.add("endpointPublicAccess is " + v.endpointPublicAccess() + ", spec asks " + e.publicAccess());
            }
            if (e.privateAccess() != null && !e.privateAccess().equals(v.endpointPrivateAccess())) {
                drift.add("endpointPrivateAccess is " + v.endpointPrivateAccess() + ", spec asks " + e.privateAccess());
            }
            if (e.publicAccessCidrs() != null && !e.publicAccessCidrs().isEmpty()
                    && !new HashSet<>(e.publicAccessCidrs()).equals(new HashSet<>(v.publicAccessCidrs()))) {
                drift.add("publicAccessCidrs are " + v.publicAccessCidrs() + ", spec asks " + e.publicAccessCidrs());
            }
        }
        if (c.accessConfig() != null && c.accessConfig().authenticationMode() != null
                && c.accessConfig().authenticationMode() == AuthenticationMode.CONFIG_MAP) {
            drift.add("authenticationMode is CONFIG_MAP; access entries need API or API_AND_CONFIG_MAP");
        }
        return drift;
    }

    private boolean tagSecurityGroup(ClusterSpec spec, String groupId) {
        return AwsErrors.call("tagging the cluster security group " + groupId, () -> {
            var group = ec2.describeSecurityGroups(r -> r.groupIds(groupId)).securityGroups();
            boolean tagged = group.stream().flatMap(g -> g.tags().stream())
                    .anyMatch(t -> t.key().equals(ResourceNames.DISCOVERY_TAG) && t.value().equals(spec.clusterName()));
            if (tagged) return false;
            ec2.createTags(r -> r.resources(groupId).tags(Tag.builder().key(ResourceNames.DISCOVERY_TAG).value(spec.clusterName()).build()));
            return true;
        });
    }

    Map<String, String> clusterTags(ClusterSpec spec) {
        return resourceTags.with(spec, Map.of(ResourceNames.DISCOVERY_TAG, spec.clusterName()));
    }

    /**
     * Deletes the cluster and loops until it is gone. EKS refuses while Fargate profiles exist (retried). A protected
     * cluster is deleted only when the input confirms it ({@link DeletionGuard}); then EKS's own deletion protection is
     * switched off first (one update, waited for), since DeleteCluster fails while it is on.
     */
    public StepResult delete(ClusterSpec spec, String stage) {
        Cluster c = describeOwned(spec.clusterName());
        if (c == null) return StepResult.done("teardownStep", stage, StepResult.ABSENT, "cluster does not exist", Map.of());
        DeletionGuard.requireConfirmed(spec, c);
        if ("UPDATING".equals(c.statusAsString())) {
            return StepResult.waiting("teardownStep", stage, "cluster is UPDATING; deleting it when the update ends", Map.of());
        }
        if (Boolean.TRUE.equals(c.deletionProtection()) && !"DELETING".equals(c.statusAsString())) {
            AwsErrors.run("switching off deletion protection of cluster " + spec.clusterName(),
                    () -> eks.updateClusterConfig(r -> r.name(spec.clusterName()).deletionProtection(false)));
            return StepResult.waiting("teardownStep", stage, "deletion confirmed: switching off EKS deletion protection, then deleting", Map.of());
        }
        if (!"DELETING".equals(c.statusAsString())) {
            AwsErrors.run("deleting cluster " + spec.clusterName(), () -> eks.deleteCluster(r -> r.name(spec.clusterName())));
        }
        if (describe(eks, spec.clusterName()) == null) {
            return StepResult.done("teardownStep", stage, StepResult.DELETED, "cluster deleted", Map.of());
        }
        return StepResult.waiting("teardownStep", stage, "cluster " + spec.clusterName() + " is DELETING", Map.of());
    }

    public static Cluster describe(EksClient eks, String name) {
        try {
            return eks.describeCluster(r -> r.name(name)).cluster();
        } catch (ResourceNotFoundException e) {
            return null;
        } catch (software.amazon.awssdk.core.exception.SdkException e) {
            throw AwsErrors.classify(e, "describing cluster " + name);
        }
    }
}
