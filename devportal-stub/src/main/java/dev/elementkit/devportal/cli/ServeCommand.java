package dev.elementkit.devportal.cli;

import dev.elementkit.devportal.runtime.Host;
import dev.elementkit.devportal.web.PortalServer;
import dev.elementkit.devportal.web.PortalSettings;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code devportal serve}: the developer portal over the app folder, until Ctrl-C. Plugin JARs dropped into the
 * plugins folder are loaded while it runs. Bound to a loopback address (the default) it needs no token; bound to
 * any other address every request needs the API token from {@code DEVPORTAL_API_TOKEN}, or one made up and
 * printed once at start.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Start the developer portal (web page and REST API) over the app folder.",
                "Bound to a non-loopback address, every request needs an API token: set DEVPORTAL_API_TOKEN, "
                        + "or use the one printed at start."})
final class ServeCommand implements Callable<Integer> {

    static final String TOKEN_VARIABLE = "DEVPORTAL_API_TOKEN";

    @Mixin
    HostOptionsMixin options;

    @Option(names = "--port", paramLabel = "N", defaultValue = "8080",
            description = "The port to listen on; 0 picks a free one. Default: ${DEFAULT-VALUE}")
    int port;

    @Option(names = "--bind", paramLabel = "ADDR", defaultValue = "127.0.0.1",
            description = "The address to listen on. Default: ${DEFAULT-VALUE} (this machine only)")
    String bind;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        String envToken = System.getenv(TOKEN_VARIABLE);
        PortalSettings settings;
        try {
            settings = PortalSettings.of(bind, port, envToken == null || envToken.isBlank() ? null : envToken);
        } catch (IllegalArgumentException e) {
            err.println("devportal serve: " + e.getMessage() + (envToken == null ? "" : " (check " + TOKEN_VARIABLE + ")"));
            return DevportalCli.USAGE;
        }
        Host host;
        try {
            host = Host.open(options.hostOptions().watching(true));
        } catch (IllegalArgumentException e) {
            err.println("devportal serve: " + e.getMessage());
            return 1;
        }
        PortalServer server;
        try {
            server = PortalServer.start(host, settings);
        } catch (IllegalStateException e) {
            host.close();
            err.println("devportal serve: " + e.getMessage());
            return 1;
        }
        out.println("Developer portal for app " + host.app().appId() + " (plugins: " + options.plugins() + ")");
        if (settings.requiresToken()) {
            out.println("Listening on " + settings.bindAddress() + ":" + server.port()
                    + ": every request needs the API token (header 'Authorization: Bearer <token>').");
            if (envToken == null || envToken.isBlank()) {
                // Printed once, here only: it is not logged and not stored anywhere.
                out.println("API token: " + settings.apiToken() + "   (set " + TOKEN_VARIABLE + " to choose your own)");
            } else {
                out.println("API token: the value of " + TOKEN_VARIABLE);
            }
            out.println("Open " + server.uri() + "?token=<token> in a browser once; it then keeps the token in a cookie.");
        } else {
            out.println("Open " + server.uri());
        }
        out.println("Stop with Ctrl-C.");
        out.flush();

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            host.close();
            stopped.countDown();
        }, "devportal-shutdown"));
        stopped.await();
        return 0;
    }
}
