package ${package};

import dev.elementkit.platform.config.DefaultValue;
import dev.elementkit.platform.config.Help;
import dev.elementkit.platform.config.Label;
import jakarta.validation.constraints.NotBlank;

/**
 * Configuration of a {@code caches.${typeName}Type} element, bound from its {@code <Name>.json} and validated by the
 * host before {@link ${typeName}CacheType#create} sees it.
 *
 * @param store the in-process store the element uses; elements naming the same store share their data
 */
public record ${typeName}Config(
        @NotBlank
        @DefaultValue("default")
        @Label("Store")
        @Help("Elements naming the same store share their data; each app only sees its own keys.")
        String store) {
}
