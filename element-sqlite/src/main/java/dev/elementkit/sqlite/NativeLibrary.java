package dev.elementkit.sqlite;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import org.sqlite.SQLiteJDBCLoader;
import org.sqlite.util.LibraryLoaderUtil;

/**
 * Loads sqlite-jdbc's native library from a copy extracted once per sqlite-jdbc version into
 * {@code ~/.elementkit/native/<version>/}. Left alone, sqlite-jdbc writes the 1 MB library under a new name into
 * java.io.tmpdir on every load: about 100 ms of a 0.8 s {@code devportal test}.
 *
 * <p>Whatever goes wrong here (no home folder, a read-only disk, a library already loaded by another class loader)
 * leaves sqlite-jdbc to its own way, which still works.
 */
final class NativeLibrary {

    private static final String PATH = "org.sqlite.lib.path";
    private static final String NAME = "org.sqlite.lib.name";
    /**
     * The JVM lets one class loader at a time load a native library from one file. A plugin loaded again in the same
     * JVM (an unload and reload) would fail to link the shared copy while the old loader lives, so only the first
     * one uses it; system properties are the one place plugin class loaders share.
     */
    private static final String CLAIMED = "elementkit.sqlite.native.claimed";

    private static boolean loaded;

    private NativeLibrary() {
    }

    /** Makes sure sqlite-jdbc's native library is loaded into this class loader. */
    static synchronized void load() {
        if (loaded) {
            return;
        }
        loaded = true;
        if (System.getProperty(PATH) != null || !claim()) {
            return; // set by whoever runs the JVM, or another class loader has the shared copy
        }
        try {
            Path library = extracted();
            System.setProperty(PATH, library.getParent().toString());
            System.setProperty(NAME, library.getFileName().toString());
            try {
                SQLiteJDBCLoader.initialize();
            } finally {
                // Only this loader's load should see them: a plugin with another sqlite-jdbc extracts its own.
                System.clearProperty(PATH);
                System.clearProperty(NAME);
            }
        } catch (Exception e) {
            // sqlite-jdbc extracts into java.io.tmpdir when the driver first connects, as it did before
        }
    }

    private static boolean claim() {
        synchronized (System.getProperties()) {
            if (System.getProperty(CLAIMED) != null) {
                return false;
            }
            System.setProperty(CLAIMED, "true");
            return true;
        }
    }

    /**
     * The library's path under the per-version folder, written there first if missing. It is written under a name of
     * its own and renamed into place, so that a process beside this one never loads half a file.
     */
    private static Path extracted() throws IOException {
        String resource = LibraryLoaderUtil.getNativeLibResourcePath() + "/" + LibraryLoaderUtil.getNativeLibName();
        Path library = Paths.get(System.getProperty("user.home"), ".elementkit", "native",
                "sqlite-jdbc-" + SQLiteJDBCLoader.getVersion(), LibraryLoaderUtil.getNativeLibName());
        if (Files.isRegularFile(library)) {
            return library;
        }
        Files.createDirectories(library.getParent());
        Path partial = library.resolveSibling(library.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
        try (InputStream in = SQLiteJDBCLoader.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("sqlite-jdbc has no " + resource);
            }
            Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
            Files.move(partial, library, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(partial);
        }
        return library;
    }
}
