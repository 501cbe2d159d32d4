package ${package};

import dev.elementkit.cache.Cache;
import dev.elementkit.cache.CacheElements;
import dev.elementkit.cache.CacheType;
import dev.elementkit.platform.connection.ConnectionTestResult;
import dev.elementkit.platform.connection.StepOutcome;
import dev.elementkit.platform.connection.TestCode;
import dev.elementkit.platform.connection.TestStep;
import dev.elementkit.platform.element.ElementContext;
import dev.elementkit.platform.element.TypeDescriptor;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.pf4j.Extension;

/**
 * {@code caches.${typeName}Type}. PF4J may create several objects of this class, so the stores live in a static map
 * that {@link ${typeName}Plugin} clears on stop. Data survives an element's {@code disconnect()} and is shared by
 * every instance the host creates for the same store.
 */
@Extension
public final class ${typeName}CacheType implements CacheType<${typeName}Config> {

    private static final Map<String, ${typeName}Backend> STORES = new ConcurrentHashMap<>();

    private static final TypeDescriptor DESCRIPTOR = CacheType.describe("caches.${typeName}Type", "${typeName} Cache",
            null, "A cache in this process's memory: fast, lost on restart, not shared between processes.");

    static void releaseStores() {
        STORES.clear();
    }

    @Override
    public TypeDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public Class<${typeName}Config> configClass() {
        return ${typeName}Config.class;
    }

    @Override
    public Cache create(ElementContext context, ${typeName}Config config) throws Exception {
        return CacheElements.newCache(context, STORES.computeIfAbsent(config.store(), name -> new ${typeName}Backend()));
    }

    @Override
    public ConnectionTestResult testConnection(ElementContext context, ${typeName}Config config, Duration timeout) {
        TestStep step = new TestStep("store", StepOutcome.SUCCESSFUL, "in-process store '" + config.store() + "'", 0);
        return new ConnectionTestResult(true, TestCode.OK, "The in-process store is ready.", 0, List.of(step),
                Map.of("store", config.store()));
    }
}
