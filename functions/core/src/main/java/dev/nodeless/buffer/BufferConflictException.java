package dev.nodeless.buffer;

/**
 * The buffer object changed since it was read (HTTP 409). Retry: re-read and decide again. Thrown out of a step
 * when the conflicts outlast its attempts; the state machine retries on this name
 * ({@code dev.nodeless.buffer.BufferConflictException}).
 */
public class BufferConflictException extends RuntimeException {
    public BufferConflictException(String message, Throwable cause) {
        super(message, cause);
    }
}
