package dev.nodeless.lambda;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.util.Optional;

/** Configuration of the maintenance functions (env {@code NODELESS_*}; see template.yaml). */
@ConfigMapping(prefix = "nodeless")
public interface MaintenanceConfig {

    /** Region of the clusters and of this deployment (Lambda sets {@code AWS_REGION}). */
    @WithDefault("${AWS_REGION:eu-west-1}")
    String region();

    /** Fleet registry table ({@code NODELESS_REGISTRY_TABLE}). */
    String registryTable();

    /** The maintain-buffer state machine the schedule starts ({@code NODELESS_MAINTAIN_BUFFER_STATE_MACHINE_ARN}). */
    Optional<String> maintainBufferStateMachineArn();

    /** CloudWatch namespace of the EMF metrics ({@code NODELESS_METRICS_NAMESPACE}; the template sets Nodeless/<stack>). */
    @WithDefault("Nodeless")
    String metricsNamespace();

    /** Emulator endpoint for local runs only (moto, LocalStack); unset in AWS. */
    Optional<URI> awsEndpoint();

    /**
     * Benchmarks and local runs only ({@code NODELESS_LOCAL_KUBE_API}): one https Kubernetes API on loopback that
     * replaces every cluster's endpoint from DescribeCluster. Refused unless {@link #awsEndpoint()} is on loopback too;
     * unset in AWS. See {@link dev.nodeless.kube.LocalKubeApi}.
     */
    Optional<URI> localKubeApi();

    /** The local API's CA, base64 of the PEM as DescribeCluster gives it ({@code NODELESS_LOCAL_KUBE_API_CA}). */
    Optional<String> localKubeApiCa();
}
