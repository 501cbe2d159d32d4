package dev.elementkit.devportal.runtime;

import java.nio.file.Path;
import java.util.List;

/**
 * A plugin found in the plugins folder.
 *
 * @param id      the {@code Plugin-Id}, or the JAR's file name when its descriptor cannot be read
 * @param version the {@code Plugin-Version}, empty when unknown
 * @param state   PF4J's state name: {@code STARTED}, {@code STOPPED}, {@code DISABLED}, {@code FAILED}, …
 * @param error   why it is not started, naming the JAR; null when it is started
 * @param path    its JAR (or folder)
 * @param types   fullNames of the element Types it gives
 */
public record PluginInfo(String id, String version, String state, String error, Path path, List<String> types) {

    public PluginInfo {
        version = version == null ? "" : version;
        types = List.copyOf(types);
    }
}
