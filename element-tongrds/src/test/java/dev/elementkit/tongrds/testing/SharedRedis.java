package dev.elementkit.tongrds.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import org.junit.jupiter.api.Assumptions;

/** The machine's shared Redis, which tests may use with unique keys only (never flush or reconfigure it). */
final class SharedRedis {

    private SharedRedis() {
    }

    /**
     * Returns when something accepts connections at {@code host:port}. Otherwise the test is skipped, loudly,
     * outside CI, and fails in CI (env {@code CI} set), where the run is expected to provide Redis.
     */
    static void requireReachable(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 1000);
        } catch (IOException e) {
            String why = "no Redis answers at " + host + ":" + port + " (" + e.getMessage() + ")";
            if (System.getenv("CI") != null) {
                throw new IllegalStateException(why + ": CI must provide it");
            }
            System.err.println("!!! SKIPPING: " + why + "; start redis-server to run this test");
            Assumptions.abort(why);
        }
    }
}
