package dev.nodeless.aws.ec2;

/** EC2 refused a call for a reason retrying cannot fix (e.g. {@code UnauthorizedOperation}); carries EC2's error code. */
public final class Ec2QueryException extends RuntimeException {

    private final String code;

    public Ec2QueryException(String code, String message) {
        super(message);
        this.code = code;
    }

    public String code() {
        return code;
    }
}
