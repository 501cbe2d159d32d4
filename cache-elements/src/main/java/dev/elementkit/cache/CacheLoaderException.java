package dev.elementkit.cache;

/**
 * The loader given to {@link Cache#remember} threw a checked exception (its cause); nothing was stored. Unchecked
 * exceptions and errors of a loader reach the caller as they are.
 *
 * @since 1.1.0
 */
public class CacheLoaderException extends CacheException {

    public CacheLoaderException(String message, Throwable cause) {
        super(message, cause);
    }
}
