package dev.elementkit.cache;

/**
 * The backend cannot serve now (down, unreachable, timed out, its file unusable). The element recovers by itself
 * once the backend is back; nothing needs re-creating.
 *
 * <p>{@link #mayHaveBeenApplied()} tells a caller whether retrying is safe: false when the command never reached
 * the backend, or the backend refused it as a whole (so a retry cannot apply it twice); true when it was sent and
 * its answer did not come (a timeout, a connection lost mid-call), so the backend may have executed it. Retry an
 * {@code incr} only when this is false.
 *
 * @since 1.0.0
 */
public class CacheUnavailableException extends CacheException {

    private final boolean mayHaveBeenApplied;

    /**
     * @param mayHaveBeenApplied true when the command may have reached the backend and been executed there
     */
    public CacheUnavailableException(String message, Throwable cause, boolean mayHaveBeenApplied) {
        super(message, cause);
        this.mayHaveBeenApplied = mayHaveBeenApplied;
    }

    /**
     * Where the outcome is not known: reported as {@linkplain #mayHaveBeenApplied() maybe applied}, the answer that
     * never makes a caller apply a command twice.
     */
    public CacheUnavailableException(String message, Throwable cause) {
        this(message, cause, true);
    }

    /** A failure before the command was sent (no connection, no file): it was not applied, retrying is safe. */
    public static CacheUnavailableException notSent(String message, Throwable cause) {
        return new CacheUnavailableException(message, cause, false);
    }

    /**
     * True when the command may have been executed by the backend although the call failed: it was sent and its
     * answer was lost. False when it certainly was not applied.
     */
    public boolean mayHaveBeenApplied() {
        return mayHaveBeenApplied;
    }
}
