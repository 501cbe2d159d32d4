package dev.elementkit.cache;

/**
 * A cache operation failed; the message names the element and what to check.
 *
 * @since 1.0.0
 */
public class CacheException extends RuntimeException {

    public CacheException(String message, Throwable cause) {
        super(message, cause);
    }

    public CacheException(String message) {
        super(message);
    }
}
