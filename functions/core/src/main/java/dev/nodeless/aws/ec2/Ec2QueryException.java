package dev.nodeless.aws.ec2;

import dev.nodeless.aws.AwsApiException;

/** EC2 refused a call for a reason retrying cannot fix (e.g. {@code UnauthorizedOperation}); carries EC2's error code. */
public final class Ec2QueryException extends AwsApiException {

    public Ec2QueryException(String code, String message) {
        super(code, message);
    }
}
