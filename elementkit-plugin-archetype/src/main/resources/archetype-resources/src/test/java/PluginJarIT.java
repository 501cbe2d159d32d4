package ${package};

import dev.elementkit.cache.tck.PluginJarCheck;

/** The built JAR has PF4J's manifest and extension index, and bundles nothing the host provides. */
class PluginJarIT extends PluginJarCheck {

    @Override
    protected String pluginId() {
        return "${artifactId}";
    }
}
