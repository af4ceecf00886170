package dev.nodeless.aws;

import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Classifies AWS SDK failures into the three outcomes the state machines know: retry (transient), fail fast
 * (bad input, retrying cannot help), or propagate unchanged (a bug or a real outage, surfaced as is).
 */
public final class AwsErrors {

    private static final Set<String> RETRYABLE_CODES = Set.of(
            "Throttling", "ThrottlingException", "TooManyRequestsException", "RequestLimitExceeded",
            "ResourceInUseException", "ServiceUnavailable", "ServiceUnavailableException",
            "InternalFailure", "InternalError", "ServerException", "ConcurrentModification",
            "ConcurrentModificationException", "DependencyViolation", "IncorrectState");
    private static final Set<String> INVALID_INPUT_CODES = Set.of(
            "InvalidParameterException", "InvalidParameterValue", "InvalidParameterValueException",
            "ValidationException", "ValidationError", "MalformedPolicyDocument", "InvalidInput",
            "InvalidSubnetID.NotFound", "InvalidGroup.NotFound", "InvalidRequestException",
            "UnsupportedAvailabilityZoneException", "InvalidParameterCombination");
    /**
     * Error codes the SDK counts as throttling ({@code AwsServiceException.isThrottlingException()}), for the calls made
     * without an SDK client, which see only the code.
     */
    private static final Set<String> THROTTLING_CODES = Set.of(
            "Throttling", "ThrottlingException", "ThrottledException", "ProvisionedThroughputExceededException", "RequestLimitExceeded",
            "TooManyRequestsException", "RequestThrottled", "RequestThrottledException", "SlowDown", "BandwidthLimitExceeded",
            "TransactionInProgressException", "PriorRequestNotComplete");

    private AwsErrors() {}

    /** Maps {@code e} to the exception the state machine should see, naming what was being done. */
    public static RuntimeException classify(SdkException e, String doing) {
        String message = doing + ": " + e.getMessage();
        if (e instanceof SdkClientException) {
            return new RetryableStepException(message, e); // network trouble between Lambda and the endpoint
        }
        if (e instanceof AwsServiceException ase) {
            String code = errorCode(ase);
            if (RETRYABLE_CODES.contains(code) || ase.isThrottlingException() || ase.statusCode() >= 500) {
                return new RetryableStepException(message, e);
            }
            if (INVALID_INPUT_CODES.contains(code)) {
                return new InvalidStepInputException(message, e);
            }
        }
        return e;
    }

    /**
     * For a call made without an SDK client (only the code and HTTP status known): retryable as {@link #classify} would
     * find it, i.e. a retryable or throttling code, 429, or a 5xx.
     */
    public static boolean transientCode(String code, int status) {
        return RETRYABLE_CODES.contains(code) || THROTTLING_CODES.contains(code) || status == 429 || status >= 500;
    }

    /** For a call made without an SDK client: bad input as {@link #classify} would find it. */
    public static boolean invalidInputCode(String code) {
        return INVALID_INPUT_CODES.contains(code);
    }

    /** The service's error code, e.g. {@code NoSuchEntity}; empty when the response carried none. */
    public static String errorCode(AwsServiceException e) {
        return e.awsErrorDetails() == null || e.awsErrorDetails().errorCode() == null ? "" : e.awsErrorDetails().errorCode();
    }

    public static boolean hasCode(SdkException e, String... codes) {
        if (!(e instanceof AwsServiceException ase)) return false;
        String code = errorCode(ase);
        for (String c : codes) if (c.equals(code)) return true;
        return false;
    }

    /** Runs {@code call}, classifying any SDK failure. */
    public static <T> T call(String doing, java.util.function.Supplier<T> call) {
        try {
            return call.get();
        } catch (SdkException e) {
            throw classify(e, doing);
        }
    }

    public static void run(String doing, Runnable call) {
        call(doing, () -> {
            call.run();
            return null;
        });
    }
}
