package dev.nodeless.lambda;

import dev.nodeless.aws.AwsClients;
import dev.nodeless.chart.ChartRenderer;
import dev.nodeless.chart.ChartSource;
import dev.nodeless.chart.HelmChartRenderer;
import dev.nodeless.kube.Applier;
import dev.nodeless.kube.EksClusterAccess;
import dev.nodeless.kube.KubeClients;
import dev.nodeless.kube.KubernetesPhase;
import dev.nodeless.kube.manifests.ClusterManifests;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.time.Clock;
import java.nio.file.Path;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;

/** Wires the Kubernetes phase once per Lambda container: real EKS, the Lambda role's credentials, real clock. */
@ApplicationScoped
public class KubePhaseProducer {

    @Produces
    @ApplicationScoped
    KubernetesPhase kubernetesPhase(KubeSettings settings) {
        Clock clock = Clock.systemUTC();
        var kube = settings.kube();
        var access = new EksClusterAccess(
                region -> new AwsClients(region, settings.awsEndpoint(), DefaultCredentialsProvider.builder().build()),
                new KubeClients.Options(kube.requestTimeout(), kube.retries()), clock);
        ChartSource source = settings.charts().dir().<ChartSource>map(ChartSource::local).orElseGet(ChartSource::upstream);
        ChartRenderer charts = new HelmChartRenderer(source, Path.of(System.getProperty("java.io.tmpdir"), "nodeless-charts"));
        return new KubernetesPhase(access, (spec, facts) -> ClusterManifests.build(spec, facts, charts),
                client -> new Applier(client, clock, d -> Thread.sleep(d.toMillis()), kube.crdWait(), Duration.ofSeconds(2)));
    }
}
