package dev.elementkit.devportal.runtime;

import dev.elementkit.platform.element.ElementContext;
import dev.elementkit.platform.element.ElementType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The data files of an element, as its Type names them ({@link ElementType#dataFiles}), narrowed to what the host
 * may delete with the element: files that exist, lie inside the app's {@code appData/} folder (their real path,
 * so a symbolic link cannot lead out of it) and that no other element of the app names too. The host never guesses
 * paths itself: a Type that names no files leaves nothing to delete.
 */
final class ElementData {

    private final DefaultApp app;

    ElementData(DefaultApp app) {
        this.app = app;
    }

    /** The files that deleting {@code fullName} with its data would remove; empty when it cannot be resolved. */
    List<Path> deletable(String fullName) {
        Set<Path> others = new HashSet<>();
        for (String other : app.elements().stream().map(e -> e.fullName()).toList()) {
            if (!other.equals(fullName)) {
                others.addAll(named(other));
            }
        }
        Path appData = realAppData(fullName);
        List<Path> deletable = new ArrayList<>();
        for (Path file : named(fullName)) {
            if (appData != null && Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) && !others.contains(file)
                    && inside(file, appData)) {
                deletable.add(file);
            }
        }
        return deletable;
    }

    /**
     * Deletes {@code files} (what {@link #deletable} gave before the element was closed) and the folders they leave
     * empty, up to {@code appData/} itself, which stays.
     */
    static void delete(List<Path> files, Path appData) {
        for (Path file : files) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot delete the data file " + file + ": " + e.getMessage(), e);
            }
            for (Path folder = file.getParent(); folder != null && folder.startsWith(appData)
                    && !folder.equals(appData); folder = folder.getParent()) {
                try {
                    Files.deleteIfExists(folder);
                } catch (DirectoryNotEmptyException stillUsed) {
                    break;
                } catch (IOException e) {
                    break; // an empty folder left behind is harmless
                }
            }
        }
    }

    /** The normalized paths the element's Type names, or none when the element cannot be resolved. */
    private List<Path> named(String fullName) {
        try {
            DefaultApp.Resolution resolution = app.resolve(fullName);
            ElementContext context = app.context(fullName);
            List<Path> files = resolution.type().call(() -> dataFiles(resolution.type().type(), context,
                    resolution.config()));
            return files == null ? List.of() : files.stream().map(p -> p.toAbsolutePath().normalize()).toList();
        } catch (ElementProblem | RuntimeException e) {
            return List.of(); // a broken element or a failing Type: nothing is offered for deletion
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Path> dataFiles(ElementType<?> type, ElementContext context, Record config) {
        return ((ElementType<Record>) type).dataFiles(context, config);
    }

    private Path realAppData(String fullName) {
        try {
            return app.context(fullName).appDataDir().toRealPath();
        } catch (IOException e) {
            return null; // no appData folder: nothing in it to delete
        }
    }

    private static boolean inside(Path file, Path realAppData) {
        try {
            return file.toRealPath().startsWith(realAppData);
        } catch (IOException e) {
            return false;
        }
    }
}
