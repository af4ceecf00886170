package dev.nodeless.aws;

import dev.nodeless.aws.eks.AccessEntries;
import dev.nodeless.aws.eks.AddonUpgrade;
import dev.nodeless.aws.eks.ClusterUpgrade;
import dev.nodeless.aws.eks.Addons;
import dev.nodeless.aws.eks.ClusterStep;
import dev.nodeless.aws.eks.FargateProfiles;
import dev.nodeless.aws.iam.IamRoles;
import dev.nodeless.aws.iam.IrsaRoles;
import dev.nodeless.aws.iam.OidcProviders;
import dev.nodeless.aws.kms.SecretsKey;
import dev.nodeless.aws.interruption.InterruptionQueue;
import dev.nodeless.aws.network.Network;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.eks.EksClient;

/**
 * Builds every AWS step service for one region from one set of clients. The account is looked up once, lazily.
 * Tests pass a wrapped {@link EksClient} where moto lacks an API.
 */
public final class AwsSteps {

    /** Steps that act inside an existing cluster; each first checks that the cluster is this stack's (ARCHITECTURE §8). */
    public static final Set<String> INSIDE_CLUSTER_STEPS = Set.of(OidcProviders.STEP, IrsaRoles.STEP, FargateProfiles.STEP, Addons.STEP,
            AccessEntries.STEP);

    private final AwsClients clients;
    private final EksClient eks;
    private final ResourceTags resourceTags;
    private final Optional<String> automationRoleArn;
    private final Optional<String> maintenanceRoleArn;
    private final List<String> maintenanceReaderRoleArns;
    private volatile AwsAccount account;

    /**
     * @param owner                     this stack's owner id (its registry table's name), tagged on everything created
     * @param maintenanceRoleArn        the maintenance writer's role (sizeBuffer), access entry with the writer group
     * @param maintenanceReaderRoleArns the read-only maintenance roles (resolveTarget, reconcileCluster), reader group
     */
    public AwsSteps(AwsClients clients, EksClient eks, String owner, Optional<String> automationRoleArn, Optional<String> maintenanceRoleArn,
                    List<String> maintenanceReaderRoleArns) {
        this.clients = clients;
        this.eks = eks;
        this.resourceTags = new ResourceTags(owner);
        this.automationRoleArn = automationRoleArn;
        this.maintenanceRoleArn = maintenanceRoleArn;
        this.maintenanceReaderRoleArns = List.copyOf(maintenanceReaderRoleArns);
    }

    public AwsSteps(AwsClients clients, EksClient eks, String owner, Optional<String> automationRoleArn) {
        this(clients, eks, owner, automationRoleArn, Optional.empty(), List.of());
    }

    public AwsAccount account() {
        if (account == null) account = AwsAccount.lookup(clients.sts(), clients.region().id());
        return account;
    }

    public ResourceTags resourceTags() { return resourceTags; }
    public IamRoles iamRoles() { return new IamRoles(clients.iam(), account(), resourceTags); }
    public Network network() { return new Network(clients.ec2(), resourceTags); }
    public ClusterStep cluster() { return new ClusterStep(eks, clients.ec2(), account(), resourceTags, this::secretsKey); }
    public SecretsKey secretsKey() { return new SecretsKey(clients.kms(), account(), resourceTags); }
    public OidcProviders oidcProviders() { return new OidcProviders(clients.iam(), eks, account(), resourceTags); }
    public IrsaRoles irsaRoles() { return new IrsaRoles(clients.iam(), eks, account(), resourceTags); }
    public FargateProfiles fargateProfiles() { return new FargateProfiles(eks, clients.ec2(), account(), resourceTags); }
    public Addons addons() { return new Addons(eks, account(), resourceTags); }
    public ClusterUpgrade clusterUpgrade() { return new ClusterUpgrade(eks, cluster()); }
    public AddonUpgrade addonUpgrade() { return new AddonUpgrade(eks, cluster()); }
    public InterruptionQueue interruptionQueue() { return new InterruptionQueue(clients.sqs(), clients.events(), account(), resourceTags); }

    /** For a step in {@link #INSIDE_CLUSTER_STEPS}: fails unless the cluster, if it exists, carries this stack's ownership tag. */
    public void requireOwnedClusterFor(String step, String clusterName) {
        if (INSIDE_CLUSTER_STEPS.contains(step)) cluster().describeOwned(clusterName);
    }

    /** The automation's role: configured, else the role this code runs as. */
    public AccessEntries accessEntries() {
        return new AccessEntries(eks, account(), resourceTags, automationRoleArn.orElseGet(() -> CallerRole.roleArn(clients.sts())), maintenanceRoleArn,
                maintenanceReaderRoleArns);
    }
}
