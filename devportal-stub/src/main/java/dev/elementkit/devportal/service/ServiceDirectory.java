package dev.elementkit.devportal.service;

import com.fasterxml.jackson.databind.JsonNode;
import dev.elementkit.platform.app.App;
import dev.elementkit.platform.app.ElementInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The app's cache services by name, read from the element tree.
 *
 * <p><b>Default TTL.</b> It lives in the element's {@code e.json}, as an optional {@code "service": {"defaultTtl":
 * 300}} (seconds; 0 = never expire; absent = DreamFactory's 300). {@code e.json} is the host's part of an element,
 * read for every Type alike, so every backend gets the setting without a change to its plugin or to its
 * configuration class, and the element's own configuration file stays the plugin's alone.
 *
 * <p><b>Freshness.</b> Scanning the tree costs a walk of the app folder, too much for every request: the directory
 * keeps a snapshot for {@value #REFRESH_MILLIS} ms, and re-reads sooner (at most every {@value #MISS_REFRESH_MILLIS}
 * ms) when asked for a name it does not know, so that an element created a moment ago answers at once. The clock
 * is injected so that tests need not wait.
 */
final class ServiceDirectory {

    static final long REFRESH_MILLIS = 1000;
    static final long MISS_REFRESH_MILLIS = 100;
    /** DreamFactory's default TTL of a cache service. */
    static final long DEFAULT_TTL_SECONDS = 300;
    /** Ten years: a larger TTL is almost surely a unit mistake (milliseconds). */
    static final long MAX_TTL_SECONDS = 10L * 366 * 24 * 3600;

    private static final Logger LOG = LoggerFactory.getLogger(ServiceDirectory.class);

    private record Snapshot(Map<String, CacheService> byName, long takenAt) {
    }

    private final App app;
    private final LongSupplier nanoTime;
    private volatile Snapshot snapshot;
    private List<String> loggedProblems = List.of();

    ServiceDirectory(App app, LongSupplier nanoTime) {
        this.app = app;
        this.nanoTime = nanoTime;
    }

    /** The service called {@code name}, if the app has a cache element with that service name. */
    Optional<CacheService> find(String name) {
        Snapshot current = current(REFRESH_MILLIS);
        CacheService service = current.byName().get(name);
        if (service == null) {
            service = current(MISS_REFRESH_MILLIS).byName().get(name);
        }
        return Optional.ofNullable(service);
    }

    /** Every service, by name. */
    Collection<CacheService> all() {
        return current(REFRESH_MILLIS).byName().values();
    }

    private Snapshot current(long maxAgeMillis) {
        Snapshot current = snapshot;
        if (current != null && age(current) < maxAgeMillis) {
            return current;
        }
        synchronized (this) {
            current = snapshot;
            if (current == null || age(current) >= maxAgeMillis) {
                current = scan();
                snapshot = current;
            }
            return current;
        }
    }

    private long age(Snapshot snapshot) {
        return TimeUnit.NANOSECONDS.toMillis(nanoTime.getAsLong() - snapshot.takenAt());
    }

    private Snapshot scan() {
        long now = nanoTime.getAsLong();
        Map<String, List<ElementInfo>> claims = new TreeMap<>();
        for (ElementInfo element : app.elements()) {
            if (ServiceNames.isCacheElement(element.fullName())) {
                claims.computeIfAbsent(ServiceNames.of(element.fullName()), n -> new ArrayList<>()).add(element);
            }
        }
        Map<String, CacheService> byName = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, List<ElementInfo>> claim : claims.entrySet()) {
            String name = claim.getKey();
            ElementInfo element = claim.getValue().get(0);
            String problem;
            long ttl = DEFAULT_TTL_SECONDS;
            if (claim.getValue().size() > 1) {
                problem = "the service name '" + name + "' belongs to " + claim.getValue().stream()
                        .map(ElementInfo::fullName).toList() + " at once: rename all but one of these elements";
            } else {
                try {
                    ttl = defaultTtl(element);
                    problem = null;
                } catch (IllegalArgumentException e) {
                    problem = e.getMessage();
                }
            }
            if (problem != null) {
                problems.add(problem);
            }
            byName.put(name, new CacheService(name, element.fullName(), element.title(), ttl, problem));
        }
        if (!problems.equals(loggedProblems)) {
            problems.forEach(p -> LOG.warn("cache service not served: {}", p));
            loggedProblems = problems;
        }
        return new Snapshot(Map.copyOf(byName), now);
    }

    /** {@code e.json}'s {@code service.defaultTtl}; DreamFactory's 300 s when absent. */
    private static long defaultTtl(ElementInfo element) {
        Path descriptor = element.folder().resolve("e.json");
        String source = element.fullName().replace('.', '/') + "/e.json";
        JsonNode tree;
        try {
            tree = ServiceJson.MAPPER.readTree(Files.readString(descriptor));
        } catch (IOException e) {
            // The runtime reports a broken e.json itself; the service answers 503 with the runtime's reason.
            return DEFAULT_TTL_SECONDS;
        }
        JsonNode ttl = tree == null ? null : tree.path("service").get("defaultTtl");
        if (ttl == null || ttl.isNull()) {
            return DEFAULT_TTL_SECONDS;
        }
        if (!ttl.canConvertToExactIntegral() || ttl.asLong() < 0 || ttl.asLong() > MAX_TTL_SECONDS) {
            throw new IllegalArgumentException(source + ": service.defaultTtl must be a whole number of seconds from 0"
                    + " (never expire) to " + MAX_TTL_SECONDS + ", e.g. \"service\": {\"defaultTtl\": 300}");
        }
        return ttl.asLong();
    }
}
