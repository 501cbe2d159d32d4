package dev.elementkit.platform;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The version of the platform API a host runs. The host gives it to PF4J as the system version, so a plugin's
 * {@code Plugin-Requires} expression is checked against the API it was compiled for.
 *
 * <p>Host machinery, so it ships in config-binding since 1.1.0 (no plugin uses it; platform-api keeps interfaces,
 * records and annotations only). It reads {@code platform.properties}, which stays in platform-api's JAR: the
 * version is that artifact's.
 *
 * @since 1.0.0
 */
public final class PlatformVersion {

    private static final String CURRENT = read();

    private PlatformVersion() {
    }

    /** The platform API version, e.g. {@code 1.0.0}. */
    public static String current() {
        return CURRENT;
    }

    private static String read() {
        try (InputStream in = PlatformVersion.class.getResourceAsStream("platform.properties")) {
            if (in == null) {
                throw new IllegalStateException("platform.properties is missing from platform-api: rebuild it with Maven");
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
