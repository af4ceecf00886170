package dev.nodeless.kube;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.URI;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Benchmarks and local runs only: every cluster's Kubernetes API is one local server (the fabric8 mock server,
 * {@code kube/emulator/KubeEmulator}), while the rest of the production path stays as it is: DescribeCluster still
 * runs (against the AWS emulator), the EKS token is still signed with the function's credentials and sent as bearer,
 * the client (fabric8's or {@link KubeRest}) still trusts only the given CA over HTTPS.
 *
 * <p>Honoured only when both endpoints are on this machine's loopback interface: the AWS endpoint override (an
 * emulator such as moto; in AWS it is unset) and the local API itself. Anything else is refused with an
 * {@link IllegalArgumentException} that says why. So in a deployed function the setting cannot redirect the Kubernetes
 * traffic, nor the EKS tokens the role signs, to another host: without an AWS emulator on loopback there is no
 * DescribeCluster to answer, and on loopback inside a Lambda sandbox there is only the function itself.
 */
public final class LocalKubeApi implements ClusterAccess {

    private static final Pattern LOOPBACK_V4 = Pattern.compile("127(\\.\\d{1,3}){3}");

    private final ClusterAccess eks;
    private final String url;
    private final String caData;

    private LocalKubeApi(ClusterAccess eks, String url, String caData) {
        this.eks = eks;
        this.url = url;
        this.caData = caData;
    }

    /**
     * {@code eks} itself when no local API is configured; otherwise the same access with every endpoint replaced.
     *
     * @param awsEndpoint the AWS endpoint override ({@code NODELESS_AWS_ENDPOINT}), empty in AWS
     * @param localApi    the local API server ({@code NODELESS_LOCAL_KUBE_API}), https on loopback
     * @param localApiCa  its CA as DescribeCluster would give it: base64 of the PEM ({@code NODELESS_LOCAL_KUBE_API_CA})
     * @throws IllegalArgumentException when the local API is set but the conditions above do not hold
     */
    public static ClusterAccess around(ClusterAccess eks, Optional<URI> awsEndpoint, Optional<URI> localApi, Optional<String> localApiCa) {
        if (!check(awsEndpoint, localApi, localApiCa)) return eks;
        return new LocalKubeApi(eks, localApi.get().toString().replaceAll("/+$", ""), localApiCa.get());
    }

    /**
     * The gate alone, for a function to refuse the setting when it starts: false when no local API is set, true when
     * it is set and honoured.
     *
     * @throws IllegalArgumentException when it is set but not honoured, with the reason
     */
    public static boolean check(Optional<URI> awsEndpoint, Optional<URI> localApi, Optional<String> localApiCa) {
        if (localApi.isEmpty()) {
            if (localApiCa.isPresent()) throw refused("a CA is set (NODELESS_LOCAL_KUBE_API_CA) but no local API (NODELESS_LOCAL_KUBE_API)");
            return false;
        }
        URI api = localApi.get();
        if (awsEndpoint.isEmpty()) {
            throw refused("it is honoured only with an AWS emulator on loopback (NODELESS_AWS_ENDPOINT), never against AWS,"
                    + " where every cluster's endpoint comes from DescribeCluster");
        }
        if (!loopback(awsEndpoint.get())) {
            throw refused("the AWS endpoint override " + awsEndpoint.get() + " is not on loopback: only a local emulator's DescribeCluster may be overridden");
        }
        if (!"https".equals(api.getScheme()) || !loopback(api)) {
            throw refused("it must be an https URL on loopback (127.0.0.1, localhost or [::1]), got " + api);
        }
        if (localApiCa.isEmpty() || localApiCa.get().isBlank()) {
            throw refused("its CA (NODELESS_LOCAL_KUBE_API_CA, base64 of the PEM) is missing");
        }
        return true;
    }

    /** Literal loopback hosts only: no name is resolved, so DNS cannot turn a name into loopback here and elsewhere later. */
    static boolean loopback(URI uri) {
        String host = uri.getHost();
        if (host == null) return false;
        return host.equals("localhost") || host.equals("[::1]") || host.equals("::1") || LOOPBACK_V4.matcher(host).matches();
    }

    private static IllegalArgumentException refused(String why) {
        return new IllegalArgumentException("local Kubernetes API refused: " + why);
    }

    @Override
    public Optional<ClusterInfo> find(String region, String clusterName) {
        // DescribeCluster still runs: a cluster EKS does not know stays unknown, and its cost stays in a benchmark.
        return eks.find(region, clusterName).map(c -> c.endpoint() == null ? c
                : new ClusterInfo(c.name(), c.status(), c.kubernetesVersion(), c.vpcId(), new ClusterEndpoint(c.name(), url, caData)));
    }

    @Override
    public KubernetesClient connect(String region, ClusterEndpoint endpoint) {
        return eks.connect(region, handedOut(endpoint));
    }

    @Override
    public KubeRest rest(String region, ClusterEndpoint endpoint) {
        return eks.rest(region, handedOut(endpoint));
    }

    private ClusterEndpoint handedOut(ClusterEndpoint endpoint) {
        if (!endpoint.url().equals(url)) {
            throw new IllegalArgumentException("local Kubernetes API: asked to connect to " + endpoint.url() + ", which it did not hand out");
        }
        return endpoint;
    }

    @Override
    public String toString() { return "LocalKubeApi[" + url + "]"; }
}
