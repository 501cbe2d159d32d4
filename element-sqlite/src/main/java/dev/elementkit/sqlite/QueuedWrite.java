package dev.elementkit.sqlite;

import java.sql.SQLException;
import java.util.concurrent.locks.Condition;

/**
 * One caller's write waiting in the {@link WriteQueue}, and then its outcome: the result, or the failure that is
 * thrown to that caller alone. The outcome is set by whichever thread runs the batch, and read by the caller after
 * the queue released it (the queue's lock orders the two).
 *
 * @param <T> what the write returns to its caller (incr's new value, add's boolean…)
 */
final class QueuedWrite<T> {

    private final Session.Work<T> work;
    private final String subject;
    private final boolean oneStatement;
    private T result;
    private RuntimeException failure;
    private boolean hasOutcome;
    // Guarded by the WriteQueue's lock:
    /** Created when its caller first parks; null while it never did. */
    Condition wakeUp;
    /** Has its outcome; the caller may return. Volatile: a waiting caller reads it without the lock. */
    volatile boolean done;

    /**
     * @param subject      what is written, for messages ("key 'a:b'", "3 keys")
     * @param oneStatement true when the work is a single statement, which SQLite applies whole or not at all, so it
     *                     needs no transaction of its own when it runs alone
     */
    QueuedWrite(Session.Work<T> work, String subject, boolean oneStatement) {
        this.work = work;
        this.subject = subject;
        this.oneStatement = oneStatement;
    }

    String subject() {
        return subject;
    }

    boolean oneStatement() {
        return oneStatement;
    }

    /** Runs the work and keeps its result; the caller sees it only once {@link #succeed()} or the batch commits. */
    void run(Session session) throws SQLException {
        result = work.run(session);
    }

    /** Its result stands: the transaction that holds it was committed. */
    void succeed() {
        failure = null;
        hasOutcome = true;
    }

    void fail(RuntimeException failure) {
        this.failure = failure;
        result = null;
        hasOutcome = true;
    }

    boolean hasOutcome() {
        return hasOutcome;
    }

    /** The result, or throws the failure (as thrown to this caller, on the caller's thread). */
    T outcome() {
        if (failure != null) {
            throw failure;
        }
        return result;
    }
}
