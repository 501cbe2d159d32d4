package dev.elementkit.devportal.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.elementkit.devportal.cli.DevportalCli;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code devportal keys} and {@code devportal api} as an operator runs them: the CLI creates, lists and revokes keys;
 * the server runs as its own process (this test's class path, the real main class), is driven with the real
 * {@code curl}, logs one line per request without keys or values, serves HTTPS from a key store made by the JDK's
 * {@code keytool}, and on SIGTERM finishes and exits.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ApiCommandIT {

    private static final Pattern KEY = Pattern.compile("ek_[0-9a-f]{12}_[A-Za-z0-9_-]+");

    ServiceFixture fixture;
    Process process;
    final CountDownLatch readerDone = new CountDownLatch(1);
    final List<String> output = Collections.synchronizedList(new ArrayList<>());

    @BeforeEach
    void app() throws Exception {
        fixture = ServiceFixture.create("Cli");
    }

    @AfterEach
    void stop() throws Exception {
        if (process != null && process.isAlive()) {
            process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
        fixture.close();
    }

    private String[] cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--app", fixture.appDir.toString()));
        int code = DevportalCli.execute(new PrintWriter(out), new PrintWriter(err), all.toArray(String[]::new));
        return new String[] {String.valueOf(code), out.toString(), err.toString()};
    }

    @Test
    void keysAreCreatedListedAndRevokedFromTheCommandLine() {
        String[] created = cli("keys", "create", "--name", "web", "--services", "MyRedis,cache", "--methods", "get,post");
        assertEquals("0", created[0], created[2]);
        Matcher key = KEY.matcher(created[1]);
        assertTrue(key.find(), created[1]);
        assertTrue(created[1].contains("not shown again"), created[1]);

        String[] listed = cli("keys", "list");
        assertEquals("0", listed[0]);
        assertTrue(listed[1].contains("web") && listed[1].contains("myredis,cache") && listed[1].contains("GET,POST"),
                listed[1]);
        assertFalse(listed[1].contains(key.group()), "list never shows a key");
        assertFalse(listed[1].contains(key.group().substring(16)), "nor its secret part");
        String[] json = cli("keys", "list", "--json");
        assertEquals("0", json[0], json[2]);
        assertTrue(json[1].contains("\"name\" : \"web\"") && json[1].contains("\"createdAt\""), json[1]);

        String[] taken = cli("keys", "create", "--name", "web", "--services", "cache", "--methods", "GET");
        assertEquals("2", taken[0]);
        assertTrue(taken[2].contains("--name") && taken[2].contains("exists"), taken[2]);
        String[] badMethod = cli("keys", "create", "--name", "x", "--services", "cache", "--methods", "FETCH");
        assertEquals("2", badMethod[0]);
        assertTrue(badMethod[2].contains("--methods") && badMethod[2].contains("FETCH"), badMethod[2]);
        String[] noServices = cli("keys", "create", "--name", "y", "--methods", "GET");
        assertEquals("2", noServices[0], "picocli's usage error");

        assertEquals("0", cli("keys", "revoke", "web")[0]);
        assertTrue(fixture.start(CacheServices.DEFAULT_MAX_BODY_BYTES).keys.verify(key.group()).isEmpty());
        String[] again = cli("keys", "revoke", "web");
        assertEquals("1", again[0]);
        assertTrue(again[2].contains("no API key"), again[2]);
    }

    @Test
    void theHeadlessServerLogsWithoutSecretsAndStopsOnSigterm() throws Exception {
        Matcher key = KEY.matcher(cli("keys", "create", "--name", "ops", "--services", "*", "--methods", "*")[1]);
        assertTrue(key.find());
        int port = ServiceFixture.freePort();
        start(Map.of(), "--port", String.valueOf(port));
        String base = "http://127.0.0.1:" + port;

        String value = "value-" + System.nanoTime();
        assertEquals("200", curl("-o", "/dev/null", "-w", "%{http_code}", "-X", "PUT", base + "/api/v2/cache/person:42",
                "-H", "X-Api-Key: " + key.group(), "-d", "{\"value\": \"" + value + "\"}"));
        assertEquals("\"" + value + "\"", curl(base + "/api/v2/cache/person:42", "-H", "X-Api-Key: " + key.group()));
        assertEquals("401", curl("-o", "/dev/null", "-w", "%{http_code}", base + "/api/v2/cache/person:42",
                "-H", "X-Api-Key: ek_000000000000_wrong"));
        assertTrue(curl(base + "/health").contains("\"UP\""));
        assertTrue(curl(base + "/api/v2/openapi.json").contains("\"openapi\""));
        // Its own /metrics, behind an API key like every route: the hit above is there, for this process's element.
        String metrics = curl(base + "/metrics", "-H", "X-Api-Key: " + key.group());
        assertTrue(metrics.lines().anyMatch(l -> l.startsWith("cache_gets_total{") && l.contains("result=\"hit\"")
                && l.endsWith(" 1.0")), metrics);
        assertEquals("401", curl("-o", "/dev/null", "-w", "%{http_code}", base + "/metrics"));

        // Process.destroy() would send SIGTERM too, but closes our end of its output at once.
        Programs.run(List.of("kill", "-TERM", String.valueOf(process.pid())));
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "stops on SIGTERM");
        assertEquals(143, process.exitValue(), "128 + SIGTERM, after the shutdown hook ran");
        readerDone.await(30, TimeUnit.SECONDS);
        String log = String.join("\n", output);
        assertTrue(log.contains("Stopped: requests in flight finished."), log);
        assertTrue(log.contains("devportal.requests - PUT /api/v2/{service}/<key> service=cache status=200"), log);
        assertTrue(log.contains("status=401"), log);
        assertFalse(log.contains(key.group().substring(16)), "no API key in the log");
        assertFalse(log.contains("ek_000000000000_wrong"), "no presented key in the log");
        assertFalse(log.contains("person:42"), "no cache key in the log");
        assertFalse(log.contains(value), "no value in the log");
    }

    @Test
    void withAKeyStoreItServesHttps() throws Exception {
        Matcher key = KEY.matcher(cli("keys", "create", "--name", "tls", "--services", "*", "--methods", "GET")[1]);
        assertTrue(key.find());
        Path keyStore = fixture.root.resolve("api.p12");
        Path certificate = fixture.root.resolve("api.pem");
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        String password = "store-" + System.nanoTime();
        Programs.run(List.of(keytool, "-genkeypair", "-alias", "api", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=localhost", "-ext", "san=ip:127.0.0.1,dns:localhost", "-validity", "2", "-storetype",
                "PKCS12", "-keystore", keyStore.toString(), "-storepass", password, "-keypass", password));
        Programs.run(List.of(keytool, "-exportcert", "-rfc", "-alias", "api", "-keystore", keyStore.toString(),
                "-storepass", password, "-file", certificate.toString()));
        int port = ServiceFixture.freePort();
        start(Map.of("DEVPORTAL_TLS_PASSWORD", password), "--port", String.valueOf(port), "--tls-keystore",
                keyStore.toString());

        assertEquals("404", curl("--cacert", certificate.toString(), "-o", "/dev/null", "-w", "%{http_code}",
                "https://127.0.0.1:" + port + "/api/v2/cache/nothing", "-H", "X-Api-Key: " + key.group()));
        assertTrue(curl("--cacert", certificate.toString(), "https://127.0.0.1:" + port + "/health").contains("UP"));
        String plain = curlStatus("http://127.0.0.1:" + port + "/health");
        assertFalse(plain.equals("200"), "no plain HTTP on the TLS port: " + plain);
        assertFalse(String.join("\n", output).contains(password), "the key store password is never printed");
    }

    /** Starts {@code devportal api} and waits until it says it serves (or fails). */
    private void start(Map<String, String> environment, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), DevportalCli.class.getName(), "api",
                "--app", fixture.appDir.toString(), "--plugins", fixture.pluginsDir.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(environment);
        process = builder.start();
        CountDownLatch ready = new CountDownLatch(1);
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    output.add(line);
                    if (line.startsWith("Stop with Ctrl-C")) {
                        ready.countDown();
                    }
                }
            } catch (IOException e) {
                output.add("(output ended: " + e.getMessage() + ")");
            }
            ready.countDown();
            readerDone.countDown();
        }, "devportal-api-output");
        reader.setDaemon(true);
        reader.start();
        assertTrue(ready.await(120, TimeUnit.SECONDS), "devportal api did not start: " + output);
        assertTrue(process.isAlive(), "devportal api exited: " + output);
    }

    private static String curl(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Programs.require("curl", "curl"), "-sS", "--max-time", "30"));
        command.addAll(List.of(args));
        return Programs.run(command);
    }

    /** The status curl sees, or curl's failure ("000" and its message) when there is no HTTP answer. */
    private static String curlStatus(String url) throws Exception {
        Process curl = new ProcessBuilder("curl", "-s", "--max-time", "10", "-o", "/dev/null", "-w", "%{http_code}", url)
                .redirectErrorStream(true).start();
        String out = new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        curl.waitFor(20, TimeUnit.SECONDS);
        return out;
    }
}
