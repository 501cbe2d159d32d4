package dev.elementkit.memcached;

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
    void bundlesFolsomAndNetty() throws IOException {
        jar.bundles("com/spotify/folsom/MemcacheClientBuilder.class",
                "io/netty/channel/nio/NioEventLoopGroup.class");
    }

    @Test
    void bundlesNothingTheHostProvides() throws IOException {
        jar.bundlesNothingTheHostProvides();
    }
}
