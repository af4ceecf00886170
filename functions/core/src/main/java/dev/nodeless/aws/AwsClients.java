package dev.nodeless.aws;

import java.net.URI;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.eks.EksClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * Builds every AWS SDK client the same way: URL-connection HTTP client (smallest cold start), the Lambda
 * role's credentials from the default chain (never static keys), and an optional endpoint override used
 * only by tests and local emulators (moto, LocalStack). One instance per region; clients are created once.
 */
public final class AwsClients {

    private final Region region;
    private final Optional<URI> endpoint;
    private final AwsCredentialsProvider credentials;
    private final Lazy<SdkHttpClient> http = new Lazy<>(() -> UrlConnectionHttpClient.builder().build());

    public AwsClients(String region, Optional<URI> endpoint, AwsCredentialsProvider credentials) {
        this.region = Region.of(region);
        this.endpoint = endpoint;
        this.credentials = credentials;
    }

    /** Production: the Lambda role's credentials (environment first, then the SDK's default chain), real endpoints. */
    public static AwsClients forRegion(String region) {
        return new AwsClients(region, Optional.empty(), LambdaCredentials.create());
    }

    public Region region() { return region; }
    public AwsCredentialsProvider credentials() { return credentials; }
    public Optional<URI> endpoint() { return endpoint; }
    /**
     * The URL-connection client every SDK client here shares, built on first use: the calls made without an SDK module
     * ({@link SignedHttp}) send over the JDK's HttpURLConnection and never build it.
     */
    public SdkHttpClient http() {
        return http.get();
    }

    private volatile EksClient eks;
    private volatile IamClient iam;
    private volatile Ec2Client ec2;
    private volatile StsClient sts;
    private volatile SqsClient sqs;
    private volatile EventBridgeClient events;
    private volatile DynamoDbClient dynamo;
    private volatile KmsClient kms;

    public EksClient eks() { return eks != null ? eks : (eks = configure(EksClient.builder()).build()); }
    /** IAM is a global service; its signing region is aws-global (us-east-1) regardless of the cluster's region. */
    public IamClient iam() { return iam != null ? iam : (iam = configure(IamClient.builder()).region(Region.AWS_GLOBAL).build()); }
    public Ec2Client ec2() { return ec2 != null ? ec2 : (ec2 = configure(Ec2Client.builder()).build()); }
    public StsClient sts() { return sts != null ? sts : (sts = configure(StsClient.builder()).build()); }
    public SqsClient sqs() { return sqs != null ? sqs : (sqs = configure(SqsClient.builder()).build()); }
    public EventBridgeClient events() { return events != null ? events : (events = configure(EventBridgeClient.builder()).build()); }
    /** Only the bootstrap module carries the KMS SDK (Secrets encryption keys). */
    public KmsClient kms() { return kms != null ? kms : (kms = configure(KmsClient.builder()).build()); }
    public DynamoDbClient dynamo() { return dynamo != null ? dynamo : (dynamo = configure(DynamoDbClient.builder()).build()); }

    /**
     * Sets region, credentials, the shared HTTP client and the emulator endpoint on any SDK client builder: for
     * services without an accessor here because only one module carries their SDK (Step Functions).
     */
    public <B extends AwsClientBuilder<B, ?> & software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder<B, ?>> B configure(B builder) {
        builder.region(region).credentialsProvider(credentials).httpClient(http());
        endpoint.ifPresent(builder::endpointOverride);
        return builder;
    }
}
