package dev.nodeless.buffer;

/** The buffer object changed since it was read (HTTP 409). Retry: re-read and decide again. */
public class BufferConflictException extends RuntimeException {
    public BufferConflictException(String message, Throwable cause) {
        super(message, cause);
    }
}
