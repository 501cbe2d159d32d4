package dev.elementkit.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.elementkit.platform.element.Element;
import java.io.File;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The host owns every element instance and shares it between callers, so a caller must not be able to close one:
 * what a script would write to do so does not compile against the API (issue 11). Compiled for real, with javac.
 */
class CallersCannotCloseAnElementTest {

    @TempDir
    Path work;

    @Test
    void tryWithResourcesOnAnElementFromGetElement_doesNotCompile() throws Exception {
        String errors = compile("""
                class Script {
                    void run(dev.elementkit.platform.app.App app) {
                        try (dev.elementkit.cache.Cache cache = app.getElement("caches.Default")) {
                            cache.set("k", "v");
                        }
                    }
                }
                """);
        assertTrue(errors.contains("try-with-resources not applicable"), errors);
    }

    @Test
    void callingCloseOnACache_doesNotCompile() throws Exception {
        String errors = compile("""
                class Script {
                    void run(dev.elementkit.cache.Cache cache) {
                        cache.close();
                    }
                }
                """);
        assertTrue(errors.contains("cannot find symbol"), errors);
    }

    @Test
    void usingAnElementAsTheApiIntends_compiles() throws Exception {
        assertEquals("", compile("""
                class Script {
                    void run(dev.elementkit.platform.app.App app) {
                        dev.elementkit.cache.Cache cache = app.getElement("caches.Default");
                        cache.set("k", "v");
                        cache.disconnect();
                    }
                }
                """));
    }

    private String compile(String source) throws Exception {
        Path file = work.resolve("Script.java");
        Files.writeString(file, source);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        StringWriter errors = new StringWriter();
        String classPath = locationOf(Cache.class) + File.pathSeparator + locationOf(Element.class);
        javac.getTask(errors, null, null, List.of("-proc:none", "-d", work.toString(), "-classpath", classPath), null,
                javac.getStandardFileManager(null, null, null).getJavaFileObjects(file)).call();
        return errors.toString();
    }

    private static String locationOf(Class<?> type) throws URISyntaxException {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }
}
