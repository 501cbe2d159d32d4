package dev.elementkit.devportal.scripting;

import dev.elementkit.platform.app.App;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Where the startup snippets of a script or shell find their {@code app} and {@code args}: each JShell gets a
 * binding id, and its startup reads {@code ScriptBindings.app("<id>")}. Ids rather than one static field let
 * several scripts run in one JVM at once (tests do).
 *
 * <p>Public only because snippet classes, which JShell defines in a child class loader, call it. Not an API for
 * anything else.
 */
public final class ScriptBindings {

    private static final Map<String, Bound> BOUND = new ConcurrentHashMap<>();
    private static final AtomicLong NEXT_ID = new AtomicLong();

    private ScriptBindings() {
    }

    /** The app bound under {@code id}. */
    public static App app(String id) {
        return bound(id).app();
    }

    /** A copy of the script arguments bound under {@code id}. */
    public static String[] args(String id) {
        return bound(id).args().toArray(String[]::new);
    }

    private static Bound bound(String id) {
        Bound bound = BOUND.get(id);
        if (bound == null) {
            throw new IllegalStateException("no app is bound under '" + id + "': the script or shell has ended");
        }
        return bound;
    }

    /** Binds {@code app} and {@code args} until the returned binding is closed; the caller closes it. */
    static Binding bind(App app, List<String> args) {
        Objects.requireNonNull(app, "app");
        String id = "b" + NEXT_ID.incrementAndGet();
        BOUND.put(id, new Bound(app, List.copyOf(args)));
        return new Binding(id);
    }

    private record Bound(App app, List<String> args) {
    }

    /** One registration; closing it unbinds the app so that nothing keeps it reachable. */
    record Binding(String id) implements AutoCloseable {
        @Override
        public void close() {
            BOUND.remove(id);
        }
    }
}
