/**
 * {@link dev.elementkit.platform.shared.Lease}, a counted claim on a connection shared by elements of equal
 * configuration. The registry handing leases out is {@code dev.elementkit.cache.spi.SharedResources} (cache-elements);
 * the 1.0.0 name {@code dev.elementkit.platform.shared.SharedResources} is a deprecated forwarder shipped in
 * cache-elements' JAR, so that plugins built against 1.0.0 still link.
 */
package dev.elementkit.platform.shared;
