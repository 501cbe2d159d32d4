package dev.elementkit.cache.spi;

import java.util.Map;

/**
 * Figures a backend can give cheaply for metrics, read at each scrape: e.g. {@code sqlite.file.bytes}. Names are
 * lower-case words joined by dots; the host publishes each as the gauge {@code cache.backend.<name>} with the
 * element's tags. The names a backend gives when the element is created are the ones published.
 *
 * <p>Hook for the Redis near cache: it reports {@code nearcache.size} (entries held) and {@code nearcache.hit.ratio}
 * here, and they appear beside the others with nothing more to wire.
 */
public interface BackendGauges {

    /**
     * The current figures by name. Must be cheap and must not wait on a server (a scrape reads every element's);
     * a figure that cannot be had now is left out.
     */
    default Map<String, Double> gauges() {
        return Map.of();
    }
}
