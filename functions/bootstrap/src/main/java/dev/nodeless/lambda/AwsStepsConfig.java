package dev.nodeless.lambda;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.util.List;
import java.util.Optional;

/**
 * Settings of the AWS-side bootstrap and teardown handlers (environment: {@code NODELESS_REGISTRY_TABLE},
 * {@code NODELESS_AUTOMATION_ROLE_ARN}, {@code NODELESS_MAINTENANCE_ROLE_ARN},
 * {@code NODELESS_MAINTENANCE_READER_ROLE_ARNS}, {@code NODELESS_ADOPTION_ROLE_ARN}, {@code NODELESS_AWS_ENDPOINT}).
 */
@ConfigMapping(prefix = "nodeless")
public interface AwsStepsConfig {

    /**
     * The fleet registry's DynamoDB table (partition key {@code clusterName}). Optional here because all bootstrap
     * handlers share one application and only the registry handlers need it; they fail clearly when it is unset.
     */
    Optional<String> registryTable();

    /** The region of the registry table: the region the functions are deployed in. */
    @WithDefault("${AWS_REGION:us-east-1}")
    String registryRegion();

    /**
     * The IAM role of the Kubernetes-phase function, which gets the cluster-admin access entry. Unset: the role
     * these functions run as (the template gives all bootstrap functions one role unless it says otherwise).
     */
    Optional<String> automationRoleArn();

    /**
     * The IAM role of the maintenance function that writes to clusters (sizeBuffer); gets an access entry with only the
     * {@code nodeless:maintenance} group. Unset: no entry.
     */
    Optional<String> maintenanceRoleArn();

    /**
     * The IAM roles of the maintenance functions that only read clusters (resolveTarget, reconcileCluster), comma
     * separated ({@code NODELESS_MAINTENANCE_READER_ROLE_ARNS}); each gets an access entry with only the read-only
     * {@code nodeless:maintenance-reader} group. Unset: no entries.
     */
    Optional<List<String>> maintenanceReaderRoleArns();

    /**
     * The IAM role of adopt-cluster's Kubernetes function ({@code NODELESS_ADOPTION_ROLE_ARN}): the one Nodeless role with
     * cluster-admin on adopted clusters (access entry made by adopt when the input says grantAccess). Unset: adopt refuses.
     */
    Optional<String> adoptionRoleArn();

    /** AWS endpoint override for emulators (moto, LocalStack); unset in production. */
    Optional<URI> awsEndpoint();
}
