package dev.elementkit.devportal.web;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.elementkit.devportal.runtime.TypeInfo;
import dev.elementkit.platform.element.TypeDescriptor;
import java.util.List;

/**
 * An element Type as {@code GET /api/element-types} shows it.
 *
 * @param icon an SVG document from the plugin; the page shows it as an image, never as markup
 */
record TypeView(String type, String title, String meta, String family, String category, String plugin, String icon,
                String description, ObjectNode schema, List<String> secretFields) {

    static TypeView of(TypeInfo info) {
        TypeDescriptor d = info.descriptor();
        return new TypeView(d.fullName(), d.title(), d.meta(), Families.ofMeta(d.meta()), d.category(), info.pluginId(),
                d.icon(), d.description(), info.schema(), info.secretFields().stream().sorted().toList());
    }
}
