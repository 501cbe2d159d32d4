package ${package};

import org.pf4j.Plugin;

/** The plugin's lifecycle: on stop (unload, replacement) the stores are released with the plugin's class loader. */
public final class ${typeName}Plugin extends Plugin {

    @Override
    public void stop() {
        ${typeName}CacheType.releaseStores();
    }
}
