package dev.elementkit.redis;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.elementkit.platform.config.CrossFieldValidation;
import dev.elementkit.platform.config.DefaultValue;
import dev.elementkit.platform.config.FieldError;
import dev.elementkit.platform.config.Help;
import dev.elementkit.platform.config.Label;
import dev.elementkit.platform.config.Secret;
import dev.elementkit.platform.config.ShownWhen;
import dev.elementkit.platform.element.ElementContext;
import dev.elementkit.redis.engine.RedisSettings;
import dev.elementkit.redis.nearcache.NearCacheSettings;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The configuration of a {@code caches.RedisType} element ({@code <Name>.json}), with the reference platform's
 * field names and defaults ({@code host}, {@code port}, {@code password}, {@code db} = 1, {@code username},
 * {@code socket_timeout} and {@code socket_connect_timeout} = 0.5 s) and what a production deployment adds: TLS,
 * sentinel and cluster.
 */
public record RedisConfig(
        @Label("Host") @Help("The Redis server's host name or IP address (standalone mode).")
        @DefaultValue("\"127.0.0.1\"") @ShownWhen(field = "mode", is = "standalone")
        String host,

        @Label("Port") @Help("The Redis server's TCP port.") @DefaultValue("6379")
        @ShownWhen(field = "mode", is = "standalone")
        @NotNull @Min(1) @Max(65535)
        Integer port,

        @Label("Password") @Help("Use a {{VARIABLE}} so that the password stays out of the app's files. Leave empty "
                + "when the server has none.")
        Secret password,

        @Label("Database") @Help("The logical database (default 1, as the reference platform). Standalone and "
                + "sentinel modes only: a cluster has only database 0, which it always uses.")
        @DefaultValue("1") @Min(0) @Max(1_000_000) @ShownWhen(field = "mode", is = {"standalone", "sentinel"})
        Integer db,

        @Label("Username") @Help("An ACL user (Redis 6+). Leave empty to authenticate as the default user.")
        String username,

        @JsonProperty("socket_timeout") @Label("Command timeout (s)")
        @Help("Seconds a command, and the handshake of a new connection, may take; when Redis does not answer in "
                + "time the call fails with 'cache unavailable'. Connecting takes at most connect timeout + this "
                + "(twice that in sentinel and cluster mode).")
        @DefaultValue("0.5") @NotNull @DecimalMin("0.001") @DecimalMax("3600")
        Double socketTimeout,

        @JsonProperty("socket_connect_timeout") @Label("Connect timeout (s)")
        @Help("Seconds opening a connection (and the TLS handshake) may take.")
        @DefaultValue("0.5") @NotNull @DecimalMin("0.001") @DecimalMax("3600")
        Double socketConnectTimeout,

        @Label("TLS") @Help("Connect with TLS (rediss://).") @DefaultValue("false") @NotNull
        Boolean ssl,

        @JsonProperty("ssl_verify_peer") @Label("Verify the server's certificate")
        @Help("Check the certificate chain and the host name. Turn off only for a test server.")
        @DefaultValue("true") @NotNull @ShownWhen(field = "ssl", is = "true")
        Boolean sslVerifyPeer,

        @JsonProperty("ssl_trust_store") @Label("Trust store")
        @Help("A PEM file of trusted CA certificates (.pem, .crt, .cer) or a PKCS#12/JKS trust store, relative to "
                + "the app folder or absolute. Empty: the JDK's trusted authorities.")
        @ShownWhen(field = "ssl", is = "true")
        String sslTrustStore,

        @JsonProperty("ssl_trust_store_password") @Label("Trust store password")
        @Help("Only for a PKCS#12/JKS trust store.") @ShownWhen(field = "ssl", is = "true")
        Secret sslTrustStorePassword,

        @Label("Mode") @Help("standalone: one server (host, port); sentinel: a master found through Sentinel "
                + "(nodes, master_name); cluster: a Redis Cluster (nodes).")
        @DefaultValue("\"standalone\"") @NotNull
        RedisMode mode,

        @Label("Nodes") @Help("host:port of the sentinels (sentinel mode) or of some cluster nodes (cluster mode).")
        @ShownWhen(field = "mode", is = {"sentinel", "cluster"})
        List<String> nodes,

        @JsonProperty("master_name") @Label("Master name") @Help("The master's name as the sentinels know it.")
        @ShownWhen(field = "mode", is = "sentinel")
        String masterName,

        @JsonProperty("sentinel_password") @Label("Sentinel password")
        @Help("The sentinels' own password (requirepass in sentinel.conf), if they have one.")
        @ShownWhen(field = "mode", is = "sentinel")
        Secret sentinelPassword,

        @JsonProperty("near_cache") @Label("Near cache")
        @Help("Keep the keys this element reads in local memory, kept coherent by Redis (client tracking, Redis 6+): "
                + "a repeated read costs no network round trip, at the price of memory in this process and of a "
                + "write by another client being seen a few milliseconds later. Standalone and sentinel mode only.")
        @DefaultValue("false") @NotNull
        Boolean nearCache,

        @JsonProperty("near_cache_max_entries") @Label("Near cache entries")
        @Help("The most keys the near cache holds; the least useful go first.")
        @DefaultValue("10000") @NotNull @Min(1) @Max(10_000_000) @ShownWhen(field = "near_cache", is = "true")
        Integer nearCacheMaxEntries,

        @JsonProperty("near_cache_max_mb") @Label("Near cache memory (MB)")
        @Help("The most memory the near cache's keys and values may take, in megabytes.")
        @DefaultValue("64") @NotNull @Min(1) @Max(65_536) @ShownWhen(field = "near_cache", is = "true")
        Integer nearCacheMaxMb) implements CrossFieldValidation {

    /** The reference platform's database. */
    public static final int DEFAULT_DB = 1;

    @Override
    public List<FieldError> crossFieldErrors() {
        List<FieldError> errors = new ArrayList<>();
        if (mode == RedisMode.STANDALONE && (host == null || host.isBlank())) {
            errors.add(new FieldError("host", "is required in standalone mode (e.g. 127.0.0.1)"));
        }
        if (mode != RedisMode.STANDALONE) {
            if (nodes == null || nodes.isEmpty()) {
                errors.add(new FieldError("nodes", "is required in " + mode.engineMode().label()
                        + " mode: list host:port of " + (mode == RedisMode.SENTINEL ? "the sentinels" : "cluster nodes")));
            } else {
                for (int i = 0; i < nodes.size(); i++) {
                    try {
                        RedisSettings.Node.parse(nodes.get(i));
                    } catch (IllegalArgumentException e) {
                        errors.add(new FieldError("nodes", "entry " + (i + 1) + " " + e.getMessage()));
                    }
                }
            }
        }
        if (mode == RedisMode.SENTINEL && (masterName == null || masterName.isBlank())) {
            errors.add(new FieldError("master_name", "is required in sentinel mode: the name the sentinels "
                    + "monitor the master under"));
        }
        if (mode == RedisMode.CLUSTER && db != null && db != 0) {
            errors.add(new FieldError("db", "a Redis Cluster has only database 0: leave db out in cluster mode"));
        }
        if (sslTrustStore != null && !sslTrustStore.isBlank() && !Boolean.TRUE.equals(ssl)) {
            errors.add(new FieldError("ssl_trust_store", "is only used with ssl: true"));
        }
        if (Boolean.TRUE.equals(nearCache) && mode == RedisMode.CLUSTER) {
            errors.add(new FieldError("near_cache", "is not available in cluster mode (each master would have to "
                    + "track the keys read from it on a connection of its own): set near_cache to false, or use "
                    + "standalone or sentinel mode"));
        }
        return errors;
    }

    /** The near cache's bounds when it is on; null when it is off. */
    public NearCacheSettings nearCacheSettings() {
        if (!Boolean.TRUE.equals(nearCache)) {
            return null;
        }
        return new NearCacheSettings(
                nearCacheMaxEntries == null ? NearCacheSettings.DEFAULT_MAX_ENTRIES : nearCacheMaxEntries,
                nearCacheMaxMb == null ? NearCacheSettings.DEFAULT_MAX_BYTES : nearCacheMaxMb * 1024L * 1024L);
    }

    /** The database in use: as configured, else 1 ({@link #DEFAULT_DB}), and always 0 in cluster mode. */
    public int effectiveDb() {
        if (mode == RedisMode.CLUSTER) {
            return 0;
        }
        return db == null ? DEFAULT_DB : db;
    }

    /** The engine's settings, with relative paths resolved against the app folder. */
    public RedisSettings toSettings(ElementContext context) {
        List<RedisSettings.Node> endpoints = mode == RedisMode.STANDALONE
                ? List.of(new RedisSettings.Node(host.trim(), port))
                : nodes.stream().map(RedisSettings.Node::parse).toList();
        RedisSettings.Tls tls = new RedisSettings.Tls(ssl, sslVerifyPeer,
                sslTrustStore == null || sslTrustStore.isBlank() ? null : context.resolve(sslTrustStore),
                sslTrustStorePassword);
        return new RedisSettings(mode.engineMode(), endpoints, username, password, effectiveDb(), tls,
                seconds(socketTimeout), seconds(socketConnectTimeout), masterName, sentinelPassword);
    }

    private static Duration seconds(double seconds) {
        return Duration.ofNanos(Math.round(seconds * 1_000_000_000d));
    }
}
