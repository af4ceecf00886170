package dev.nodeless.aws;

/**
 * An AWS service refused a call made without its SDK client for a reason retrying cannot fix; carries the service's
 * error code or type. One subclass per service, so callers can tell which service refused.
 */
public abstract class AwsApiException extends RuntimeException {

    private final String code;

    protected AwsApiException(String code, String message) {
        super(message);
        this.code = code;
    }

    public String code() {
        return code;
    }
}
