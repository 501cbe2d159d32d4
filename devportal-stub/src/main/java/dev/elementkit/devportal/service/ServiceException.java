package dev.elementkit.devportal.service;

/**
 * Ends a cache-service request with an HTTP status and the seed's error body ({@link ServiceErrorBody}). Carries no
 * stack trace: it is an answer, not a failure of the server.
 */
final class ServiceException extends RuntimeException {

    private final int status;
    private final String field;
    private final long retryAfterSeconds;

    private ServiceException(int status, String message, String field, long retryAfterSeconds) {
        super(message, null, false, false);
        this.status = status;
        this.field = field;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** 400 naming the field of the payload at fault ({@code key}, {@code ttl}, {@code resource[2].value}…). */
    static ServiceException badRequest(String field, String message) {
        return new ServiceException(400, message, field, 0);
    }

    static ServiceException of(int status, String message) {
        return new ServiceException(status, message, null, 0);
    }

    /** A status with {@code Retry-After}: 429 for a throttled client, 503 for an unreachable backend. */
    static ServiceException retryLater(int status, String message, long retryAfterSeconds) {
        return new ServiceException(status, message, null, retryAfterSeconds);
    }

    int status() {
        return status;
    }

    /** The payload field at fault, or null. */
    String field() {
        return field;
    }

    /** Seconds for the {@code Retry-After} header; 0 for none. */
    long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
