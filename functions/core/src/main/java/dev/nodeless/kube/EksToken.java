package dev.nodeless.kube;

import dev.nodeless.aws.AwsDomains;
import dev.nodeless.aws.SigV4;
import dev.nodeless.aws.SignedHttp;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

/**
 * Creates EKS bearer tokens the way {@code aws eks get-token} and aws-iam-authenticator do: a presigned STS
 * {@code GetCallerIdentity} URL with the cluster name in the signed header {@code x-k8s-aws-id}, base64url-encoded
 * without padding behind the prefix {@code k8s-aws-v1.}. EKS calls that URL to learn who we are (the Lambda role),
 * so no kubeconfig file, no static key and no long-lived secret is involved.
 */
public final class EksToken {

    static final String PREFIX = "k8s-aws-v1.";
    static final String CLUSTER_ID_HEADER = "x-k8s-aws-id";
    /** The presigned URL itself; EKS ignores it and applies its own limit below (same value as the AWS CLI). */
    static final Duration PRESIGN_EXPIRY = Duration.ofSeconds(60);
    /** EKS accepts a token for 15 minutes after its X-Amz-Date. */
    static final Duration VALIDITY = Duration.ofMinutes(15);

    /** A token and the moment EKS stops accepting it. */
    public record Token(String value, Instant expiresAt) {
        @Override public String toString() { return "EksToken[expiresAt=" + expiresAt + "]"; } // never log the token
    }

    private final AwsCredentialsProvider credentials;
    private final String region;
    private final Clock clock;

    public EksToken(AwsCredentialsProvider credentials, String region, Clock clock) {
        this.credentials = credentials;
        this.region = region;
        this.clock = clock;
    }

    public Token create(String clusterName) {
        if (clusterName == null || clusterName.isBlank()) throw new IllegalArgumentException("an EKS token needs the cluster name");
        Instant now = clock.instant();
        URI sts = URI.create("https://" + stsHost(region) + "/");
        Map<String, List<String>> query = new LinkedHashMap<>();
        query.put("Action", List.of("GetCallerIdentity"));
        query.put("Version", List.of("2011-06-15"));
        Map<String, String> signature = SigV4.presign("GET", sts, query, Map.of(CLUSTER_ID_HEADER, List.of(clusterName)),
                PRESIGN_EXPIRY, SignedHttp.credentials(credentials), new SigV4.Scope(region, "sts", now));
        signature.forEach((name, value) -> query.put(name, List.of(value)));
        String url = sts + "?" + SigV4.queryString(query);
        String value = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(url.getBytes(StandardCharsets.UTF_8));
        return new Token(value, now.plus(VALIDITY));
    }

    /** The regional STS endpoint (EKS rejects tokens for the global endpoint in opt-in regions). */
    static String stsHost(String region) {
        return "sts." + region + "." + AwsDomains.dnsSuffix(region);
    }
}
