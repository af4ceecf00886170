package dev.nodeless.aws.dynamodb;

/**
 * DynamoDB refused a call for a reason retrying cannot fix (e.g. {@code ResourceNotFoundException} for a missing table,
 * {@code AccessDeniedException}); carries DynamoDB's error type, and the message names the call and the table.
 */
public final class DynamoDbApiException extends RuntimeException {

    private final String code;

    public DynamoDbApiException(String code, String message) {
        super(message);
        this.code = code;
    }

    public String code() {
        return code;
    }
}
