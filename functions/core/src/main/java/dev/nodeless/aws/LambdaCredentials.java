package dev.nodeless.aws;

import java.util.function.Function;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;

/**
 * The Lambda role's credentials without building the SDK's default chain where the environment already holds them: the
 * chain's own first two steps in its order (system properties {@code aws.accessKeyId}/{@code aws.secretAccessKey}/
 * {@code aws.sessionToken}, then the environment's {@code AWS_ACCESS_KEY_ID}/{@code AWS_SECRET_ACCESS_KEY}/
 * {@code AWS_SESSION_TOKEN}), read on every call; otherwise the SDK's {@link DefaultCredentialsProvider}, built on first
 * need (a SnapStart-restored function gets {@code AWS_CONTAINER_CREDENTIALS_FULL_URI} instead of keys; tools use profiles).
 * {@link #signing()} gives {@link SigV4} its key pair without creating SDK credential objects.
 */
public final class LambdaCredentials implements AwsCredentialsProvider {

    private final Function<String, String> properties;
    private final Function<String, String> environment;
    private final Lazy<AwsCredentialsProvider> fallback;

    LambdaCredentials(Function<String, String> properties, Function<String, String> environment, Supplier<AwsCredentialsProvider> fallbackFactory) {
        this.properties = properties;
        this.environment = environment;
        this.fallback = new Lazy<>(fallbackFactory);
    }

    /** Production: this JVM's system properties and environment, then the SDK's default chain. */
    public static LambdaCredentials create() {
        return new LambdaCredentials(System::getProperty, System::getenv, () -> DefaultCredentialsProvider.builder().build());
    }

    /** The key pair to sign with: from properties or environment when both key parts are there, else from the default chain. */
    public SigV4.Credentials signing() {
        SigV4.Credentials local = local();
        return local != null ? local : SignedHttp.toSigV4(fallback().resolveCredentials());
    }

    @Override
    public AwsCredentials resolveCredentials() {
        SigV4.Credentials local = local();
        if (local == null) return fallback().resolveCredentials();
        return local.sessionToken() == null ? AwsBasicCredentials.create(local.accessKeyId(), local.secretAccessKey())
                : AwsSessionCredentials.create(local.accessKeyId(), local.secretAccessKey(), local.sessionToken());
    }

    /** Whether the default chain has been built (it is only when neither properties nor environment hold keys). */
    boolean usedFallback() { return fallback.built(); }

    private SigV4.Credentials local() {
        SigV4.Credentials fromProperties = pair(properties, "aws.accessKeyId", "aws.secretAccessKey", "aws.sessionToken");
        return fromProperties != null ? fromProperties : pair(environment, "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN");
    }

    private static SigV4.Credentials pair(Function<String, String> source, String keyId, String secret, String token) {
        String id = trimmed(source.apply(keyId));
        String key = trimmed(source.apply(secret));
        if (id == null || key == null) return null; // the chain skips a source without both parts
        return new SigV4.Credentials(id, key, trimmed(source.apply(token)));
    }

    private static String trimmed(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    private AwsCredentialsProvider fallback() {
        return fallback.get();
    }

    @Override public String toString() { return "LambdaCredentials"; }
}
