package dev.elementkit.devportal.cli;

import dev.elementkit.devportal.metrics.PrometheusEndpoint;
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
 * plugins folder are loaded while it runs. Every request needs the API token (from {@code DEVPORTAL_API_TOKEN}, or
 * a random one made at start), loopback included, as Jupyter does; the printed link carries it to the browser.
 * {@code --no-token} switches it off, on a loopback address only, with a warning.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Start the developer portal (web page and REST API) over the app folder.",
                "Every request needs the API token: open the printed link, which carries it (set "
                        + "DEVPORTAL_API_TOKEN to choose your own)."})
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

    @Option(names = "--no-token", description = "Ask no token (loopback addresses only): any local process or user"
            + " can then use the portal and upload plugins, which run code as you.")
    boolean noToken;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        String envToken = System.getenv(TOKEN_VARIABLE);
        PortalSettings settings;
        try {
            settings = noToken ? PortalSettings.withoutToken(bind, port)
                    : PortalSettings.of(bind, port, envToken == null || envToken.isBlank() ? null : envToken);
        } catch (IllegalArgumentException e) {
            err.println("devportal serve: " + e.getMessage() + (envToken == null ? "" : " (check " + TOKEN_VARIABLE + ")"));
            return DevportalCli.USAGE;
        }
        Host host;
        try {
            // The portal lists every plugin and Type on its first page: start them all before it answers.
            host = Host.open(options.hostOptions().startingPluginsOnDemand(false).watching(true)
                    .withMeterRegistry(PrometheusEndpoint.newRegistry()));
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
            boolean chosen = envToken != null && !envToken.isBlank();
            // The link is printed once, here only: the token is not logged and not stored anywhere.
            out.println("Open this link in a browser (it carries the API token; the page then keeps it in a cookie):");
            out.println("    " + (chosen ? server.uri() + "?token=<the value of " + TOKEN_VARIABLE + ">" : server.link()));
            out.println("API clients send 'Authorization: Bearer <token>'; without it every request gets 401.");
        } else {
            err.println("WARNING: --no-token: the portal on " + server.uri() + " asks no token, so any local process or"
                    + " user can use it and upload plugins, which run code as you.");
            err.flush();
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
