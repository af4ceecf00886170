package dev.nodeless.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

class EksTokenTest {

    // Test-only credentials (the AWS documentation's example pair), never used against AWS.
    private static final StaticCredentialsProvider CREDS = StaticCredentialsProvider.create(
            AwsBasicCredentials.create("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"));
    private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");

    @Test
    void token_isPrefixedBase64UrlOfPresignedGetCallerIdentity() {
        EksToken.Token token = new EksToken(CREDS, "eu-west-1", Clock.fixed(T0, ZoneOffset.UTC)).create("demo");

        assertThat(token.value()).startsWith("k8s-aws-v1.");
        String encoded = token.value().substring("k8s-aws-v1.".length());
        assertThat(encoded).doesNotContain("=", "+", "/");
        URI url = URI.create(new String(Base64.getUrlDecoder().decode(encoded), StandardCharsets.UTF_8));
        Map<String, String> q = query(url);

        assertThat(url.getScheme()).isEqualTo("https");
        assertThat(url.getHost()).isEqualTo("sts.eu-west-1.amazonaws.com");
        assertThat(q).containsEntry("Action", "GetCallerIdentity")
                .containsEntry("Version", "2011-06-15")
                .containsEntry("X-Amz-Algorithm", "AWS4-HMAC-SHA256")
                .containsEntry("X-Amz-Date", "20260301T120000Z")
                .containsEntry("X-Amz-Expires", "60")
                .containsEntry("X-Amz-Credential", "AKIAIOSFODNN7EXAMPLE/20260301/eu-west-1/sts/aws4_request");
        assertThat(q.keySet()).containsExactlyInAnyOrder("Action", "Version", "X-Amz-Algorithm", "X-Amz-Date", "X-Amz-Expires",
                "X-Amz-Credential", "X-Amz-SignedHeaders", "X-Amz-Signature");
        assertThat(q.get("X-Amz-SignedHeaders").split(";")).contains("host", "x-k8s-aws-id");
        assertThat(q.get("X-Amz-Signature")).matches("[0-9a-f]{64}");
        assertThat(token.expiresAt()).isEqualTo(T0.plus(Duration.ofMinutes(15)));
    }

    @Test
    void signature_isStableForFixedClockAndCredentials_andChangesWithCluster() {
        EksToken tokens = new EksToken(CREDS, "eu-west-1", Clock.fixed(T0, ZoneOffset.UTC));

        String a = tokens.create("demo").value();
        String b = tokens.create("demo").value();
        String other = tokens.create("other").value();

        assertThat(a).isEqualTo(b);
        assertThat(signature(other)).isNotEqualTo(signature(a));
    }

    @Test
    void sessionCredentials_carryTheSecurityTokenInTheSignedUrl() {
        var session = StaticCredentialsProvider.create(AwsSessionCredentials.create("ASIAEXAMPLE", "secretExample", "sessionTokenExample"));
        String token = new EksToken(session, "us-east-1", Clock.fixed(T0, ZoneOffset.UTC)).create("demo").value();

        Map<String, String> q = query(decode(token));
        assertThat(q).containsEntry("X-Amz-Security-Token", "sessionTokenExample");
        assertThat(decode(token).getHost()).isEqualTo("sts.us-east-1.amazonaws.com");
    }

    @Test
    void chinaRegion_usesItsPartitionDomain() {
        String token = new EksToken(CREDS, "cn-north-1", Clock.fixed(T0, ZoneOffset.UTC)).create("demo").value();
        assertThat(decode(token).getHost()).isEqualTo("sts.cn-north-1.amazonaws.com.cn");
    }

    @Test
    void blankClusterName_isRejected() {
        assertThatThrownBy(() -> new EksToken(CREDS, "eu-west-1", Clock.systemUTC()).create(" "))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cluster name");
    }

    @Test
    void refreshingToken_reusesTokenUntilOneMinuteBeforeExpiry_thenSignsANewOne() {
        SteppedClock clock = new SteppedClock(T0);
        AtomicInteger signed = new AtomicInteger();
        EksToken counting = new EksToken(() -> { signed.incrementAndGet(); return CREDS.resolveCredentials(); }, "eu-west-1", clock);
        RefreshingEksToken provider = new RefreshingEksToken(counting, "demo", clock);

        String first = provider.getToken();
        clock.advance(Duration.ofMinutes(13).plusSeconds(59));
        assertThat(provider.getToken()).isEqualTo(first);
        assertThat(signed).hasValue(1);

        clock.advance(Duration.ofSeconds(1)); // 14 minutes: one minute before EKS rejects it
        String second = provider.getToken();
        assertThat(second).isNotEqualTo(first);
        assertThat(signed).hasValue(2);
        assertThat(query(decode(second))).containsEntry("X-Amz-Date", "20260301T121400Z");
    }

    static String signature(String token) {
        return query(decode(token)).get("X-Amz-Signature");
    }

    static URI decode(String token) {
        return URI.create(new String(Base64.getUrlDecoder().decode(token.substring("k8s-aws-v1.".length())), StandardCharsets.UTF_8));
    }

    static Map<String, String> query(URI url) {
        return Arrays.stream(url.getRawQuery().split("&"))
                .map(p -> p.split("=", 2))
                .collect(Collectors.toMap(p -> p[0], p -> URLDecoder.decode(p[1], StandardCharsets.UTF_8)));
    }
}
