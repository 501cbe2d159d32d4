package dev.elementkit.memcached;

import dev.elementkit.platform.config.Secret;
import java.time.Duration;
import java.util.List;

/**
 * The servers and settings every connection gets: the key under which elements configured alike share one client
 * in a process.
 *
 * @param servers        the servers, in configured order
 * @param username       for Memcached's text-protocol authentication, or null
 * @param password       its password, or null
 * @param connectTimeout how long opening a connection may take
 * @param timeout        how long one command may take
 */
record MemcachedTarget(List<ServerAddress> servers, String username, Secret password, Duration connectTimeout,
                       Duration timeout) {

    MemcachedTarget {
        servers = List.copyOf(servers);
    }

    static MemcachedTarget of(MemcachedConfig config) {
        boolean auth = config.username() != null && !config.username().isBlank();
        return new MemcachedTarget(config.servers().stream().map(ServerAddress::parse).toList(),
                auth ? config.username().trim() : null, auth ? config.password() : null,
                Duration.ofMillis(config.connectTimeoutMs()), Duration.ofMillis(config.timeoutMs()));
    }

    boolean authenticates() {
        return username != null;
    }

    /** For messages: the servers, never the credentials. */
    String where() {
        return "Memcached " + String.join(", ", servers.stream().map(ServerAddress::toString).toList());
    }
}
