package dev.elementkit.devportal.cli;

import dev.elementkit.devportal.metrics.PrometheusEndpoint;
import dev.elementkit.devportal.runtime.Host;
import dev.elementkit.devportal.service.ApiKeys;
import dev.elementkit.devportal.service.ApiServer;
import dev.elementkit.devportal.service.ApiServerSettings;
import dev.elementkit.devportal.service.CacheServices;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code devportal api}: the app's cache services alone ({@code /api/v2} and {@code /health}), for production: no
 * page, no editing, API keys on every request. Stops on SIGTERM or Ctrl-C after the requests in flight finish.
 */
@Command(name = "api", mixinStandardHelpOptions = true,
        description = {"Serve the app's cache elements as HTTP cache services (/api/v2), without the portal.",
                "Every request needs an API key (devportal keys create). Health: GET /health and /health/ready."})
final class ApiCommand implements Callable<Integer> {

    @Mixin
    HostOptionsMixin options;

    @Option(names = "--port", paramLabel = "N", defaultValue = "8081",
            description = "The port to listen on; 0 picks a free one. Default: ${DEFAULT-VALUE}")
    int port;

    @Option(names = "--bind", paramLabel = "ADDR", defaultValue = "127.0.0.1",
            description = "The address to listen on, e.g. 0.0.0.0 for every interface. Default: ${DEFAULT-VALUE}")
    String bind;

    @Option(names = "--tls-keystore", paramLabel = "FILE",
            description = "Serve HTTPS with this PKCS#12 key store (certificate and private key).")
    Path keyStore;

    @Option(names = "--tls-password-env", paramLabel = "NAME", defaultValue = "DEVPORTAL_TLS_PASSWORD",
            description = "The environment variable holding the key store's password (never on the command line,"
                    + " where ps shows it). Default: ${DEFAULT-VALUE}")
    String keyStorePasswordVariable;

    @Option(names = "--max-body", paramLabel = "BYTES", defaultValue = "" + CacheServices.DEFAULT_MAX_BODY_BYTES,
            description = "Largest request body; larger ones get 413. Default: ${DEFAULT-VALUE}")
    long maxBody;

    @Option(names = "--no-request-log", negatable = false, description = "Do not log a line per request.")
    boolean noRequestLog;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ApiServerSettings settings;
        try {
            settings = new ApiServerSettings(bind, port, keyStore,
                    keyStore == null ? null : System.getenv(keyStorePasswordVariable), maxBody, Duration.ofSeconds(10),
                    !noRequestLog);
        } catch (IllegalArgumentException e) {
            err.println("devportal api: " + e.getMessage());
            return DevportalCli.USAGE;
        }
        if (settings.requestLog() && System.getProperty("org.slf4j.simpleLogger.log.devportal.requests") == null) {
            System.setProperty("org.slf4j.simpleLogger.log.devportal.requests", "info");
        }
        Host host;
        try {
            // A server starts every plugin before it answers: a broken one shows at start, not at a first request.
            host = Host.open(options.hostOptions().startingPluginsOnDemand(false)
                    .withMeterRegistry(PrometheusEndpoint.newRegistry()));
        } catch (IllegalArgumentException e) {
            err.println("devportal api: " + e.getMessage());
            return DevportalCli.FAILED;
        }
        ApiServer server;
        try {
            server = ApiServer.start(host, ApiKeys.of(options.app()), settings);
        } catch (IllegalStateException e) {
            host.close();
            err.println("devportal api: " + e.getMessage());
            return DevportalCli.FAILED;
        }
        out.println("Cache services of app " + host.app().appId() + " on " + server.uri() + "api/v2");
        for (Map.Entry<String, String> service : CacheServices.services(host.app()).entrySet()) {
            out.println("  /api/v2/" + service.getKey() + "   (" + service.getValue() + ")");
        }
        int keys = ApiKeys.of(options.app()).list().size();
        out.println("Every request needs an API key (" + (keys == 0
                ? "none exists yet, so every request gets 401: create one with devportal keys create --name NAME "
                        + "--services SERVICES --methods GET,POST"
                : keys + (keys == 1 ? " exists" : " exist") + "; devportal keys create makes more")
                + "). OpenAPI: " + server.uri() + "api/v2/openapi.json; health: " + server.uri() + "health");
        out.println("Stop with Ctrl-C or SIGTERM.");
        out.flush();

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            host.close();
            out.println("Stopped: requests in flight finished.");
            out.flush();
            stopped.countDown();
        }, "devportal-api-shutdown"));
        stopped.await();
        return DevportalCli.OK;
    }
}
