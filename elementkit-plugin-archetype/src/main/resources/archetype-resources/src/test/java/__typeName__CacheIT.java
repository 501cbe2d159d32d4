package ${package};

import dev.elementkit.cache.tck.CachePluginTck;
import java.util.Map;

/** The whole cache contract, run against the plugin JAR that {@code mvn package} built, loaded through PF4J. */
class ${typeName}CacheIT extends CachePluginTck {

    @Override
    protected String pluginId() {
        return "${artifactId}";
    }

    @Override
    protected String typeName() {
        return "caches.${typeName}Type";
    }

    @Override
    protected Map<String, ?> config() {
        return Map.of("store", "tck");
    }
}
