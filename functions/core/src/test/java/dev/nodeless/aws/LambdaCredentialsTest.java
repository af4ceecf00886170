package dev.nodeless.aws;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/** The default chain's first two steps without building it, and the lazy fallback to it (a static provider stands in for it). */
class LambdaCredentialsTest {

    private final AtomicInteger built = new AtomicInteger();
    private final AwsCredentialsProvider chain = StaticCredentialsProvider.create(
            AwsSessionCredentials.create("ASIACONTAINER", "containerSecret", "containerToken"));

    private LambdaCredentials credentials(Map<String, String> properties, Map<String, String> environment) {
        return new LambdaCredentials(properties::get, environment::get, () -> { built.incrementAndGet(); return chain; });
    }

    @Test
    void environmentKeys_signWithoutBuildingTheChain_withTheSessionToken() {
        var lambda = credentials(Map.of(), Map.of("AWS_ACCESS_KEY_ID", "ASIAENV", "AWS_SECRET_ACCESS_KEY", "envSecret", "AWS_SESSION_TOKEN", "envToken"));

        assertThat(lambda.signing()).isEqualTo(new SigV4.Credentials("ASIAENV", "envSecret", "envToken"));
        assertThat(lambda.resolveCredentials()).isInstanceOfSatisfying(AwsSessionCredentials.class,
                c -> assertThat(c.sessionToken()).isEqualTo("envToken"));
        assertThat(SignedHttp.credentials(lambda).accessKeyId()).isEqualTo("ASIAENV");
        assertThat(built).hasValue(0);
        assertThat(lambda.usedFallback()).isFalse();
    }

    @Test
    void systemProperties_comeBeforeTheEnvironment_asInTheDefaultChain() {
        var lambda = credentials(Map.of("aws.accessKeyId", "AKIAPROP", "aws.secretAccessKey", "propSecret"),
                Map.of("AWS_ACCESS_KEY_ID", "ASIAENV", "AWS_SECRET_ACCESS_KEY", "envSecret", "AWS_SESSION_TOKEN", "envToken"));

        assertThat(lambda.signing()).isEqualTo(new SigV4.Credentials("AKIAPROP", "propSecret", null));
        assertThat(lambda.resolveCredentials()).isExactlyInstanceOf(AwsBasicCredentials.class);
        assertThat(built).hasValue(0);
    }

    @Test
    void aSourceWithOnlyOneKeyPart_isSkipped() {
        var lambda = credentials(Map.of("aws.accessKeyId", "AKIAPROP"), Map.of("AWS_ACCESS_KEY_ID", "ASIAENV", "AWS_SECRET_ACCESS_KEY", " "));

        assertThat(lambda.signing().accessKeyId()).isEqualTo("ASIACONTAINER");
        assertThat(built).hasValue(1);
    }

    @Test
    void noKeys_fallBackToTheChain_builtOnceOnFirstNeed() {
        var lambda = credentials(Map.of(), Map.of("AWS_CONTAINER_CREDENTIALS_FULL_URI", "http://127.0.0.1:9001/creds"));
        assertThat(built).hasValue(0);

        assertThat(lambda.signing()).isEqualTo(new SigV4.Credentials("ASIACONTAINER", "containerSecret", "containerToken"));
        assertThat(lambda.resolveCredentials().accessKeyId()).isEqualTo("ASIACONTAINER");
        assertThat(built).hasValue(1);
        assertThat(lambda.usedFallback()).isTrue();
    }
}
