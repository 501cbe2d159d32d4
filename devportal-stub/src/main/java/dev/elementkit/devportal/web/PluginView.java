package dev.elementkit.devportal.web;

import dev.elementkit.devportal.runtime.PluginInfo;
import java.util.List;

/**
 * A plugin as {@code GET /api/plugins} shows it.
 *
 * @param file the JAR's file name (not its path: the server's folders are none of the caller's business)
 */
record PluginView(String id, String version, String state, String error, String file, List<String> types) {

    static PluginView of(PluginInfo info) {
        String file = info.path() == null || info.path().getFileName() == null ? "" : info.path().getFileName().toString();
        return new PluginView(info.id(), info.version(), info.state(), info.error(), file, info.types());
    }
}
