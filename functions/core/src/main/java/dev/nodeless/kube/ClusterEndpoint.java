package dev.nodeless.kube;

/**
 * How to reach one EKS cluster's API server, as DescribeCluster reports it.
 *
 * @param name   the EKS cluster name (signed into every token)
 * @param url    the API server endpoint ({@code https://...eks.amazonaws.com})
 * @param caData the cluster CA as DescribeCluster returns it: base64 of the PEM certificate
 */
public record ClusterEndpoint(String name, String url, String caData) {

    public ClusterEndpoint {
        if (name == null || name.isBlank()) throw new IllegalArgumentException("cluster endpoint needs the cluster name");
        if (url == null || !url.startsWith("https://")) throw new IllegalArgumentException("cluster " + name + ": API endpoint must be https, got '" + url + "'");
        if (caData == null || caData.isBlank()) throw new IllegalArgumentException("cluster " + name + ": certificate authority data is missing");
    }

    @Override public String toString() { return "ClusterEndpoint[" + name + " " + url + "]"; }
}
