package dev.elementkit.devportal.runtime;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.elementkit.cache.CacheType;
import dev.elementkit.platform.element.FullName;
import dev.elementkit.platform.element.TypeDescriptor;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code caches.BuiltinsType}, the app's default cache, which the host resolves itself rather than a plugin: it
 * stands for another cache Type with a configuration the host derives.
 *
 * <ul>
 *   <li><b>Desktop (the default):</b> {@code caches.SqliteType} with
 *       {@code {"directory": "appData/caches/<Name>Cache/sqlite.db"}}, so {@code caches.Default} lives in
 *       {@code appData/caches/DefaultCache/sqlite.db}, as on the reference platform.</li>
 *   <li><b>Server:</b> {@code caches.RedisType} when the variable {@code REDIS_URL} is set (process environment or
 *       the app's {@code .env}), or when {@code app.json} has {@code "settings": {"server": true,
 *       "redis": {"url": "redis://..."}}} (the URL may hold {@code {{VAR}}} placeholders). The URL
 *       {@code redis[s]://[[user]:password@]host[:port][/db]} gives the fields {@code host}, {@code port}
 *       (default 6379), {@code db}, {@code username}, {@code password} and, for {@code rediss}, {@code ssl: true}:
 *       the field names of the Redis plugin's configuration. Query parameters set further fields by their JSON
 *       names, e.g. {@code ?socket_timeout=2&socket_connect_timeout=2}.</li>
 * </ul>
 * {@code CACHE_DRIVER=redis|sqlite} (DreamFactory's variable) chooses explicitly: with {@code redis}, Redis from
 * {@code REDIS_URL}, else from {@code REDIS_HOST}, {@code REDIS_PORT}, {@code REDIS_PASSWORD} and
 * {@code REDIS_DATABASE}; with {@code sqlite}, the desktop file even when {@code REDIS_URL} is set.
 * An element of this type has no configuration file; one that exists is ignored.
 */
final class BuiltinCache {

    static final String TYPE = "caches.BuiltinsType";
    static final String SQLITE_TYPE = "caches.SqliteType";
    static final String REDIS_TYPE = "caches.RedisType";
    static final String REDIS_URL = "REDIS_URL";
    /** DreamFactory's switch: {@code redis} or {@code sqlite}; wins over {@code REDIS_URL} alone. */
    static final String CACHE_DRIVER = "CACHE_DRIVER";

    /** Where it comes from, in the words the portal's panel, {@code devportal types} and the README use. */
    static final String DESCRIPTION = "The app's default cache, one per app, run by the host itself (no plugin of "
            + "its own): on the SQLite plugin in appData/caches/<Name>Cache/sqlite.db on a desktop, on the Redis "
            + "plugin when REDIS_URL or CACHE_DRIVER=redis is set (environment or .env). Scripts reach it as "
            + "caches.Default, or by the reference platform's name caches.DefaultCache.";

    /** A house on a cylinder: the app's own, built-in store. */
    private static final String ICON = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 24 24\" width=\"24\" "
            + "height=\"24\" fill=\"none\" stroke=\"#5B6472\" stroke-width=\"1.6\" stroke-linejoin=\"round\">"
            + "<ellipse cx=\"12\" cy=\"17\" rx=\"8\" ry=\"2.6\"/>"
            + "<path d=\"M4 17v2.4c0 1.4 3.6 2.6 8 2.6s8-1.2 8-2.6V17\"/>"
            + "<path d=\"M6 10.5 12 5l6 5.5V15H6z\" stroke=\"#2F6FDB\"/>"
            + "<path d=\"M10.5 15v-3h3v3\" stroke=\"#2F6FDB\"/></svg>";

    /**
     * What a built-in cache runs on here.
     *
     * @param type   the backing Type's fullName
     * @param config its configuration (the Redis password, if any, only in memory)
     * @param why    how the choice was made, for messages: never holds a value
     */
    record Backing(String type, Map<String, Object> config, String why) {
    }

    private BuiltinCache() {
    }

    /**
     * The backing of element {@code name}.
     *
     * @throws IllegalArgumentException naming the setting when the Redis URL is malformed
     * @throws Placeholders.MissingVariableException when {@code settings.redis.url} names an unset variable
     */
    static Backing backing(FullName name, AppSettings settings, Variables variables)
            throws Placeholders.MissingVariableException {
        Optional<String> driver = variables.get(CACHE_DRIVER).map(String::trim).filter(d -> !d.isEmpty());
        if (driver.isPresent()) {
            return switch (driver.get().toLowerCase(java.util.Locale.ROOT)) {
                case "sqlite" -> sqlite(name, CACHE_DRIVER + "=sqlite");
                case "redis" -> new Backing(REDIS_TYPE, redisFromVariables(variables), CACHE_DRIVER + "=redis");
                default -> throw new IllegalArgumentException("the variable " + CACHE_DRIVER
                        + " must be redis or sqlite, not '" + driver.get() + "'");
            };
        }
        Optional<String> fromVariable = variables.get(REDIS_URL);
        if (fromVariable.isPresent() && !fromVariable.get().isBlank()) {
            return new Backing(REDIS_TYPE, redisConfig(fromVariable.get(), "the variable " + REDIS_URL),
                    REDIS_URL + " is set");
        }
        if (settings.server() && settings.redisUrl().isPresent()) {
            String url = substitute(settings.redisUrl().get(), variables);
            return new Backing(REDIS_TYPE, redisConfig(url, settings.file().getFileName() + " settings.redis.url"),
                    "app.json has settings.server=true and settings.redis.url");
        }
        return sqlite(name, "no " + REDIS_URL + " is set");
    }

    private static Backing sqlite(FullName name, String why) {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("directory", "appData/caches/" + name.simpleName() + "Cache/sqlite.db");
        return new Backing(SQLITE_TYPE, config, why);
    }

    /**
     * DreamFactory's system-wide variables: {@code REDIS_URL} when set, else {@code REDIS_HOST} (default
     * 127.0.0.1), {@code REDIS_PORT} (6379), {@code REDIS_PASSWORD} and {@code REDIS_DATABASE}.
     */
    private static Map<String, Object> redisFromVariables(Variables variables) {
        Optional<String> url = variables.get(REDIS_URL).filter(u -> !u.isBlank());
        if (url.isPresent()) {
            return redisConfig(url.get(), "the variable " + REDIS_URL);
        }
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("host", variables.get("REDIS_HOST").map(String::trim).filter(h -> !h.isEmpty()).orElse("127.0.0.1"));
        config.put("port", number(variables, "REDIS_PORT").orElse(6379));
        variables.get("REDIS_PASSWORD").filter(p -> !p.isEmpty()).ifPresent(p -> config.put("password", p));
        number(variables, "REDIS_DATABASE").ifPresent(db -> config.put("db", db));
        return config;
    }

    private static Optional<Integer> number(Variables variables, String name) {
        Optional<String> text = variables.get(name).map(String::trim).filter(t -> !t.isEmpty());
        try {
            return text.map(Integer::valueOf);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("the variable " + name + " must be a whole number, not '"
                    + text.get() + "'");
        }
    }

    /** The TypeInfo the host lists for {@code caches.BuiltinsType}, credited to the plugin of its backing. */
    static TypeInfo info(String backingPluginId, ObjectMapper mapper) {
        TypeDescriptor descriptor = CacheType.describe(TYPE, "Built-in Cache", ICON, DESCRIPTION);
        var schema = mapper.createObjectNode();
        schema.put("$schema", "https://json-schema.org/draft/2020-12/schema");
        schema.put("type", "object");
        schema.putObject("properties");
        schema.put("additionalProperties", false);
        return new TypeInfo(descriptor, backingPluginId, schema, Set.of());
    }

    private static String substitute(String text, Variables variables) throws Placeholders.MissingVariableException {
        return Placeholders.substituteText(text, variables::get);
    }

    static Map<String, Object> redisConfig(String url, String source) {
        URI uri;
        try {
            uri = new URI(url.trim());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(source + " is not a valid URL: expected"
                    + " redis://[[user]:password@]host[:port][/db]");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (!scheme.equals("redis") && !scheme.equals("rediss") || uri.getHost() == null) {
            throw new IllegalArgumentException(source + " must look like redis://[[user]:password@]host[:port][/db]"
                    + " (or rediss:// for TLS)");
        }
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("host", uri.getHost());
        config.put("port", uri.getPort() > 0 ? uri.getPort() : 6379);
        String path = uri.getPath() == null ? "" : uri.getPath().replaceFirst("^/", "");
        if (!path.isEmpty()) {
            try {
                config.put("db", Integer.parseInt(path));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(source + ": the path after the host must be a database number");
            }
        }
        String userInfo = uri.getUserInfo();
        if (userInfo != null && !userInfo.isEmpty()) {
            int colon = userInfo.indexOf(':');
            String user = colon < 0 ? "" : userInfo.substring(0, colon);
            String password = colon < 0 ? userInfo : userInfo.substring(colon + 1);
            if (!user.isEmpty()) {
                config.put("username", user);
            }
            if (!password.isEmpty()) {
                config.put("password", password);
            }
        }
        if (scheme.equals("rediss")) {
            config.put("ssl", true);
        }
        String query = uri.getRawQuery();
        if (query != null && !query.isEmpty()) {
            for (String parameter : query.split("&")) {
                int equals = parameter.indexOf('=');
                String name = java.net.URLDecoder.decode(equals < 0 ? parameter : parameter.substring(0, equals),
                        java.nio.charset.StandardCharsets.UTF_8);
                String value = equals < 0 ? "true" : java.net.URLDecoder.decode(parameter.substring(equals + 1),
                        java.nio.charset.StandardCharsets.UTF_8);
                if (!name.isEmpty()) {
                    config.put(name, scalar(value));
                }
            }
        }
        return config;
    }

    /** A query value as the JSON scalar it reads as, so that {@code 2} binds to a number field. */
    private static Object scalar(String value) {
        if (value.equals("true") || value.equals("false")) {
            return Boolean.parseBoolean(value);
        }
        try {
            return value.matches("-?\\d{1,18}") ? (Object) Long.parseLong(value) : new java.math.BigDecimal(value);
        } catch (NumberFormatException e) {
            return value;
        }
    }
}
