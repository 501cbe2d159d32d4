package dev.elementkit.platform.shared;

/**
 * A counted claim on a shared resource. Whoever acquired the lease closes it, once; the resource itself is closed
 * when its last lease is.
 *
 * @since 1.0.0
 */
public interface Lease<R> extends AutoCloseable {

    /** The shared resource; valid until this lease is closed. */
    R get();

    /** Gives the claim back. Closing twice is harmless. */
    @Override
    void close();
}
