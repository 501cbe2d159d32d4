package dev.elementkit.devportal.runtime;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.elementkit.platform.PlatformVersion;
import dev.elementkit.platform.app.App;
import dev.elementkit.platform.app.BrokenElementException;
import dev.elementkit.platform.app.ElementInfo;
import dev.elementkit.platform.app.ElementNotFoundException;
import dev.elementkit.platform.config.ConfigBinder;
import dev.elementkit.platform.config.InvalidConfigurationException;
import dev.elementkit.platform.connection.ConnectionTestResult;
import dev.elementkit.platform.connection.TestCode;
import dev.elementkit.platform.element.FullName;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The host: a {@link PluginRuntime} over the plugins folder and a {@link DefaultApp} over the app folder, tied
 * together by one read-write lock. Creating an element holds the read lock; loading, replacing and unloading a
 * plugin hold the write lock, so that the instances of a plugin's Types are all closed before it stops and none is
 * created meanwhile. With {@link HostOptions#watchPlugins()} a daemon thread looks at the plugins folder every
 * {@value #WATCH_MILLIS} ms; a dropped-in JAR is started on the second look that finds it unchanged (within about a
 * second).
 */
final class DefaultHost implements Host {

    static final long WATCH_MILLIS = 250;
    private static final Logger LOG = LoggerFactory.getLogger(DefaultHost.class);

    private final HostOptions options;
    private final ObjectMapper mapper = new ObjectMapper();
    private final ConfigBinder binder = new ConfigBinder();
    private final ReentrantReadWriteLock pluginLock = new ReentrantReadWriteLock();
    private final List<HostListener> listeners = new CopyOnWriteArrayList<>();
    private final AppVariables variables;
    private final ElementFiles files;
    private final DefaultApp app;
    private final ElementWriter writer;
    private final ElementData data;
    private final PluginRuntime plugins;
    private final ConnectionTester tester = new ConnectionTester();
    private final BoundedCalls calls;
    private final AtomicBoolean closed = new AtomicBoolean();
    private ScheduledExecutorService watcher;

    private DefaultHost(HostOptions options, AppSettings settings, LongSupplier nanoTicker) {
        this.options = options;
        this.variables = new AppVariables(options.appDir(), options.environment());
        this.files = new ElementFiles(options.appDir());
        this.calls = new BoundedCalls(options.pluginCallLimit());
        this.plugins = new PluginRuntime(options.pluginsDir(), PlatformVersion.current(), binder,
                calls, new PluginRuntime.Hooks() {
                    @Override
                    public void beforeStop(Set<String> pluginIds) {
                        // Their Types are out of the registry already; the write lock waits for creations under
                        // way, so no instance of a stopping plugin survives.
                        underWriteLock(() -> {
                            DefaultHost.this.app.closeInstancesOf(pluginIds);
                            return null;
                        });
                    }

                    @Override
                    public void changed(HostListener.Change change, String subject) {
                        if (change == HostListener.Change.PLUGIN_LOADED) {
                            DefaultHost.this.app.forgetFailures();
                        }
                        notifyListeners(change, subject);
                    }
                }, options.startPluginsOnDemand());
        this.app = new DefaultApp(settings, options.appDir(), files, variables, plugins::type, binder, pluginLock,
                calls, nanoTicker, options.meterRegistry());
        this.writer = new ElementWriter(app, files, variables, plugins::type, binder, mapper);
        this.data = new ElementData(app);
    }

    static Host open(HostOptions options) {
        return open(options, System::nanoTime);
    }

    /** As {@link #open(HostOptions)}, with the ticker that spaces the app's re-checks of changed files (tests). */
    static Host open(HostOptions options, LongSupplier nanoTicker) {
        StartupTrace.mark("opening the host");
        AppSettings settings = AppSettings.read(options.appDir(), new ObjectMapper());
        StartupTrace.mark("read app.json");
        DefaultHost host = new DefaultHost(options, settings, nanoTicker);
        // Every app binds configurations soon (its first element): the validator starts while the plugins do.
        host.binder.prepareInBackground();
        StartupTrace.mark("host made");
        host.plugins.open();
        StartupTrace.mark("plugins opened");
        if (options.watchPlugins()) {
            host.startWatching();
        }
        return host;
    }

    private void startWatching() {
        watcher = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "plugins-folder-watcher");
            thread.setDaemon(true);
            return thread;
        });
        watcher.scheduleWithFixedDelay(() -> {
            try {
                plugins.poll();
            } catch (RuntimeException e) {
                LOG.warn("looking at the plugins folder {} failed: {}", options.pluginsDir(), e.toString());
            }
        }, WATCH_MILLIS, WATCH_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** The plugin runtime, for tests that drive the folder watcher's looks themselves. */
    PluginRuntime runtime() {
        return plugins;
    }

    @Override
    public App app() {
        return app;
    }

    @Override
    public List<TypeInfo> types() {
        List<TypeInfo> types = new ArrayList<>();
        for (RegisteredType type : plugins.types()) {
            types.add(copy(type.info()));
        }
        builtinType().ifPresent(types::add);
        types.sort(Comparator.comparing(TypeInfo::fullName));
        return types;
    }

    @Override
    public Optional<TypeInfo> type(String typeFullName) {
        if (BuiltinCache.TYPE.equals(typeFullName)) {
            return builtinType();
        }
        return plugins.type(typeFullName).map(t -> copy(t.info()));
    }

    private static TypeInfo copy(TypeInfo info) {
        return new TypeInfo(info.descriptor(), info.pluginId(), info.schema().deepCopy(), info.secretFields());
    }

    /** {@code caches.BuiltinsType}, listed when the Type it runs on here is loaded. */
    private Optional<TypeInfo> builtinType() {
        try {
            BuiltinCache.Backing backing = BuiltinCache.backing(FullName.parse("caches.Default"), app.settings(),
                    variables);
            return plugins.type(backing.type()).map(t -> BuiltinCache.info(t.pluginId(), mapper));
        } catch (Placeholders.MissingVariableException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    @Override
    public List<PluginInfo> plugins() {
        return plugins.plugins();
    }

    @Override
    public PluginInfo installPlugin(Path jar) {
        return plugins.install(jar.toAbsolutePath().normalize());
    }

    @Override
    public boolean removePlugin(String pluginId) {
        return plugins.remove(pluginId, true);
    }

    @Override
    public List<ElementInfo> elements() {
        return app.elements();
    }

    @Override
    public ElementDefinition readElement(String fullName) {
        FullName name;
        try {
            name = FullName.parse(fullName);
        } catch (IllegalArgumentException e) {
            throw new ElementNotFoundException(String.valueOf(fullName), options.appDir());
        }
        ElementFiles.Declaration declaration;
        Map<String, Object> config;
        try {
            declaration = files.read(name).orElseThrow(() -> new ElementNotFoundException(fullName, options.appDir()));
            config = mapper.convertValue(declaration.configTree(), new TypeReference<>() {
            });
        } catch (ElementProblem e) {
            throw new BrokenElementException(fullName, e.getMessage(), e.getCause());
        }
        return new ElementDefinition(fullName, declaration.type(), declaration.title(), config, declaration.folder());
    }

    @Override
    public ElementInfo createElement(ElementDraft draft, List<VariableDraft> variables) {
        writer.create(draft, variables);
        notifyListeners(HostListener.Change.ELEMENT_CREATED, draft.fullName());
        return app.info(draft.fullName());
    }

    @Override
    public ElementInfo updateElement(ElementDraft draft, List<VariableDraft> variables) {
        writer.update(draft, variables);
        notifyListeners(HostListener.Change.ELEMENT_UPDATED, draft.fullName());
        return app.info(draft.fullName());
    }

    @Override
    public boolean deleteElement(String fullName, boolean withData) {
        // Asked before the element's files go: afterwards its Type can no longer say what it owns.
        List<Path> dataFiles = withData ? data.deletable(fullName) : List.of();
        boolean deleted = writer.delete(fullName);
        if (deleted) {
            ElementData.delete(dataFiles, app.context(fullName).appDataDir());
            notifyListeners(HostListener.Change.ELEMENT_DELETED, fullName);
        }
        return deleted;
    }

    @Override
    public List<Path> dataFiles(String fullName) {
        return data.deletable(fullName);
    }

    @Override
    public ConnectionTestResult testElement(String fullName, Duration timeout) {
        try {
            DefaultApp.Resolution resolution = app.resolve(fullName);
            StartupTrace.mark("resolved " + fullName);
            Redaction redaction = Redaction.of(Placeholders.names(mapper.valueToTree(readElement(fullName).config())),
                    variables::get, Map.of());
            ConnectionTestResult result = redaction.apply(tester.test(resolution.type(), app.context(fullName),
                    resolution.config(), timeout));
            app.tested(fullName, result);
            // The element's listed state may have changed: pages refresh that one element.
            notifyListeners(HostListener.Change.ELEMENT_STATE, fullName);
            return result;
        } catch (ElementNotFoundException e) {
            return ConnectionTestResult.failedBeforeStart(TestCode.NOT_FOUND, e.getMessage());
        } catch (ElementProblem e) {
            return ConnectionTestResult.failedBeforeStart(TestCode.INVALID_CONFIG, "element '" + fullName
                    + "' cannot be tested: " + e.getMessage());
        } catch (RuntimeException e) {
            return ConnectionTestResult.failedBeforeStart(TestCode.INTERNAL_ERROR, "testing element '" + fullName
                    + "' failed: " + HostSupport.describe(e));
        }
    }

    @Override
    public ConnectionTestResult testDraft(ElementDraft draft, Duration timeout) {
        try {
            FullName name = ElementWriter.parseName(draft.fullName());
            if (BuiltinCache.TYPE.equals(draft.type())) {
                DefaultApp.Resolution resolution = app.resolveBuiltin(name);
                return tester.test(resolution.type(), app.context(name.toString()), resolution.config(), timeout);
            }
            ElementWriter.Prepared prepared = writer.prepare(name, draft, writer.reusableForTest(name, draft));
            Redaction redaction = Redaction.of(Placeholders.names(mapper.valueToTree(prepared.config())),
                    variables::get, prepared.secrets());
            return redaction.apply(tester.test(prepared.type(), app.context(name.toString()), prepared.bound(),
                    timeout));
        } catch (InvalidConfigurationException e) {
            return invalidDraft(e);
        } catch (ElementProblem e) {
            return ConnectionTestResult.failedBeforeStart(TestCode.INVALID_CONFIG, e.getMessage());
        } catch (RuntimeException e) {
            return ConnectionTestResult.failedBeforeStart(TestCode.INTERNAL_ERROR, "testing the draft of '"
                    + draft.fullName() + "' failed: " + HostSupport.describe(e));
        }
    }

    /**
     * A draft is not saved, so its errors name no file (the exception's message names the file it would be
     * saved as); the fields go along in {@code details.fields} for the portal to mark, as Save does.
     */
    private static ConnectionTestResult invalidDraft(InvalidConfigurationException e) {
        Map<String, Object> fields = new LinkedHashMap<>();
        e.errors().forEach(error -> fields.merge(error.field(), error.message(), (a, b) -> a + "; " + b));
        String listed = e.errors().stream()
                .map(error -> error.field().isEmpty() ? error.message() : error.field() + ": " + error.message())
                .collect(Collectors.joining("; "));
        return new ConnectionTestResult(false, TestCode.INVALID_CONFIG, "the values to test are not valid: " + listed,
                0, List.of(), Map.of("fields", fields));
    }

    @Override
    public Variables variables() {
        return variables;
    }

    @Override
    public Optional<MeterRegistry> meterRegistry() {
        return Optional.ofNullable(options.meterRegistry());
    }

    @Override
    public void addListener(HostListener listener) {
        listeners.add(listener);
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        if (watcher != null) {
            watcher.shutdownNow();
            try {
                watcher.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        underWriteLock(() -> {
            app.close();
            return null;
        });
        plugins.close();
        tester.close();
        calls.close();
    }

    private void notifyListeners(HostListener.Change change, String subject) {
        for (HostListener listener : listeners) {
            try {
                listener.changed(change, subject);
            } catch (RuntimeException e) {
                LOG.warn("a host listener failed on {} {}: {}", change, subject, e.toString());
            }
        }
    }

    private <T> T underWriteLock(Supplier<T> action) {
        pluginLock.writeLock().lock();
        try {
            return action.get();
        } finally {
            pluginLock.writeLock().unlock();
        }
    }
}
