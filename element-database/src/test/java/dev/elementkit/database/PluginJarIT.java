package dev.elementkit.database;

import dev.elementkit.cache.tck.PluginJarChecks;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** The built plugin JAR is what PF4J needs and nothing the host already has. */
class PluginJarIT {

    private final PluginJarChecks jar = new PluginJarChecks(PluginUnderTest.ID, PluginUnderTest.TYPE,
            PluginUnderTest.TYPE_CLASS, PluginUnderTest.PLUGIN_CLASS);

    @Test
    void hasTheExtensionIndex_listingTheType() throws IOException {
        jar.hasTheExtensionIndexListingTheType();
    }

    @Test
    void hasThePluginManifestEntries_andADevelopmentModeDescriptor() throws IOException {
        jar.hasThePluginManifestEntriesAndADevelopmentModeDescriptor();
    }

    @Test
    void theItClassPath_doesNotHoldThePluginClasses_soOnlyTheJarCanProvideThem() {
        jar.onlyTheJarProvidesThePluginClasses();
    }

    @Test
    void bundlesThePoolAndBothDrivers() throws IOException {
        jar.bundles("com/zaxxer/hikari/HikariDataSource.class", "org/postgresql/ds/PGSimpleDataSource.class",
                "org/mariadb/jdbc/MariaDbDataSource.class");
    }

    @Test
    void bundlesNothingTheHostProvides() throws IOException {
        jar.bundlesNothingTheHostProvides();
    }
}
