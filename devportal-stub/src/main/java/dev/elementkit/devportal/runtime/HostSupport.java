package dev.elementkit.devportal.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The three small helpers every part of the host shares: how a failure is told to a person, how a file's version is
 * noticed, and how a call goes into a plugin. They lived in three classes before; one home keeps them from drifting.
 */
final class HostSupport {

    private HostSupport() {
    }

    /** Work done inside a plugin. */
    @FunctionalInterface
    interface PluginCall<T, E extends Exception> {
        T call() throws E;
    }

    /**
     * Runs {@code action} with {@code loader} as the thread context class loader: ServiceLoader, JDBC drivers and
     * Jackson look there, and must find the plugin's classes rather than the host's.
     */
    static <T, E extends Exception> T withLoader(ClassLoader loader, PluginCall<T, E> action) throws E {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(loader);
        try {
            return action.call();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    /**
     * A file's size, modification time and identity, or {@code absent}: two stat calls' worth, enough to notice an
     * edit or a replacement without reading the file.
     */
    static String stampOf(Path file) {
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            return attributes.size() + "@" + attributes.lastModifiedTime().to(TimeUnit.NANOSECONDS) + "/"
                    + attributes.fileKey();
        } catch (IOException e) {
            return "absent";
        }
    }

    /** The messages of an exception and its causes, without repeats: what a person reads to fix a JAR. */
    static String describe(Throwable e) {
        Set<String> parts = new LinkedHashSet<>();
        for (Throwable t = e; t != null && parts.size() < 4; t = t.getCause()) {
            String message = t.getMessage();
            String part = message == null || message.isBlank() ? t.getClass().getSimpleName()
                    : (t instanceof RuntimeException && t.getClass().getName().startsWith("org.pf4j")
                    ? message : t.getClass().getSimpleName() + ": " + message);
            if (parts.stream().noneMatch(p -> p.contains(message == null ? part : message))) {
                parts.add(part);
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return String.join(": ", parts);
    }
}
