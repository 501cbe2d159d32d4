package dev.elementkit.devportal.runtime;

import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The element Types the started plugins give, by fullName. Readers see an immutable snapshot (a volatile read, no
 * lock on the hot path of {@code getElement}); changes replace the snapshot and are serialized.
 */
final class TypeRegistry {

    private static final Logger LOG = LoggerFactory.getLogger(TypeRegistry.class);

    private volatile Map<String, RegisteredType> types = Map.of();

    /** The Type called {@code fullName}, if a started plugin gives it. */
    Optional<RegisteredType> type(String fullName) {
        return Optional.ofNullable(types.get(fullName));
    }

    /** Every registered Type, in fullName order. */
    List<RegisteredType> types() {
        return types.values().stream().sorted(Comparator.comparing(RegisteredType::fullName)).toList();
    }

    /** FullNames of the Types plugin {@code pluginId} gives, sorted. */
    List<String> namesOf(String pluginId) {
        return types.values().stream().filter(t -> t.pluginId().equals(pluginId)).map(RegisteredType::fullName)
                .sorted().toList();
    }

    /** Adds a plugin's Types; a fullName another plugin gives already stays with that plugin. */
    synchronized void add(String pluginId, List<RegisteredType> given) {
        Map<String, RegisteredType> next = new HashMap<>(types);
        for (RegisteredType type : given) {
            RegisteredType earlier = next.putIfAbsent(type.fullName(), type);
            if (earlier != null) {
                LOG.warn("plugin {} gives type {}, which plugin {} gives already: ignoring the second one",
                        pluginId, type.fullName(), earlier.pluginId());
            }
        }
        types = Map.copyOf(next);
    }

    /** Removes every Type of {@code pluginIds}. */
    synchronized void remove(Collection<String> pluginIds) {
        Map<String, RegisteredType> next = new HashMap<>(types);
        next.values().removeIf(t -> pluginIds.contains(t.pluginId()));
        types = Map.copyOf(next);
    }

    synchronized void clear() {
        types = Map.of();
    }
}
