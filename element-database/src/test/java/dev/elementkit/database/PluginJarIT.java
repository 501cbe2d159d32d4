package dev.elementkit.database;

import dev.elementkit.cache.tck.PluginJarCheck;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** The built plugin JAR is what PF4J needs and nothing the host already has (the checks of {@link PluginJarCheck}). */
class PluginJarIT extends PluginJarCheck {

    @Override
    protected String pluginId() {
        return PluginUnderTest.ID;
    }

    @Test
    void hasADevelopmentModeDescriptor() throws IOException {
        assertDevelopmentDescriptorMatchesTheManifest();
    }

    @Test
    void theItClassPath_doesNotHoldThePluginClasses_soOnlyTheJarCanProvideThem() {
        assertOnlyTheJarProvides(PluginUnderTest.TYPE, PluginUnderTest.TYPE_CLASS);
    }

    @Test
    void bundlesThePoolAndBothDrivers() throws IOException {
        assertBundles("com/zaxxer/hikari/HikariDataSource.class", "org/postgresql/ds/PGSimpleDataSource.class",
                "org/mariadb/jdbc/MariaDbDataSource.class");
    }
}
