package dev.elementkit.devportal.runtime;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiPredicate;
import org.pf4j.PluginDependency;
import org.pf4j.PluginDescriptor;

/**
 * Decides, before PF4J sees them, which new plugins can be resolved: a plugin that depends on itself, takes part in
 * a dependency cycle, or needs a plugin that is missing or of the wrong version is refused here. PF4J 3.15 cannot be
 * handed such a set: {@code resolvePlugins} throws on a cycle, and {@code unloadPlugin(id)} then walks
 * {@code getDependents} of a dependency graph it does not update while it unloads, which never ends for a cycle or a
 * self-dependency ({@code AbstractPluginManager.unloadPlugin(String, boolean, boolean)}). Only the candidates that
 * pass are loaded, so PF4J's resolution always succeeds.
 */
final class PluginDependencies {

    /** Why a candidate is refused; {@code waitsForDependency} when a plugin arriving later may fix it. */
    record Refusal(String reason, boolean waitsForDependency) {
    }

    private PluginDependencies() {
    }

    /**
     * @param candidates     descriptors of the plugins about to be loaded, by id
     * @param started        versions of the plugins that stay loaded, by id
     * @param versionAdmits  (version, constraint) → true when the version satisfies it; throws when it does not parse
     * @return the refused candidates by id, with the reason (naming the ids involved)
     */
    static Map<String, Refusal> check(Map<String, PluginDescriptor> candidates, Map<String, String> started,
                                      BiPredicate<String, String> versionAdmits) {
        Map<String, Refusal> refused = new LinkedHashMap<>();
        boolean changed = true;
        while (changed) {
            changed = false;
            for (PluginDescriptor candidate : candidates.values()) {
                String id = candidate.getPluginId();
                if (refused.containsKey(id)) {
                    continue;
                }
                Refusal refusal = missingOrWrong(candidate, candidates, started, refused, versionAdmits);
                if (refusal != null) {
                    refused.put(id, refusal);
                    changed = true;
                }
            }
            for (List<String> cycle : cycles(candidates, refused)) {
                String path = String.join(" → ", cycle) + " → " + cycle.get(0);
                for (String id : cycle) {
                    refused.put(id, new Refusal(cycle.size() == 1
                            ? "plugin '" + id + "' depends on itself (Plugin-Dependencies names its own id): remove"
                            + " it from Plugin-Dependencies"
                            : "plugins depend on each other in a cycle (" + path + "): PF4J cannot start any of them;"
                            + " remove one of the dependencies", false));
                    changed = true;
                }
            }
        }
        return refused;
    }

    private static Refusal missingOrWrong(PluginDescriptor candidate, Map<String, PluginDescriptor> candidates,
                                          Map<String, String> started, Map<String, Refusal> refused,
                                          BiPredicate<String, String> versionAdmits) {
        String id = candidate.getPluginId();
        for (PluginDependency dependency : candidate.getDependencies()) {
            String needed = dependency.getPluginId();
            if (needed.equals(id)) {
                continue; // a cycle of one: reported as such
            }
            String version = started.get(needed);
            if (version == null && candidates.containsKey(needed) && !refused.containsKey(needed)) {
                version = candidates.get(needed).getVersion();
            }
            if (version == null) {
                if (dependency.isOptional()) {
                    continue;
                }
                return new Refusal("plugin '" + id + "' needs plugin '" + needed + "' (" + versions(dependency)
                        + ")" + (refused.containsKey(needed) ? ", which did not start: " + refused.get(needed).reason()
                        : ", which is not installed: put its JAR into the plugins folder"), true);
            }
            String range = dependency.getPluginVersionSupport();
            boolean admits;
            try {
                admits = versionAdmits.test(version, range);
            } catch (RuntimeException e) {
                return new Refusal("plugin '" + id + "' names plugin '" + needed + "' with the version range '"
                        + range + "', which does not parse (write e.g. " + needed + "@>=1.0.0)", false);
            }
            if (!admits) {
                return new Refusal("plugin '" + id + "' needs plugin '" + needed + "' (" + versions(dependency)
                        + "), but version " + version + " is installed: install a matching version", true);
            }
        }
        return null;
    }

    /** A dependency's version range in words: PF4J gives {@code *} when the descriptor names none. */
    static String versions(PluginDependency dependency) {
        String range = dependency.getPluginVersionSupport();
        return range == null || range.isBlank() || "*".equals(range.trim()) ? "any version" : "version " + range;
    }

    /** The dependency cycles among candidates not refused yet (self-dependencies are cycles of one). */
    private static List<List<String>> cycles(Map<String, PluginDescriptor> candidates, Map<String, Refusal> refused) {
        Map<String, Integer> state = new HashMap<>(); // absent: unseen, 1: on the path, 2: done
        List<List<String>> found = new ArrayList<>();
        for (String id : candidates.keySet()) {
            if (!refused.containsKey(id)) {
                visit(id, candidates, refused, state, new ArrayList<>(), found);
            }
        }
        return found;
    }

    private static void visit(String id, Map<String, PluginDescriptor> candidates, Map<String, Refusal> refused,
                              Map<String, Integer> state, List<String> path, List<List<String>> found) {
        Integer seen = state.get(id);
        if (seen != null) {
            if (seen == 1) {
                found.add(new ArrayList<>(path.subList(path.indexOf(id), path.size())));
            }
            return;
        }
        state.put(id, 1);
        path.add(id);
        for (PluginDependency dependency : candidates.get(id).getDependencies()) {
            String next = dependency.getPluginId();
            if (candidates.containsKey(next) && !refused.containsKey(next)) {
                visit(next, candidates, refused, state, path, found);
            }
        }
        path.remove(path.size() - 1);
        state.put(id, 2);
    }
}
