package dev.nodeless.lambda;

import dev.nodeless.adopt.Adoption;
import dev.nodeless.aws.AwsAccount;
import dev.nodeless.aws.AwsClients;
import dev.nodeless.aws.ResourceTags;
import dev.nodeless.aws.eks.AdoptionAccess;
import dev.nodeless.cluster.DynamoDbClusterRegistry;
import dev.nodeless.kube.EksClusterAccess;
import dev.nodeless.kube.KubeClients;
import dev.nodeless.kube.adopt.AdoptionKubernetes;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.List;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;

/**
 * adopt-cluster's services, built once per container on first use (each function uses one of the two): the stack's
 * region (adopted clusters are in it), its registry, its owner id and the roles that need access entries.
 */
@ApplicationScoped
public class AdoptionWiring {

    @Inject AwsStepsConfig config;
    @Inject KubeSettings kube;

    private volatile Adoption adoption;
    private volatile AdoptionKubernetes kubernetes;

    public String region() {
        return config.registryRegion();
    }

    public Adoption adoption() {
        if (adoption == null) {
            String table = config.registryTable().orElseThrow(() -> new IllegalStateException(
                    "NODELESS_REGISTRY_TABLE is not set: adopt-cluster registers clusters there and tags with its name"));
            AwsClients clients = clients();
            ResourceTags tags = new ResourceTags(table);
            AdoptionAccess.Roles roles = new AdoptionAccess.Roles(config.adoptionRoleArn().orElse(null), config.maintenanceRoleArn().orElse(null),
                    config.maintenanceReaderRoleArns().orElse(List.of()));
            String partition = AwsAccount.lookup(clients.sts(), region()).partition();
            adoption = new Adoption(clients.eks(), new DynamoDbClusterRegistry(clients.dynamo(), table), tags,
                    new AdoptionAccess(clients.eks(), tags, roles, partition), region(), Clock.systemUTC());
        }
        return adoption;
    }

    public AdoptionKubernetes kubernetes() {
        if (kubernetes == null) {
            Clock clock = Clock.systemUTC();
            kubernetes = new AdoptionKubernetes(new EksClusterAccess(r -> clients(), new KubeClients.Options(kube.kube().requestTimeout(),
                    kube.kube().retries()), clock));
        }
        return kubernetes;
    }

    private AwsClients clients() {
        return new AwsClients(region(), config.awsEndpoint(), DefaultCredentialsProvider.builder().build());
    }
}
