package dev.elementkit.devportal.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import dev.elementkit.cache.Cache;
import dev.elementkit.cache.metrics.CacheMetrics;
import dev.elementkit.platform.app.App;
import dev.elementkit.platform.app.BrokenElementException;
import dev.elementkit.platform.app.ElementInfo;
import dev.elementkit.platform.app.ElementNotFoundException;
import dev.elementkit.platform.app.ElementStatus;
import dev.elementkit.platform.app.WrongElementTypeException;
import dev.elementkit.platform.config.ConfigBinder;
import dev.elementkit.platform.config.InvalidConfigurationException;
import dev.elementkit.platform.connection.ConnectionTestResult;
import dev.elementkit.platform.element.Element;
import dev.elementkit.platform.element.ElementContext;
import dev.elementkit.platform.element.ElementType;
import dev.elementkit.platform.element.FullName;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The opened app: reads elements from disk on demand and keeps one instance per element.
 *
 * <p><b>Hot path.</b> {@code getElement} of a created element is a {@link ConcurrentHashMap} lookup; at most every
 * {@value #RECHECK_MILLIS} ms per element it also compares the files' size and modification time (and those of
 * {@code .env}) with what the instance was made from. When they changed, the element is read again and, if its
 * resolved configuration differs, the old instance is closed and a new one created. Creation happens under a
 * per-element lock, with the plugin's class loader as thread context class loader, and under the host's read
 * lock so that a plugin cannot stop halfway through. The interval is measured on an injected ticker
 * ({@code System::nanoTime} in the host), so that tests move time instead of sleeping.
 *
 * <p>The app owns every instance it creates and closes it on {@link #close}, on edit or delete, and before the
 * plugin of its Type stops.
 */
final class DefaultApp implements App {

    static final long RECHECK_MILLIS = 250;
    private static final long RECHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(RECHECK_MILLIS);
    private static final Logger LOG = LoggerFactory.getLogger(DefaultApp.class);

    private final AppSettings settings;
    private final Path root;
    private final ElementFiles files;
    private final AppVariables variables;
    private final Function<String, Optional<RegisteredType>> types;
    private final ConfigBinder binder;
    private final ReadWriteLock pluginLock;
    private final BoundedCalls calls;
    private final LongSupplier nanoTicker;
    private final MeterRegistry meterRegistry;
    private final Map<String, Live> live = new ConcurrentHashMap<>();
    private final Map<String, Object> locks = new ConcurrentHashMap<>();
    private final Map<String, CreationFailure> failures = new ConcurrentHashMap<>();
    private final Map<String, TestOutcome> tested = new ConcurrentHashMap<>();
    private volatile boolean closed;

    /** A created instance and what it was made from. */
    private static final class Live {
        /** What callers get: the Type's instance, or the metrics decorator around it. */
        final Element instance;
        /** What the Type created, handed back to its {@code closeInstance}. */
        final Element created;
        final RegisteredType type;
        final String declaredType;
        final Record config;
        volatile String stamp;
        volatile long checkedAt;

        Live(Element instance, Element created, RegisteredType type, String declaredType, Record config, String stamp,
             long checkedAt) {
            this.instance = instance;
            this.created = created;
            this.type = type;
            this.declaredType = declaredType;
            this.config = config;
            this.stamp = stamp;
            this.checkedAt = checkedAt;
        }
    }

    /** What the last Test Connection of a saved element found, while its files are as they were then. */
    private record TestOutcome(String stamp, ElementStatus status, String message) {
    }

    private record CreationFailure(String stamp, String message) {
    }

    /**
     * An element's Type and its bound, validated configuration.
     *
     * @param type         the Type that creates it (for {@code caches.BuiltinsType}, the backing Type)
     * @param config       bound with variables resolved: holds secrets, memory only
     * @param declaredType {@code e.json}'s type
     */
    record Resolution(RegisteredType type, Record config, String declaredType) {
    }

    /**
     * @param nanoTicker    the time in nanoseconds that spaces the re-checks of changed files
     * @param meterRegistry where cache elements record their calls, or null for none
     */
    DefaultApp(AppSettings settings, Path root, ElementFiles files, AppVariables variables,
               Function<String, Optional<RegisteredType>> types, ConfigBinder binder, ReadWriteLock pluginLock,
               BoundedCalls calls, LongSupplier nanoTicker, MeterRegistry meterRegistry) {
        this.settings = settings;
        this.root = root;
        this.files = files;
        this.variables = variables;
        this.types = types;
        this.binder = binder;
        this.pluginLock = pluginLock;
        this.calls = calls;
        this.nanoTicker = nanoTicker;
        this.meterRegistry = meterRegistry;
    }

    @Override
    public String appId() {
        return settings.appId();
    }

    @Override
    public Path root() {
        return root;
    }

    AppSettings settings() {
        return settings;
    }

    private static final String DEFAULT_CACHE = "caches.Default";
    private static final Set<String> DEFAULT_CACHE_NAMES = Set.of(DEFAULT_CACHE, "caches.DefaultCache");

    @Override
    @SuppressWarnings("unchecked")
    public <T extends Element> T getElement(String fullName) {
        return (T) getElement(fullName, Element.class);
    }

    @Override
    public <T extends Element> T getElement(String fullName, Class<T> type) {
        Live current = fullName == null ? null : live.get(fullName);
        if (current != null && nanoTicker.getAsLong() - current.checkedAt < RECHECK_NANOS) {
            return checked(fullName, current, type);
        }
        String name = defaultCacheAlias(fullName);
        return type.cast(acquire(name, type));
    }

    /**
     * The reference platform names its default cache {@code caches.DefaultCache}, our apps {@code caches.Default}:
     * asked for one of the two that the app does not declare, the element {@code settings.defaultElement.defaultCache}
     * names (else {@code caches.Default}) answers, so that the reference's snippets run unchanged.
     */
    private String defaultCacheAlias(String fullName) {
        if (!DEFAULT_CACHE_NAMES.contains(fullName) || !FullName.isValid(fullName)) {
            return fullName;
        }
        try {
            if (files.read(FullName.parse(fullName)).isPresent()) {
                return fullName;
            }
        } catch (ElementProblem e) {
            return fullName; // a broken declaration of that very name: its own error says more
        }
        String configured = settings.defaultElement("defaultCache").orElse(DEFAULT_CACHE);
        return configured.equals(fullName) ? fullName : configured;
    }

    @Override
    public <T extends Element> T getDefaultElement(String kind, Class<T> type) {
        String fullName = settings.defaultElement(kind).orElseThrow(() -> new IllegalStateException(settings.file()
                + ": settings.defaultElement." + kind + " is not set; add e.g. \"settings\": {\"defaultElement\": {\""
                + kind + "\": \"caches.Default\"}}"));
        return getElement(fullName, type);
    }

    @Override
    public List<ElementInfo> elements() {
        List<ElementInfo> infos = new ArrayList<>();
        for (String raw : files.scan()) {
            infos.add(info(raw));
        }
        return infos;
    }

    /** One element's status, computed from its files without creating it. */
    ElementInfo info(String fullName) {
        if (!FullName.isValid(fullName)) {
            return new ElementInfo(fullName, "", fullName, ElementStatus.BROKEN, "folder " + fullName.replace('.', '/')
                    + " holds an e.json but is not a valid element name: each folder name is letters, digits and"
                    + " underscores, not starting with a digit", root.resolve(fullName.replace('.', '/')));
        }
        FullName name = FullName.parse(fullName);
        Path folder = files.folder(name);
        ElementFiles.Declaration declaration;
        try {
            Optional<ElementFiles.Declaration> read = files.read(name);
            if (read.isEmpty()) {
                throw new ElementNotFoundException(fullName, root);
            }
            declaration = read.get();
        } catch (ElementProblem e) {
            return new ElementInfo(fullName, "", fullName, ElementStatus.BROKEN, e.getMessage(), folder);
        }
        String stamp = stampOf(name);
        Live current = live.get(fullName);
        CreationFailure failure = failures.get(fullName);
        ElementStatus status;
        String error = null;
        if (current != null && current.stamp.equals(stamp)) {
            Optional<String> unavailability = current.instance.unavailability();
            status = unavailability.isPresent() ? ElementStatus.UNAVAILABLE : ElementStatus.READY;
            error = unavailability.orElse(null);
        } else if (failure != null && failure.stamp().equals(stamp)) {
            status = ElementStatus.BROKEN;
            error = failure.message();
        } else {
            try {
                resolve(declaration);
                TestOutcome test = tested.get(fullName);
                if (current == null && test != null && test.stamp().equals(stamp)) {
                    status = test.status();
                    error = test.message();
                } else {
                    status = current != null ? ElementStatus.READY : ElementStatus.DEFINED;
                }
            } catch (ElementProblem e) {
                status = e.typeMissing() ? ElementStatus.TYPE_MISSING : ElementStatus.BROKEN;
                error = e.getMessage();
            }
        }
        return new ElementInfo(fullName, declaration.type(), declaration.title(), status, error, folder);
    }

    /**
     * Remembers what a Test Connection of the saved element found, so that an element nothing has used yet is listed
     * as the test saw it (READY, UNAVAILABLE when its server could not be reached, BROKEN when the configuration does
     * not fit the server) instead of DEFINED; a live instance's own state wins, and an edit forgets it.
     */
    void tested(String fullName, ConnectionTestResult result) {
        if (!FullName.isValid(fullName)) {
            return;
        }
        ElementStatus status = result.success() ? ElementStatus.READY : switch (result.code()) {
            case UNREACHABLE, UNKNOWN_HOST, TIMEOUT, IO_ERROR -> ElementStatus.UNAVAILABLE;
            default -> ElementStatus.BROKEN;
        };
        tested.put(fullName, new TestOutcome(stampOf(FullName.parse(fullName)), status,
                result.success() ? null : result.message()));
    }

    /** Reads and resolves an element, for tests of saved elements. */
    Resolution resolve(String fullName) throws ElementProblem {
        FullName name = parseOrNotFound(fullName);
        return resolve(files.read(name).orElseThrow(() -> new ElementNotFoundException(fullName, root)));
    }

    /** The context instances of {@code fullName} get. */
    ElementContext context(String fullName) {
        return new ElementContext(settings.appId(), root, fullName);
    }

    /** Closes the instance of {@code fullName}, if any, and forgets its failure: the next use reads the files again. */
    void invalidate(String fullName) {
        Object lock = locks.computeIfAbsent(fullName, k -> new Object());
        synchronized (lock) {
            discard(fullName);
            failures.remove(fullName);
            tested.remove(fullName);
        }
    }

    /** Closes every instance of a Type given by one of {@code pluginIds}. The caller holds the host's write lock. */
    void closeInstancesOf(Set<String> pluginIds) {
        for (Map.Entry<String, Live> entry : live.entrySet()) {
            if (pluginIds.contains(entry.getValue().type.pluginId())) {
                invalidate(entry.getKey());
            }
        }
        failures.clear();
    }

    /** Forgets remembered creation failures, e.g. when a plugin arrived that may fix them. */
    void forgetFailures() {
        failures.clear();
    }

    /** True when an instance of {@code fullName} exists. */
    boolean isReady(String fullName) {
        return live.containsKey(fullName);
    }

    @Override
    public void close() {
        closed = true;
        for (String fullName : new ArrayList<>(live.keySet())) {
            invalidate(fullName);
        }
    }

    private Element acquire(String fullName, Class<? extends Element> expected) {
        if (closed) {
            throw new IllegalStateException("the app " + settings.appId() + " is closed");
        }
        FullName name = parseOrNotFound(fullName);
        startTypeOf(name);
        pluginLock.readLock().lock();
        try {
            Object lock = locks.computeIfAbsent(fullName, k -> new Object());
            synchronized (lock) {
                return acquireLocked(name, expected);
            }
        } finally {
            pluginLock.readLock().unlock();
        }
    }

    /**
     * A host starting plugins on demand starts the element's plugin when its Type is first looked up. That takes the
     * plugins' lifecycle lock, which unloading a plugin holds while it waits for the write lock: so the lookup that
     * may start a plugin happens here, before the read lock is taken, and the one under it finds the Type registered
     * (or every plugin started already, when a lookup is a plain registry read).
     */
    private void startTypeOf(FullName name) {
        try {
            Optional<ElementFiles.Declaration> declaration = files.read(name);
            if (declaration.isPresent()) {
                String type = declaration.get().type();
                types.apply(BuiltinCache.TYPE.equals(type) ? BuiltinCache.backing(name, settings, variables).type()
                        : type);
            }
        } catch (ElementProblem | Placeholders.MissingVariableException | RuntimeException e) {
            // the creation under the lock meets the same problem and reports it in its own words
        }
    }

    private Element acquireLocked(FullName name, Class<? extends Element> expected) {
        String fullName = name.toString();
        long now = nanoTicker.getAsLong();
        String stamp = stampOf(name);
        Live current = live.get(fullName);
        if (current != null && current.stamp.equals(stamp)) {
            current.checkedAt = now;
            return checked(fullName, current, expected);
        }
        Resolution resolution;
        ElementFiles.Declaration declaration;
        try {
            Optional<ElementFiles.Declaration> read = files.read(name);
            if (read.isEmpty()) {
                discard(fullName);
                throw new ElementNotFoundException(fullName, root);
            }
            declaration = read.get();
            resolution = resolve(declaration);
            StartupTrace.mark("resolved " + fullName);
        } catch (ElementProblem e) {
            discard(fullName);
            throw new BrokenElementException(fullName, e.getMessage(), e.getCause());
        }
        if (current != null && current.type == resolution.type() && current.config.equals(resolution.config())) {
            // A touched file or an unrelated .env change: the same configuration keeps its instance.
            current.stamp = stamp;
            current.checkedAt = now;
            return checked(fullName, current, expected);
        }
        Class<?> instanceInterface = resolution.type().type().instanceInterface();
        if (!expected.isAssignableFrom(instanceInterface)) {
            throw new WrongElementTypeException(fullName, declaration.type(), instanceInterface, expected);
        }
        discard(fullName);
        Element instance;
        try {
            // Bounded: creation holds the host's read lock, which a plugin change waits for.
            RegisteredType type = resolution.type();
            instance = calls.call(type.loader(), "creating element '" + fullName + "' with type " + type.fullName(),
                    () -> create(type.type(), context(fullName), resolution.config()),
                    late -> closeQuietly(type.type(), late));
            if (instance == null) {
                throw new IllegalStateException("the type's create() returned nothing");
            }
        } catch (Exception | LinkageError e) {
            String cause = redactionFor(declaration).apply(HostSupport.describe(e));
            String message = "creating it with type " + resolution.type().fullName() + " (plugin "
                    + resolution.type().pluginId() + ") failed: " + cause + "; check "
                    + (declaration.type().equals(BuiltinCache.TYPE) ? "the plugins folder" : declaration.configSource())
                    + " and run `devportal test " + fullName + "`";
            failures.put(fullName, new CreationFailure(stamp, message));
            throw new BrokenElementException(fullName, message, null); // the cause's text may hold a value
        }
        failures.remove(fullName);
        StartupTrace.mark("created " + fullName);
        Live created = new Live(metered(instance, resolution.type()), instance, resolution.type(), declaration.type(),
                resolution.config(), stamp, now);
        live.put(fullName, created);
        return checked(fullName, created, expected);
    }

    /** Every cache is measured here, in the host, so that no plugin has to record anything itself. */
    private Element metered(Element instance, RegisteredType type) {
        if (meterRegistry == null || !(instance instanceof Cache cache)) {
            return instance;
        }
        return CacheMetrics.metered(cache, meterRegistry, type.fullName(), settings.appId());
    }

    @SuppressWarnings("unchecked")
    private static Element create(ElementType<?> type, ElementContext context, Record config) throws Exception {
        return ((ElementType<Record>) type).create(context, config);
    }

    /** Closes an instance that came too late to be kept. */
    private static void closeQuietly(ElementType<?> type, Element late) {
        try {
            InstanceClosing.close(type, late);
        } catch (Exception | LinkageError e) {
            LOG.warn("closing a late instance of {} failed: {}", late.fullName(), HostSupport.describe(e));
        }
    }

    private <T extends Element> T checked(String fullName, Live current, Class<T> expected) {
        if (!expected.isInstance(current.instance)) {
            throw new WrongElementTypeException(fullName, current.declaredType,
                    current.type.type().instanceInterface(), expected);
        }
        return expected.cast(current.instance);
    }

    /**
     * Finds the Type and binds the configuration: placeholders resolved (environment, then {@code .env}), defaults
     * applied, Jakarta Validation checked.
     */
    Resolution resolve(ElementFiles.Declaration declaration) throws ElementProblem {
        String declaredType = declaration.type();
        if (BuiltinCache.TYPE.equals(declaredType)) {
            return resolveBuiltin(declaration);
        }
        RegisteredType type = types.apply(declaredType).orElseThrow(() -> ElementProblem.typeMissing(
                declaration.descriptorSource() + ": type '" + declaredType + "' is not given by any loaded plugin:"
                        + " put the JAR of the plugin that gives it into the plugins folder (`devportal types` lists"
                        + " the types there are)"));
        JsonNode tree = declaration.configTree();
        JsonNode resolved;
        try {
            resolved = Placeholders.substitute(tree, variables::get);
        } catch (Placeholders.MissingVariableException e) {
            throw ElementProblem.broken(declaration.configSource() + ": " + e.getMessage() + ": set "
                    + (e.names().size() == 1 ? "it" : "them") + " in the process environment or in the app's .env ("
                    + root.resolve(AppVariables.DOT_ENV) + ")", null);
        }
        try {
            Record config = type.call(() -> binder.bind(resolved, type.type().configClass(), declaration.configSource()));
            return new Resolution(type, config, declaredType);
        } catch (InvalidConfigurationException e) {
            throw ElementProblem.broken(e.getMessage() + (declaration.configText() == null
                    ? " (" + declaration.configSource() + " does not exist: create it with the fields the type needs)"
                    : ""), e);
        }
    }

    /** Hides the values of the variables an element's configuration names, for messages quoting its plugin. */
    private Redaction redactionFor(ElementFiles.Declaration declaration) {
        try {
            return Redaction.of(Placeholders.names(declaration.configTree()), variables::get, Map.of());
        } catch (ElementProblem e) {
            return Redaction.of(List.of(), variables::get, Map.of());
        }
    }

    private Resolution resolveBuiltin(ElementFiles.Declaration declaration) throws ElementProblem {
        return resolveBuiltin(declaration.name());
    }

    /** The backing Type and configuration a {@code caches.BuiltinsType} element called {@code name} gets. */
    Resolution resolveBuiltin(FullName name) throws ElementProblem {
        String descriptorSource = name.relativePath() + "/" + ElementFiles.DESCRIPTOR;
        BuiltinCache.Backing backing;
        try {
            backing = BuiltinCache.backing(name, settings, variables);
        } catch (Placeholders.MissingVariableException e) {
            throw ElementProblem.broken(AppSettings.FILE_NAME + " settings.redis.url: " + e.getMessage()
                    + ": set it in the process environment or the app's .env", null);
        } catch (IllegalArgumentException e) {
            throw ElementProblem.broken(e.getMessage(), e);
        }
        RegisteredType type = types.apply(backing.type()).orElseThrow(() -> ElementProblem.typeMissing(
                descriptorSource + ": type " + BuiltinCache.TYPE + " runs on " + backing.type() + " here ("
                        + backing.why() + "), but no loaded plugin gives " + backing.type()
                        + ": put its plugin JAR into the plugins folder"));
        try {
            Record config = type.call(() -> binder.bind(backing.config(), type.type().configClass(),
                    BuiltinCache.TYPE + " configuration derived for " + name));
            return new Resolution(type, config, BuiltinCache.TYPE);
        } catch (InvalidConfigurationException e) {
            throw ElementProblem.broken(e.getMessage() + " (" + backing.why() + ")", e);
        }
    }

    private String stampOf(FullName name) {
        return files.stamp(name) + "|" + variables.stamp();
    }

    private FullName parseOrNotFound(String fullName) {
        try {
            return FullName.parse(fullName);
        } catch (IllegalArgumentException e) {
            throw new ElementNotFoundException(String.valueOf(fullName), root);
        }
    }

    private void discard(String fullName) {
        Live old = live.remove(fullName);
        if (old != null) {
            try {
                old.type.call(() -> {
                    InstanceClosing.close(old.type.type(), old.created);
                    return null;
                });
            } catch (Exception | LinkageError e) {
                LOG.warn("closing element {} failed: {}", fullName, HostSupport.describe(e));
            }
            if (old.instance instanceof Cache handedOut) {
                CacheMetrics.forget(handedOut);
            }
        }
    }
}
