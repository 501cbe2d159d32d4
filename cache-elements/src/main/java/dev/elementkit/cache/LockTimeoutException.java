package dev.elementkit.cache;

/**
 * {@link Cache#lock} waited as long as it was allowed to and another owner still held the lock.
 *
 * @since 1.1.0
 */
public class LockTimeoutException extends CacheException {

    public LockTimeoutException(String message) {
        super(message);
    }
}
