package dev.nodeless.event;

/** Thrown when an input is not an EventBridge event at all. Drop-and-record: retrying cannot help. */
public class MalformedEventException extends RuntimeException {
    public MalformedEventException(String message) {
        super(message);
    }

    public MalformedEventException(String message, Throwable cause) {
        super(message, cause);
    }
}
