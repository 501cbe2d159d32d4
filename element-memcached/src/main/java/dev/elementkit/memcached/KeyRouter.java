package dev.elementkit.memcached;

import com.spotify.folsom.ConnectionChangeListener;
import com.spotify.folsom.RawMemcacheClient;
import com.spotify.folsom.client.Request;
import com.spotify.folsom.guava.HostAndPort;
import com.spotify.folsom.ketama.AddressAndClient;
import com.spotify.folsom.ketama.Continuum;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Which server holds a key: Folsom's Ketama continuum (the hashing other Ketama clients use) over every configured
 * server, fixed for the life of the backend.
 *
 * <p>Folsom's continuum walks past a server that is not connected to the next one, which turns a dead server into
 * silent misses on the others (and stale values there when it comes back). The ring here is built over tokens that
 * always count as connected, so a key always belongs to its own server: its calls fail fast while the server is
 * down, the other servers' keys go on, and both ways to the servers (Folsom and the meta connection) agree.
 */
final class KeyRouter {

    private final Continuum continuum;

    KeyRouter(List<ServerAddress> servers) {
        List<AddressAndClient> ring = new ArrayList<>();
        for (ServerAddress server : servers) {
            ring.add(new AddressAndClient(HostAndPort.fromParts(server.host(), server.port()), new Token(server)));
        }
        this.continuum = new Continuum(ring);
    }

    /** The server of {@code key}. */
    ServerAddress serverOf(String key) {
        return ((Token) continuum.findClient(key.getBytes(StandardCharsets.UTF_8))).server;
    }

    /** A place on the ring standing for one server; never used to send anything. */
    private static final class Token implements RawMemcacheClient {

        private final ServerAddress server;

        Token(ServerAddress server) {
            this.server = server;
        }

        @Override
        public boolean isConnected() {
            return true;
        }

        @Override
        public <T> CompletionStage<T> send(Request<T> request) {
            throw new UnsupportedOperationException("a routing token sends nothing");
        }

        @Override
        public void shutdown() {
        }

        @Override
        public int numTotalConnections() {
            return 0;
        }

        @Override
        public int numActiveConnections() {
            return 0;
        }

        @Override
        public void registerForConnectionChanges(ConnectionChangeListener listener) {
        }

        @Override
        public void unregisterForConnectionChanges(ConnectionChangeListener listener) {
        }

        @Override
        public Throwable getConnectionFailure() {
            return null;
        }
    }
}
