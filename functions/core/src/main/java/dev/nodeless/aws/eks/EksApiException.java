package dev.nodeless.aws.eks;

import dev.nodeless.aws.AwsApiException;

/** EKS refused a call for a reason retrying cannot fix (e.g. {@code AccessDeniedException}); carries EKS's error type. */
public final class EksApiException extends AwsApiException {

    public EksApiException(String code, String message) {
        super(code, message);
    }
}
