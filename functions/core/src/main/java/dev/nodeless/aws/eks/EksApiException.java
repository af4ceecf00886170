package dev.nodeless.aws.eks;

/** EKS refused a call for a reason retrying cannot fix (e.g. {@code AccessDeniedException}); carries EKS's error type. */
public final class EksApiException extends RuntimeException {

    private final String code;

    public EksApiException(String code, String message) {
        super(message);
        this.code = code;
    }

    public String code() {
        return code;
    }
}
