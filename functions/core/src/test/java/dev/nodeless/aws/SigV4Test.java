package dev.nodeless.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner.AuthLocation;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;

/**
 * Our SigV4 against the SDK's {@code AwsV4HttpSigner} (still a dependency: the bootstrap's SDK clients use it) at a fixed
 * clock: the signed request's URI and every header must be equal byte for byte, for header signing and for presigning.
 */
class SigV4Test {

    // Test-only credentials (the AWS documentation's example pair), never used against AWS.
    private static final AwsCredentials BASIC = AwsBasicCredentials.create("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");
    private static final AwsCredentials SESSION = AwsSessionCredentials.create("ASIAEXAMPLE", "secret/Example+key", "FwoGZXIvYXdzE+session/token==");
    private static final Instant T0 = Instant.parse("2026-03-01T12:34:56Z");
    private static final AwsV4HttpSigner SDK = AwsV4HttpSigner.create();

    static Stream<Arguments> requests() {
        return Stream.of(
                Arguments.of("EKS DescribeCluster", get("https://eks.eu-west-1.amazonaws.com/clusters/demo").putHeader("Accept", "application/json"), null, "eks"),
                Arguments.of("path with special characters", get("https://eks.eu-west-1.amazonaws.com/clusters/a%20b%2Fc%25d+e%C3%A9"), null, "eks"),
                Arguments.of("path with dot segments and a trailing slash", get("https://example.amazonaws.com/a/./b/../c/"), null, "execute-api"),
                Arguments.of("empty path", get("https://sts.eu-west-1.amazonaws.com"), null, "sts"),
                Arguments.of("query needing encoding", get("https://ec2.eu-west-1.amazonaws.com/")
                        .putRawQueryParameter("Filter.1.Name", "tag:Name")
                        .putRawQueryParameter("Filter.1.Value", List.of("a b", "z*", "ä/é+=&"))
                        .putRawQueryParameter("empty", "")
                        .putRawQueryParameter("~sorted_", "x"), null, "ec2"),
                Arguments.of("DynamoDB JSON POST", post("https://dynamodb.eu-west-1.amazonaws.com/")
                        .putHeader("Content-Type", "application/x-amz-json-1.0").putHeader("X-Amz-Target", "DynamoDB_20120810.GetItem"),
                        "{\"TableName\":\"nodeless\",\"Key\":{\"pk\":{\"S\":\"cluster#démo\"}}}", "dynamodb"),
                Arguments.of("EC2 form POST", post("https://ec2.eu-west-1.amazonaws.com/")
                        .putHeader("Content-Type", "application/x-www-form-urlencoded; charset=utf-8"),
                        "Action=DescribeInstances&Version=2016-11-15&InstanceId.1=i-0123", "ec2"),
                Arguments.of("emulator endpoint with a port", post("http://127.0.0.1:5000/")
                        .putHeader("Content-Type", "application/x-amz-json-1.0"), "{}", "dynamodb"),
                Arguments.of("header values with runs of spaces and repeats", get("https://eks.us-east-1.amazonaws.com/clusters")
                        .putHeader("X-Custom", List.of("  a   b  ", "c")), null, "eks"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("requests")
    void headerSigning_equalsTheSdkSigner_withAndWithoutSessionToken(String name, SdkHttpRequest.Builder request, String payload, String service) {
        for (AwsCredentials credentials : List.of(BASIC, SESSION)) {
            SdkHttpRequest unsigned = request.build();
            SdkHttpRequest expected = SDK.sign(r -> {
                r.identity(credentials).request(unsigned)
                        .putProperty(AwsV4HttpSigner.REGION_NAME, "eu-west-1")
                        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, service)
                        .putProperty(HttpSigner.SIGNING_CLOCK, Clock.fixed(T0, ZoneOffset.UTC));
                if (payload != null) r.payload(ContentStreamProvider.fromUtf8String(payload));
            }).request();

            SigV4.Credentials keys = SignedHttp.credentials(StaticCredentialsProvider.create(credentials));
            Map<String, String> added = SigV4.signHeaders(unsigned.method().name(), unsigned.getUri(), unsigned.rawQueryParameters(),
                    unsigned.headers(), payload == null ? null : payload.getBytes(StandardCharsets.UTF_8), keys, new SigV4.Scope("eu-west-1", service, T0));
            SdkHttpRequest.Builder withOurs = unsigned.toBuilder();
            added.forEach(withOurs::putHeader);
            assertThat(withOurs.build().headers()).isEqualTo(expected.headers());

            if (unsigned.rawQueryParameters().isEmpty()) { // what SignedHttp sends (its requests carry no query)
                SignedHttp.Request ours = SignedHttp.sign(new SignedHttp.Request(unsigned.method().name(), unsigned.getUri(), unsigned.headers()),
                        payload, keys, "eu-west-1", service, T0);
                assertThat(ours.uri().toString()).isEqualTo(expected.getUri().toString());
                assertThat(ours.headers()).isEqualTo(expected.headers());
                assertThat(ours.headers().get("Authorization")).hasSize(1);
            }
        }
    }

    @Test
    void presignedStsUrl_equalsTheSdkSigner_withAndWithoutSessionToken() {
        for (AwsCredentials credentials : List.of(BASIC, SESSION)) {
            SdkHttpRequest unsigned = get("https://sts.eu-west-1.amazonaws.com/")
                    .putRawQueryParameter("Action", "GetCallerIdentity").putRawQueryParameter("Version", "2011-06-15")
                    .putHeader("x-k8s-aws-id", "demo").build();
            String expected = SDK.sign(r -> r.identity(credentials).request(unsigned)
                    .putProperty(AwsV4HttpSigner.REGION_NAME, "eu-west-1")
                    .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "sts")
                    .putProperty(AwsV4HttpSigner.AUTH_LOCATION, AuthLocation.QUERY_STRING)
                    .putProperty(AwsV4HttpSigner.EXPIRATION_DURATION, Duration.ofSeconds(60))
                    .putProperty(HttpSigner.SIGNING_CLOCK, Clock.fixed(T0, ZoneOffset.UTC))).request().getUri().toString();

            Map<String, String> added = SigV4.presign("GET", unsigned.getUri(), unsigned.rawQueryParameters(), unsigned.headers(),
                    Duration.ofSeconds(60), SignedHttp.credentials(StaticCredentialsProvider.create(credentials)), new SigV4.Scope("eu-west-1", "sts", T0));
            Map<String, List<String>> query = new java.util.LinkedHashMap<>(unsigned.rawQueryParameters());
            added.forEach((k, v) -> query.put(k, List.of(v)));
            assertThat("https://sts.eu-west-1.amazonaws.com/?" + SigV4.queryString(query)).isEqualTo(expected);

            // and the token EksToken makes at that instant carries exactly that URL
            String token = new dev.nodeless.kube.EksToken(StaticCredentialsProvider.create(credentials), "eu-west-1", Clock.fixed(T0, ZoneOffset.UTC))
                    .create("demo").value();
            assertThat(new String(java.util.Base64.getUrlDecoder().decode(token.substring("k8s-aws-v1.".length())), StandardCharsets.UTF_8))
                    .isEqualTo(expected);
        }
    }

    @Test
    void documentationExample_iamListUsers_signsToThePublishedSignature() {
        // The AWS SigV4 documentation's worked example (IAM ListUsers, 2015-08-30T12:36:00Z, us-east-1, iam).
        Map<String, String> added = SigV4.signHeaders("GET", URI.create("https://iam.amazonaws.com/"),
                Map.of("Action", List.of("ListUsers"), "Version", List.of("2010-05-08")),
                Map.of("Content-Type", List.of("application/x-www-form-urlencoded; charset=utf-8")), null,
                new SigV4.Credentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", null),
                new SigV4.Scope("us-east-1", "iam", Instant.parse("2015-08-30T12:36:00Z")), false);
        assertThat(added.get("Authorization")).isEqualTo("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request, "
                + "SignedHeaders=content-type;host;x-amz-date, Signature=5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7");
    }

    @Test
    void credentialsWithoutAKeyPair_areRejected_andBlankSessionTokenIsNone() {
        assertThatThrownBy(() -> new SigV4.Credentials("", "s", null)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("access key id");
        assertThat(new SigV4.Credentials("a", "s", " ").sessionToken()).isNull();
        assertThat(new SigV4.Credentials("a", "secret", null).toString()).doesNotContain("secret");
        assertThat(SigV4.sha256Hex("".getBytes(StandardCharsets.UTF_8))).isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    }

    private static SdkHttpRequest.Builder get(String uri) { return SdkHttpRequest.builder().method(SdkHttpMethod.GET).uri(URI.create(uri)); }
    private static SdkHttpRequest.Builder post(String uri) { return SdkHttpRequest.builder().method(SdkHttpMethod.POST).uri(URI.create(uri)); }
}
