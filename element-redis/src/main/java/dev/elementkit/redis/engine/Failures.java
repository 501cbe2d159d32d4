package dev.elementkit.redis.engine;

import dev.elementkit.cache.CacheException;
import dev.elementkit.cache.CacheUnavailableException;
import dev.elementkit.cache.CacheValueException;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandInterruptedException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisException;
import java.util.Locale;

/**
 * Turns Lettuce's exceptions into the cache API's: {@link CacheUnavailableException} for anything that means "the
 * server cannot serve now" (down, timed out, failing over, loading), {@link CacheValueException} for a value of the
 * wrong kind. Messages say where, never a secret.
 *
 * <p>Whether a failed command {@linkplain CacheUnavailableException#mayHaveBeenApplied() may have been applied}:
 * not when Lettuce rejected it unsent (no connection: we set {@code REJECT_COMMANDS}) or the server refused it
 * whole (LOADING, READONLY, NOAUTH…); possibly when it was sent and the reply did not come (timeout, a connection
 * lost mid-call, an interrupted wait), and in any case we cannot tell.
 */
final class Failures {

    private final String where;

    /** @param where e.g. {@code Redis at 127.0.0.1:6379} */
    Failures(String where) {
        this.where = where;
    }

    CacheException translate(RuntimeException e) {
        if (e instanceof CacheException cacheException) {
            return cacheException;
        }
        if (e instanceof RedisCommandTimeoutException) {
            return unavailable("it did not answer in time (" + e.getMessage() + "); the command may have been "
                    + "applied", e);
        }
        if (e instanceof RedisCommandInterruptedException) {
            Thread.currentThread().interrupt();
            return unavailable("the calling thread was interrupted while waiting", e);
        }
        if (e instanceof RedisCommandExecutionException) {
            String message = String.valueOf(e.getMessage());
            String upper = message.toUpperCase(Locale.ROOT);
            if (upper.contains("NOT AN INTEGER") || upper.contains("OUT OF RANGE") || upper.contains("OVERFLOW")) {
                return new CacheValueException("the stored value is not a whole number in range (" + message + ")");
            }
            if (upper.startsWith("LOADING") || upper.startsWith("MASTERDOWN") || upper.startsWith("CLUSTERDOWN")
                    || upper.startsWith("TRYAGAIN") || upper.startsWith("READONLY") || upper.startsWith("BUSY")) {
                return notApplied("it is not ready to serve (" + message + ")", e);
            }
            if (upper.startsWith("NOAUTH") || upper.startsWith("WRONGPASS") || upper.startsWith("NOPERM")) {
                return notApplied("it refused the credentials or the command (" + firstWord(message)
                        + "): check username, password and the user's ACL", e);
            }
            return new CacheException(where + " refused the command: " + message, e);
        }
        if (e instanceof RedisConnectionException || isRejectedUnsent(e)) {
            return notApplied(describeConnectionProblem(e), e);
        }
        if (e instanceof RedisException) {
            return unavailable(describeConnectionProblem(e), e);
        }
        return new CacheException(where + " failed: " + e, e);
    }

    /**
     * A failure to open a connection: nothing was sent on it, so nothing was applied, whatever Lettuce's exception
     * says (a handshake that timed out is a timeout, but of our own AUTH or PING).
     */
    CacheException connectFailed(RuntimeException e) {
        CacheException failure = translate(e);
        if (failure instanceof CacheUnavailableException unavailable && unavailable.mayHaveBeenApplied()) {
            return notApplied(describeConnectionProblem(e), e);
        }
        return failure;
    }

    /** The command may have been applied: sent, and no answer came. */
    CacheUnavailableException unavailable(String why, Throwable cause) {
        return new CacheUnavailableException("cache unavailable: " + where + ": " + tidy(why), cause, true);
    }

    /** The command was not applied: never sent, or refused whole. */
    CacheUnavailableException notApplied(String why, Throwable cause) {
        return CacheUnavailableException.notSent("cache unavailable: " + where + ": " + tidy(why), cause);
    }

    /** Lettuce's REJECT_COMMANDS: a command issued while disconnected fails before it is written anywhere. */
    private static boolean isRejectedUnsent(RuntimeException e) {
        String message = String.valueOf(e.getMessage());
        return e instanceof RedisException && (message.startsWith("Currently not connected")
                || message.startsWith("Connection is closed"));
    }

    private static String describeConnectionProblem(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (root != e && root.getMessage() != null) {
            message += " (" + root.getMessage() + ")";
        }
        return message;
    }

    private static String firstWord(String message) {
        int space = message.indexOf(' ');
        return space < 0 ? message : message.substring(0, space);
    }

    /**
     * Lettuce quotes an address as Java prints an unresolved one, "127.0.0.1/<unresolved>:6379"; people read
     * "127.0.0.1:6379" (seen in `devportal elements --connect` and the portal's UNAVAILABLE reason).
     */
    private static String tidy(String why) {
        return why == null ? null : why.replace("/<unresolved>", "");
    }
}
