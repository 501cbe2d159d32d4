package dev.elementkit.devportal.web;

import dev.elementkit.devportal.runtime.Host;
import dev.elementkit.devportal.runtime.PluginInfo;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.UploadedFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * {@code /api/plugins}: list, upload (a JAR, as the raw body or as the multipart part {@code file}) and remove.
 * An upload is written to a private temporary folder and handed to {@link Host#installPlugin}, which checks and
 * copies it; the temporary copy is deleted whatever happens.
 */
final class PluginRoutes {

    /** Plugin JARs bundle their third-party libraries (Lettuce and Netty make a few MB); this leaves room. */
    static final long MAX_JAR_BYTES = 64L * 1024 * 1024;
    private static final Pattern JAR_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}\\.jar");
    private static final Pattern PLUGIN_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    private final Host host;

    PluginRoutes(Host host) {
        this.host = host;
    }

    void register(Javalin app) {
        app.get("/api/plugins", ctx -> ctx.json(host.plugins().stream().map(PluginView::of).toList()));
        app.post("/api/plugins", this::upload);
        app.delete("/api/plugins/{id}", ctx -> {
            String id = ctx.pathParam("id");
            if (!PLUGIN_ID.matcher(id).matches()) {
                throw ApiException.badRequest("id", "not a plugin id: letters, digits, '.', '_' and '-' only");
            }
            if (!host.removePlugin(id)) {
                throw ApiException.notFound("no plugin '" + id + "': see GET /api/plugins");
            }
            ctx.status(204);
        });
    }

    private void upload(Context ctx) throws IOException {
        String fileName;
        InputStream content;
        if (ctx.isMultipartFormData()) {
            UploadedFile file = multipartFile(ctx);
            if (file == null) {
                throw ApiException.badRequest("file", "send the JAR as the multipart part named 'file'");
            }
            fileName = baseName(file.filename());
            content = file.content();
        } else {
            fileName = ctx.queryParam("filename");
            if (fileName == null) {
                fileName = ctx.header("X-File-Name");
            }
            if (fileName == null) {
                throw ApiException.badRequest("file", "name the JAR: ?filename=my-plugin-1.0.0.jar (or the header X-File-Name)");
            }
            fileName = baseName(fileName);
            content = ctx.bodyInputStream();
        }
        if (!JAR_NAME.matcher(fileName).matches()) {
            throw ApiException.badRequest("file", "'" + abbreviate(fileName) + "' is not a JAR file name: letters, "
                    + "digits, '.', '_' and '-', ending in .jar");
        }
        Path folder = Files.createTempDirectory("devportal-upload");
        Path jar = folder.resolve(fileName);
        try {
            try (InputStream in = content; OutputStream out = Files.newOutputStream(jar)) {
                copyAtMost(in, out, MAX_JAR_BYTES);
            }
            if (!looksLikeZip(jar)) {
                throw ApiException.badRequest("file", "'" + fileName + "' is not a JAR (a JAR is a zip file)");
            }
            PluginInfo installed = host.installPlugin(jar);
            ctx.status(201).json(PluginView.of(installed));
        } finally {
            Files.deleteIfExists(jar);
            Files.deleteIfExists(folder);
        }
    }

    /** The part {@code file}; a body that is not well-formed multipart is the client's mistake, so 400. */
    private static UploadedFile multipartFile(Context ctx) {
        try {
            return ctx.uploadedFile("file");
        } catch (Exception e) { // Jetty's IOException comes through Kotlin undeclared
            throw ApiException.badRequest("file", "the multipart body cannot be read (" + e.getClass().getSimpleName()
                    + "): send the JAR as the part named 'file' of a well-formed multipart/form-data body, or as the"
                    + " raw body with ?filename=");
        }
    }

    private static void copyAtMost(InputStream in, OutputStream out, long limit) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        long total = 0;
        for (int n; (n = in.read(buffer)) != -1; ) {
            total += n;
            if (total > limit) {
                throw ApiException.badRequest("file", "the JAR is larger than " + (limit / (1024 * 1024)) + " MB");
            }
            out.write(buffer, 0, n);
        }
        if (total == 0) {
            throw ApiException.badRequest("file", "the upload is empty: send the JAR's bytes");
        }
    }

    private static boolean looksLikeZip(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] magic = in.readNBytes(4);
            return magic.length == 4 && magic[0] == 'P' && magic[1] == 'K' && magic[2] == 3 && magic[3] == 4;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Browsers may send a path ("C:\fakepath\x.jar"); only the last part is a name. */
    private static String baseName(String name) {
        if (name == null) {
            return "";
        }
        int cut = Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\'));
        return name.substring(cut + 1);
    }

    private static String abbreviate(String text) {
        return text.length() <= 80 ? text : text.substring(0, 80) + "…";
    }
}
