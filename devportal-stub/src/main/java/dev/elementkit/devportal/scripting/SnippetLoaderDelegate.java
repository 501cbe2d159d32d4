package dev.elementkit.devportal.scripting;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import jdk.jshell.execution.LoaderDelegate;
import jdk.jshell.spi.ExecutionControl.ClassBytecodes;
import jdk.jshell.spi.ExecutionControl.ClassInstallException;
import jdk.jshell.spi.ExecutionControl.InternalException;

/**
 * Defines the classes JShell compiles from snippets in a loader whose parent is the host's class loader. Snippets
 * therefore share the host's platform and cache types (one {@code Cache} class, so casts work) and never see a
 * plugin's classes, which live in PF4J's plugin loaders below the host's.
 *
 * <p>The owner ({@link HostExecutionControl}) closes it when JShell closes.
 */
final class SnippetLoaderDelegate implements LoaderDelegate, AutoCloseable {

    private final SnippetClassLoader loader;
    private final Map<String, Class<?>> defined = new ConcurrentHashMap<>();

    SnippetLoaderDelegate(ClassLoader parent) {
        this.loader = new SnippetClassLoader(parent);
    }

    @Override
    public void load(ClassBytecodes[] classes) throws ClassInstallException {
        for (ClassBytecodes bytecodes : classes) {
            loader.declare(bytecodes.name(), bytecodes.bytecodes());
        }
        boolean[] installed = new boolean[classes.length];
        for (int i = 0; i < classes.length; i++) {
            String name = classes[i].name();
            try {
                Class<?> type = loader.loadClass(name);
                // Links the class now, so that a class that cannot be used fails this load, not a later call.
                type.getDeclaredMethods();
                defined.put(name, type);
                installed[i] = true;
            } catch (ClassNotFoundException | LinkageError e) {
                throw new ClassInstallException("cannot load snippet class " + name + ": " + e, installed);
            }
        }
    }

    @Override
    public void classesRedefined(ClassBytecodes[] classes) {
        for (ClassBytecodes bytecodes : classes) {
            loader.declare(bytecodes.name(), bytecodes.bytecodes());
        }
    }

    @Override
    public void addToClasspath(String path) throws InternalException {
        for (String entry : path.split(File.pathSeparator)) {
            if (entry.isBlank()) {
                continue;
            }
            try {
                loader.addEntry(Path.of(entry).toUri().toURL());
            } catch (MalformedURLException | IllegalArgumentException e) {
                throw new InternalException("not a class path entry: " + entry + " (" + e.getMessage() + ")");
            }
        }
    }

    @Override
    public Class<?> findClass(String name) throws ClassNotFoundException {
        Class<?> type = defined.get(name);
        return type != null ? type : loader.loadClass(name);
    }

    @Override
    public void close() {
        try {
            loader.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close the snippet class loader", e);
        }
    }

    /** Parent first, like every class-path loader: the host's copy of a type always wins over a script's entry. */
    private static final class SnippetClassLoader extends URLClassLoader {

        static {
            registerAsParallelCapable();
        }

        private final Map<String, byte[]> declared = new ConcurrentHashMap<>();

        SnippetClassLoader(ClassLoader parent) {
            super("jshell-snippets", new URL[0], parent);
        }

        void declare(String name, byte[] bytecodes) {
            declared.put(name, bytecodes);
        }

        void addEntry(URL url) {
            addURL(url);
        }

        @Override
        protected Class<?> findClass(String name) throws ClassNotFoundException {
            byte[] bytecodes = declared.get(name);
            if (bytecodes == null) {
                return super.findClass(name);
            }
            return defineClass(name, bytecodes, 0, bytecodes.length);
        }
    }
}
