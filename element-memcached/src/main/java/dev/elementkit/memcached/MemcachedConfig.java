package dev.elementkit.memcached;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.elementkit.platform.config.CrossFieldValidation;
import dev.elementkit.platform.config.DefaultValue;
import dev.elementkit.platform.config.FieldError;
import dev.elementkit.platform.config.Help;
import dev.elementkit.platform.config.Label;
import dev.elementkit.platform.config.Secret;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.util.ArrayList;
import java.util.List;

/**
 * Configuration of a {@code caches.MemcachedType} element, bound from its {@code <Name>.json}.
 */
public record MemcachedConfig(
        @Label("Servers") @Help("host:port of every Memcached server. Keys are spread over them by consistent "
                + "hashing (Ketama), so adding or removing one moves only its share of the keys.")
        @DefaultValue("[\"127.0.0.1:11211\"]") @NotEmpty
        List<String> servers,

        @Label("Username") @Help("For servers started with authentication (memcached -Y authfile, Memcached's "
                + "authentication for its text protocol). Servers started with binary SASL (-S) cannot be used: "
                + "they refuse the text and meta commands that listing keys and reading TTLs need.")
        String username,

        @Label("Password") @Help("Use a {{VARIABLE}} so that the password stays out of the app's files.")
        Secret password,

        @JsonProperty("connect_timeout_ms") @Label("Connect timeout (ms)")
        @Help("How long opening a connection to a server may take.")
        @DefaultValue("1000") @NotNull @Min(10) @Max(600_000)
        Integer connectTimeoutMs,

        @JsonProperty("timeout_ms") @Label("Command timeout (ms)")
        @Help("How long a command may take; a server that does not answer in time fails the call with 'cache "
                + "unavailable', and calls for keys of a server that is down fail at once.")
        @DefaultValue("1000") @NotNull @Min(10) @Max(600_000)
        Integer timeoutMs) implements CrossFieldValidation {

    @Override
    public List<FieldError> crossFieldErrors() {
        List<FieldError> errors = new ArrayList<>();
        if (servers != null) {
            for (int i = 0; i < servers.size(); i++) {
                try {
                    ServerAddress.parse(servers.get(i));
                } catch (IllegalArgumentException e) {
                    errors.add(new FieldError("servers", "entry " + (i + 1) + " " + e.getMessage()));
                }
            }
        }
        boolean hasUser = username != null && !username.isBlank();
        boolean hasPassword = password != null && !password.isEmpty();
        if (hasUser != hasPassword) {
            errors.add(new FieldError(hasUser ? "password" : "username", "is required when "
                    + (hasUser ? "username" : "password") + " is set"));
        }
        return errors;
    }
}
