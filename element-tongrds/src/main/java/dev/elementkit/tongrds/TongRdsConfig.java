package dev.elementkit.tongrds;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.elementkit.platform.config.CrossFieldValidation;
import dev.elementkit.platform.config.DefaultValue;
import dev.elementkit.platform.config.FieldError;
import dev.elementkit.platform.config.Help;
import dev.elementkit.platform.config.Label;
import dev.elementkit.platform.config.Secret;
import dev.elementkit.platform.config.ShownWhen;
import dev.elementkit.platform.element.ElementContext;
import dev.elementkit.redis.RedisConfig;
import dev.elementkit.redis.RedisMode;
import dev.elementkit.redis.engine.RedisSettings;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.util.ArrayList;
import java.util.List;

/**
 * The configuration of a {@code caches.TongRDSType} element ({@code <Name>.json}): the reference platform's fields
 * ({@code host}, {@code port}, optional {@code password}, {@code db} = 1, {@code socket_timeout} and
 * {@code socket_connect_timeout} = 0.5 s; no {@code username}, as TongRDS authenticates with a password only) and
 * TongRDS' deployment modes: {@code sentinel} (the master name is the TongRDS service name, {@code WebSession} by
 * default) and {@code cluster}.
 *
 * <p>A TongRDS element is a Redis element without user name and TLS: the rules that span fields and the mapping to
 * the engine's settings are the Redis plugin's ({@link #asRedisConfig()}), not written again here.
 */
public record TongRdsConfig(
        @Label("Host") @Help("The TongRDS service node's host name or IP address (standalone mode).")
        String host,

        @Label("Port") @Help("The service node's Redis emulation port (6379 in TongRDS' default setup; its own "
                + "text protocol on 6200 is not spoken here).")
        @DefaultValue("6379") @NotNull @Min(1) @Max(65535)
        Integer port,

        @Label("Password") @Help("The service's password, if it has one. Use a {{VARIABLE}} so that it stays out "
                + "of the app's files; never keep the vendor manual's sample passwords.")
        Secret password,

        @Label("Database") @Help("The Redis database number, which TongRDS maps to one of its tables (default 1, "
                + "as the reference platform). The table must be configured on the TongRDS side; cluster mode "
                + "has only 0, which it always uses.")
        @DefaultValue("1") @Min(0) @Max(1_000_000) @ShownWhen(field = "mode", is = {"standalone", "sentinel"})
        Integer db,

        @JsonProperty("socket_timeout") @Label("Command timeout (s)")
        @Help("Seconds a command, and the handshake of a new connection, may take; when TongRDS does not answer "
                + "in time the call fails with 'cache unavailable'. Connecting takes at most connect timeout + this "
                + "(twice that in sentinel and cluster mode).")
        @DefaultValue("0.5") @NotNull @DecimalMin("0.001") @DecimalMax("3600")
        Double socketTimeout,

        @JsonProperty("socket_connect_timeout") @Label("Connect timeout (s)")
        @Help("Seconds opening a connection may take.")
        @DefaultValue("0.5") @NotNull @DecimalMin("0.001") @DecimalMax("3600")
        Double socketConnectTimeout,

        @Label("Mode") @Help("standalone: one service node (host, port); sentinel: the master found through "
                + "TongRDS' sentinels (nodes, master_name); cluster: a TongRDS cluster (nodes).")
        @DefaultValue("\"standalone\"") @NotNull
        RedisMode mode,

        @Label("Nodes") @Help("host:port of the sentinels (sentinel mode, usually port 26379) or of some cluster "
                + "nodes (cluster mode).")
        List<String> nodes,

        @JsonProperty("master_name") @Label("Master name")
        @Help("Sentinel mode: the TongRDS service name the sentinels watch.")
        @DefaultValue("\"WebSession\"")
        String masterName,

        @JsonProperty("sentinel_password") @Label("Sentinel password")
        @Help("The sentinels' own password, if they have one.")
        Secret sentinelPassword,

        // Only here to be refused by name: the form shows it only when a configuration file turned it on.
        @JsonProperty("near_cache") @Label("Near cache")
        @Help("Not available on TongRDS: a near cache stays coherent only when the server tracks the keys a client "
                + "reads (Redis 6's CLIENT TRACKING), which TongRDS' Redis emulation does not offer.")
        @ShownWhen(field = "near_cache", is = "true")
        Boolean nearCache) implements CrossFieldValidation {

    /** TongRDS' default service name, which its sentinels use as the master's name. */
    public static final String DEFAULT_MASTER_NAME = "WebSession";

    @Override
    public List<FieldError> crossFieldErrors() {
        List<FieldError> errors = new ArrayList<>(asRedisConfig().crossFieldErrors());
        if (Boolean.TRUE.equals(nearCache)) {
            errors.add(new FieldError("near_cache", "is not available on TongRDS: its Redis emulation does not "
                    + "track the keys a client reads (no CLIENT TRACKING), so a near cache could serve stale values; "
                    + "remove near_cache or set it to false"));
        }
        return errors;
    }

    /** The engine's settings: a Redis deployment reached without user name and without TLS. */
    public RedisSettings toSettings(ElementContext context) {
        return asRedisConfig().toSettings(context);
    }

    /** The same element as the Redis plugin sees it: no user name (password only), no TLS. */
    RedisConfig asRedisConfig() {
        return new RedisConfig(host, port, password, db, null, socketTimeout, socketConnectTimeout,
                Boolean.FALSE, Boolean.TRUE, null, null, mode, nodes, masterName, sentinelPassword, Boolean.FALSE,
                null, null);
    }
}
