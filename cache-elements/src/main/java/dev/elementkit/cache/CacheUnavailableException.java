package dev.elementkit.cache;

/** The backend cannot be reached now (down, unreachable, timed out). The element recovers once it is back. */
public class CacheUnavailableException extends CacheException {

    public CacheUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
