package dev.elementkit.redis.engine;

import dev.elementkit.platform.config.Secret;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Everything needed to reach one Redis deployment, resolved and validated by the plugin that owns the element
 * Type. Equal settings share one connection ({@link RedisEngine#open}), so this record is also the sharing key;
 * its secrets compare by value but print as a mask.
 *
 * @param mode             how the deployment is organised
 * @param nodes            standalone: the server; sentinel: the sentinels; cluster: seed nodes. At least one
 * @param username         ACL user, or null for the default user ({@code AUTH <password>})
 * @param password         the data nodes' password, or null when none is set
 * @param database         the logical database; 0 in cluster mode
 * @param tls              TLS towards every node
 * @param commandTimeout   how long one command may take before it fails as "cache unavailable"
 * @param connectTimeout   how long opening a TCP connection (and the TLS handshake) may take
 * @param masterName       sentinel mode: the monitored master's name; null otherwise
 * @param sentinelPassword sentinel mode: the sentinels' own password, or null
 */
public record RedisSettings(Mode mode, List<Node> nodes, String username, Secret password, int database, Tls tls,
                            Duration commandTimeout, Duration connectTimeout, String masterName,
                            Secret sentinelPassword) {

    /** The topology. */
    public enum Mode {
        STANDALONE, SENTINEL, CLUSTER;

        /** The lower-case name used in configuration files and messages. */
        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** One {@code host:port}. */
    public record Node(String host, int port) {
        public Node {
            Objects.requireNonNull(host, "host");
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("port must be between 1 and 65535, was " + port);
            }
        }

        /**
         * Parses {@code host:port}; an IPv6 address is written in brackets, {@code [::1]:6379}.
         *
         * @throws IllegalArgumentException naming the text when it is not {@code host:port}
         */
        public static Node parse(String text) {
            String trimmed = text == null ? "" : text.trim();
            int colon = trimmed.lastIndexOf(':');
            if (colon <= 0 || colon == trimmed.length() - 1) {
                throw new IllegalArgumentException("'" + text + "' is not host:port (e.g. 10.0.0.5:6379)");
            }
            String host = trimmed.substring(0, colon);
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            int port;
            try {
                port = Integer.parseInt(trimmed.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + text + "' has no numeric port (e.g. 10.0.0.5:6379)");
            }
            if (host.isBlank() || port < 1 || port > 65535) {
                throw new IllegalArgumentException("'" + text + "' needs a host and a port between 1 and 65535");
            }
            return new Node(host, port);
        }

        @Override
        public String toString() {
            return host.contains(":") ? "[" + host + "]:" + port : host + ":" + port;
        }
    }

    /**
     * TLS settings.
     *
     * @param enabled            speak TLS to every node
     * @param verifyPeer         check the server's certificate chain and host name (on unless explicitly turned off)
     * @param trustStore         a PEM file of trusted certificates, or a PKCS#12/JKS trust store; null for the JDK's
     * @param trustStorePassword the trust store's password (PKCS#12/JKS only), or null
     */
    public record Tls(boolean enabled, boolean verifyPeer, Path trustStore, Secret trustStorePassword) {
        /** Plain TCP. */
        public static Tls off() {
            return new Tls(false, true, null, null);
        }
    }

    public RedisSettings {
        Objects.requireNonNull(mode, "mode");
        nodes = List.copyOf(nodes);
        if (nodes.isEmpty()) {
            throw new IllegalArgumentException("at least one node is required");
        }
        tls = tls == null ? Tls.off() : tls;
        Objects.requireNonNull(commandTimeout, "commandTimeout");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        if (mode == Mode.SENTINEL && (masterName == null || masterName.isBlank())) {
            throw new IllegalArgumentException("sentinel mode needs the master's name");
        }
        if (mode == Mode.CLUSTER && database != 0) {
            throw new IllegalArgumentException("a Redis Cluster has only database 0");
        }
        username = username == null || username.isBlank() ? null : username;
        password = password == null || password.isEmpty() ? null : password;
        sentinelPassword = sentinelPassword == null || sentinelPassword.isEmpty() ? null : sentinelPassword;
    }

    /** A standalone server without password or TLS, e.g. for tests and benchmarks. */
    public static RedisSettings standalone(String host, int port, int database, Duration timeout) {
        return new RedisSettings(Mode.STANDALONE, List.of(new Node(host, port)), null, null, database, Tls.off(),
                timeout, timeout, null, null);
    }

    /** Where this points, for messages: never holds a secret. */
    public String describe() {
        String where = nodes.size() == 1 ? nodes.get(0).toString() : nodes.toString();
        return switch (mode) {
            case STANDALONE -> where;
            case SENTINEL -> "master '" + masterName + "' via sentinel " + where;
            case CLUSTER -> "cluster " + where;
        };
    }
}
