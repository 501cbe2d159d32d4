/**
 * Element Types and instances: what a plugin implements ({@link dev.elementkit.platform.element.ElementType}) and
 * what {@code app.getElement} returns ({@link dev.elementkit.platform.element.Element}).
 *
 * <p><b>What platform-api holds.</b> The contract shared by host, plugins and scripts, and nothing that runs:
 * interfaces, records and annotations. Enums and exception types stay too: they are values of the API (a status, a
 * test code, an error a caller catches), as {@code Secret} is, a value class that masks itself. Code with logic lives
 * elsewhere: helpers a cache plugin builds on ({@code SharedResources}, {@code ConnectionTest}) in cache-elements'
 * {@code dev.elementkit.cache.spi}; host machinery (binding, schemas, {@code PlatformVersion}) in config-binding.
 *
 * <p><b>Who owns an instance.</b> The host: it creates one per element on first use, gives that object to every
 * caller, and hands it back to its Type's {@code closeInstance} when it is done with it. Callers cannot close an
 * instance (an {@code Element} has no {@code close()}). Data survives an instance: closing it or
 * {@code disconnect()}ing it must not lose what it stored, and two instances for the same configuration see the
 * same data.
 */
package dev.elementkit.platform.element;
