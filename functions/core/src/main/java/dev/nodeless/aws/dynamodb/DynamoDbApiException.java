package dev.nodeless.aws.dynamodb;

import dev.nodeless.aws.AwsApiException;

/**
 * DynamoDB refused a call for a reason retrying cannot fix (e.g. {@code ResourceNotFoundException} for a missing table,
 * {@code AccessDeniedException}); carries DynamoDB's error type, and the message names the call and the table.
 */
public final class DynamoDbApiException extends AwsApiException {

    public DynamoDbApiException(String code, String message) {
        super(code, message);
    }
}
