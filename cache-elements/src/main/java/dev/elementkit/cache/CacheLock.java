package dev.elementkit.cache;

/**
 * A lock held in the cache ({@link Cache#tryLock}, {@link Cache#lock}): mutual exclusion between threads, scripts
 * and hosts sharing one backend, for as long as the lease lasts. The handle carries the owner's token: only it can
 * release or extend the lock, so an owner whose lease ran out (and whose lock another owner then took) never
 * releases the other's.
 *
 * <p>Use it in try-with-resources: {@code close()} releases. Thread-safe.
 *
 * @since 1.1.0
 */
public interface CacheLock extends AutoCloseable {

    /** The lock's name, as given to {@code tryLock}/{@code lock}. */
    String name();

    /** The owner's token: random, unique to this acquisition. */
    String token();

    /** Releases the lock; false when it was no longer this owner's (the lease ran out). */
    boolean release();

    /**
     * Gives the lease a new length of {@code leaseSeconds} from now; false (and nothing changed) when the lock is no
     * longer this owner's.
     */
    boolean extend(long leaseSeconds);

    /** True while this owner holds the lock. */
    boolean isHeld();

    /** Releases the lock; see {@link #release()}. */
    @Override
    void close();
}
