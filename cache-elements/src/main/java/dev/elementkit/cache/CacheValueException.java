package dev.elementkit.cache;

/**
 * A stored value cannot be used as asked, e.g. {@code incr} on text that is not a whole number.
 *
 * @since 1.0.0
 */
public class CacheValueException extends CacheException {

    public CacheValueException(String message) {
        super(message);
    }
}
