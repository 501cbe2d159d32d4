package dev.elementkit.platform.element;

import java.util.Objects;

/**
 * What the host and the portal show of an element Type.
 *
 * @param fullName    the Type's fullName, e.g. {@code caches.SqliteType}
 * @param meta        the family's Meta, e.g. {@code caches.Meta}
 * @param title       shown to people, e.g. {@code SQLite Cache}
 * @param category    the portal's group under {@code + → More}, e.g. {@code Cache Storage}
 * @param icon        an inline SVG document (so that a dropped-in plugin brings its own icon), or empty
 * @param description one or two sentences on when to pick this type
 *
 * @since 1.0.0
 */
public record TypeDescriptor(String fullName, String meta, String title, String category, String icon,
                             String description) {

    public TypeDescriptor {
        FullName.parse(fullName);
        FullName.parse(meta);
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(category, "category");
        icon = icon == null ? "" : icon;
        description = description == null ? "" : description;
    }
}
