package dev.nodeless.aws;

/**
 * The step's input cannot work and retrying will not help (a subnet that does not exist, a CIDR too small for the
 * subnets, an AWS validation error). Thrown before anything is changed where the step can tell in advance.
 * Step Functions sees it as error {@code dev.nodeless.aws.InvalidStepInputException} and does not retry it.
 */
public class InvalidStepInputException extends RuntimeException {
    public InvalidStepInputException(String message) {
        super(message);
    }

    public InvalidStepInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
