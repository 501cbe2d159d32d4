package dev.elementkit.platform.connection;

/**
 * Why a connection test ended as it did; {@link #OK} for success.
 *
 * @since 1.0.0
 */
public enum TestCode {
    OK,
    /** Nothing accepts connections at that address (refused, no route). */
    UNREACHABLE,
    /** The host name does not resolve. */
    UNKNOWN_HOST,
    /** A step did not finish within its time limit. */
    TIMEOUT,
    /** Wrong user name or password, or the server wants one that was not given. */
    AUTH_FAILED,
    /** The TLS handshake failed: untrusted certificate, wrong host name, or a server that does not speak TLS. */
    TLS_FAILED,
    /** The configuration is invalid; nothing was contacted. */
    INVALID_CONFIG,
    /** No element of that name exists in the app; nothing was contacted. */
    NOT_FOUND,
    /** The server answered something unexpected for its kind. */
    PROTOCOL,
    /** The server runs in another mode than configured (e.g. cluster vs. standalone). */
    WRONG_MODE,
    /** A file or folder cannot be created, opened or written. */
    IO_ERROR,
    /** The operating system refused access to a file, folder or port. */
    PERMISSION_DENIED,
    /** An unexpected failure inside the plugin; the message says what. */
    INTERNAL_ERROR
}
