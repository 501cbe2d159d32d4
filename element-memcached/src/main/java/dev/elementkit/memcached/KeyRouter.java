package dev.elementkit.memcached;

import com.spotify.folsom.RawMemcacheClient;
import com.spotify.folsom.ketama.AddressAndClient;
import com.spotify.folsom.ketama.Continuum;
import com.spotify.folsom.ketama.NodeLocator;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Which server holds a key. The client library hashes keys onto its Ketama continuum; the meta commands it does
 * not offer must go to the same server, so the library's continuum is built here (Folsom's node-locator hook) and
 * asked for the server of a key, exactly as the library asks it.
 */
final class KeyRouter implements Function<Collection<AddressAndClient>, NodeLocator> {

    private final List<ServerAddress> servers;
    private volatile Continuum continuum;
    private volatile Map<RawMemcacheClient, ServerAddress> addresses = Map.of();

    KeyRouter(List<ServerAddress> servers) {
        this.servers = servers;
    }

    @Override
    public NodeLocator apply(Collection<AddressAndClient> nodes) {
        Map<RawMemcacheClient, ServerAddress> byClient = new IdentityHashMap<>();
        for (AddressAndClient node : nodes) {
            byClient.put(node.getClient(), new ServerAddress(node.getAddress().getHostText(),
                    node.getAddress().getPort()));
        }
        Continuum built = new Continuum(nodes);
        addresses = byClient;
        continuum = built;
        return built;
    }

    /** The server of {@code key}. */
    ServerAddress serverOf(String key) {
        Continuum current = continuum;
        if (servers.size() == 1 || current == null) {
            return servers.get(0);
        }
        ServerAddress address = addresses.get(current.findClient(key.getBytes(StandardCharsets.UTF_8)));
        return address == null ? servers.get(0) : address;
    }
}
