package dev.nodeless.aws;

import dev.nodeless.aws.eks.AccessEntries;
import dev.nodeless.aws.eks.Addons;
import dev.nodeless.aws.eks.ClusterStep;
import dev.nodeless.aws.eks.FargateProfiles;
import dev.nodeless.aws.iam.IamRoles;
import dev.nodeless.aws.iam.IrsaRoles;
import dev.nodeless.aws.iam.OidcProviders;
import dev.nodeless.aws.interruption.InterruptionQueue;
import dev.nodeless.aws.network.Network;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.eks.EksClient;

/**
 * Builds every AWS step service for one region from one set of clients. The account is looked up once, lazily.
 * Tests pass a wrapped {@link EksClient} where moto lacks an API.
 */
public final class AwsSteps {

    private final AwsClients clients;
    private final EksClient eks;
    private final Optional<String> automationRoleArn;
    private final Optional<String> maintenanceRoleArn;
    private final List<String> maintenanceReaderRoleArns;
    private volatile AwsAccount account;

    public AwsSteps(AwsClients clients, Optional<String> automationRoleArn, Optional<String> maintenanceRoleArn) {
        this(clients, clients.eks(), automationRoleArn, maintenanceRoleArn);
    }

    /**
     * @param maintenanceRoleArn        the maintenance writer's role (sizeBuffer), access entry with the writer group
     * @param maintenanceReaderRoleArns the read-only maintenance roles (resolveTarget, reconcileBuffers), reader group
     */
    public AwsSteps(AwsClients clients, Optional<String> automationRoleArn, Optional<String> maintenanceRoleArn,
                    List<String> maintenanceReaderRoleArns) {
        this(clients, clients.eks(), automationRoleArn, maintenanceRoleArn, maintenanceReaderRoleArns);
    }

    public AwsSteps(AwsClients clients, EksClient eks, Optional<String> automationRoleArn) {
        this(clients, eks, automationRoleArn, Optional.empty());
    }

    public AwsSteps(AwsClients clients, EksClient eks, Optional<String> automationRoleArn, Optional<String> maintenanceRoleArn) {
        this(clients, eks, automationRoleArn, maintenanceRoleArn, List.of());
    }

    public AwsSteps(AwsClients clients, EksClient eks, Optional<String> automationRoleArn, Optional<String> maintenanceRoleArn,
                    List<String> maintenanceReaderRoleArns) {
        this.clients = clients;
        this.eks = eks;
        this.automationRoleArn = automationRoleArn;
        this.maintenanceRoleArn = maintenanceRoleArn;
        this.maintenanceReaderRoleArns = List.copyOf(maintenanceReaderRoleArns);
    }

    public AwsAccount account() {
        if (account == null) account = AwsAccount.lookup(clients.sts(), clients.region().id());
        return account;
    }

    public IamRoles iamRoles() { return new IamRoles(clients.iam(), account()); }
    public Network network() { return new Network(clients.ec2()); }
    public ClusterStep cluster() { return new ClusterStep(eks, clients.ec2(), account()); }
    public OidcProviders oidcProviders() { return new OidcProviders(clients.iam(), eks, account()); }
    public IrsaRoles irsaRoles() { return new IrsaRoles(clients.iam(), eks, account()); }
    public FargateProfiles fargateProfiles() { return new FargateProfiles(eks, clients.ec2(), account()); }
    public Addons addons() { return new Addons(eks); }
    public InterruptionQueue interruptionQueue() { return new InterruptionQueue(clients.sqs(), clients.events(), account()); }

    /** The automation's role: configured, else the role this code runs as. */
    public AccessEntries accessEntries() {
        return new AccessEntries(eks, account(), automationRoleArn.orElseGet(() -> CallerRole.roleArn(clients.sts())), maintenanceRoleArn,
                maintenanceReaderRoleArns);
    }
}
