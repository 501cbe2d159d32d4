package dev.elementkit.redis.testing;

import java.util.function.Supplier;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A Redis deployment (a server, a cluster, sentinels, or anything built on them, such as a TongRDS front) started
 * once before a test class and closed after it, also when the class fails:
 *
 * <pre>{@code
 * @RegisterExtension
 * static final RedisFixture<RedisServer> redis = RedisFixture.of(RedisServers::standalone);
 * ... redis.get().port() ...
 * }</pre>
 *
 * Before starting it checks that {@code redis-server} and {@code redis-cli} are installed: outside CI the class is
 * skipped with a loud message, in CI it fails ({@link RedisServers#requireBinaries()}). Register it on a static
 * field: it starts in {@code beforeAll}.
 *
 * @param <T> what the test uses; closed after the class
 *
 * @since 1.0.0
 */
public final class RedisFixture<T extends AutoCloseable> implements BeforeAllCallback, AfterAllCallback {

    private final Supplier<? extends T> starter;
    private T started;

    private RedisFixture(Supplier<? extends T> starter) {
        this.starter = starter;
    }

    /** A fixture that starts what {@code starter} returns, e.g. {@code RedisServers::standalone}. */
    public static <T extends AutoCloseable> RedisFixture<T> of(Supplier<? extends T> starter) {
        return new RedisFixture<>(starter);
    }

    /** A plain server. */
    public static RedisFixture<RedisServer> standalone() {
        return of(RedisServers::standalone);
    }

    /**
     * The started deployment.
     *
     * @throws IllegalStateException when called outside the test class's life, or when the field is not static
     */
    public T get() {
        if (started == null) {
            throw new IllegalStateException("the Redis fixture is not started: register it with @RegisterExtension "
                    + "on a static field and use it from the tests");
        }
        return started;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        RedisServers.requireBinaries();
        started = starter.get();
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        T stopping = started;
        started = null;
        if (stopping != null) {
            stopping.close();
        }
    }
}
