package dev.elementkit.devportal.cli;

import dev.elementkit.cache.Cache;
import dev.elementkit.cache.metrics.CacheMetrics;
import dev.elementkit.cache.metrics.CacheReading;
import dev.elementkit.devportal.metrics.HealthMark;
import dev.elementkit.devportal.metrics.PrometheusEndpoint;
import dev.elementkit.devportal.runtime.Host;
import dev.elementkit.platform.app.ElementInfo;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code devportal stats}: the metrics figures of the app's cache elements, taken by this process over a short read
 * of each (its keys listed once, then up to {@code --sample} of them read), since metrics are per process: the
 * figures of a running {@code devportal serve} or {@code api} are on its own {@code /metrics}.
 */
@Command(name = "stats", mixinStandardHelpOptions = true,
        description = "Reads each cache element briefly (lists its keys, gets up to --sample of them) and prints the"
                + " figures this process measured: calls by operation, hit ratio, p50/p99 latency, errors, health."
                + " A running 'devportal serve' or 'devportal api' shows its own on GET /metrics."
                + " Exit code 1 when an element cannot be read.")
final class StatsCommand implements Callable<Integer> {

    @Mixin
    HostOptionsMixin options;

    @Parameters(arity = "0..1", paramLabel = "fullName", description = "One element, e.g. caches.Default (default: all"
            + " cache elements).")
    String fullName;

    @Option(names = "--sample", defaultValue = "20", description = "How many keys to read per element (default 20).")
    int sample;

    @Option(names = "--json", description = "Print JSON instead of a table.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        // The registry serve and api use, so that the figures mean the same (cumulative latency buckets).
        MeterRegistry registry = PrometheusEndpoint.newRegistry();
        try (Host host = Host.open(options.hostOptions().withMeterRegistry(registry))) {
            List<ElementInfo> elements = host.elements().stream()
                    .filter(e -> fullName == null ? e.fullName().startsWith("caches.")
                            : e.fullName().equals(fullName)).toList();
            if (elements.isEmpty()) {
                err.println(fullName == null ? "no cache elements in " + options.app()
                        : "no element '" + fullName + "' in " + options.app() + " (devportal elements lists them)");
                return DevportalCli.FAILED;
            }
            Map<String, String> problems = new LinkedHashMap<>();
            for (ElementInfo element : elements) {
                try {
                    readBriefly(host.app().getElement(element.fullName(), Cache.class));
                } catch (RuntimeException e) {
                    problems.put(element.fullName(), e.getMessage());
                }
            }
            Map<String, CacheReading> readings = CacheMetrics.read(registry);
            List<ElementInfo> now = host.elements();
            List<Map<String, Object>> rows = new ArrayList<>();
            for (ElementInfo element : elements) {
                rows.add(row(element.fullName(), health(now, element.fullName()), readings.get(element.fullName()),
                        problems.get(element.fullName())));
            }
            print(out, rows);
            return problems.isEmpty() ? DevportalCli.OK : DevportalCli.FAILED;
        }
    }

    private void readBriefly(Cache cache) {
        List<String> keys = cache.keys();
        for (String key : keys.subList(0, Math.min(Math.max(sample, 0), keys.size()))) {
            cache.get(key);
        }
    }

    private static String health(List<ElementInfo> elements, String fullName) {
        return elements.stream().filter(e -> e.fullName().equals(fullName)).findFirst()
                .map(e -> HealthMark.of(e.status())).orElse("broken");
    }

    private static Map<String, Object> row(String fullName, String health, CacheReading reading, String problem) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("element", fullName);
        row.put("health", health);
        row.put("calls", reading == null ? Map.of() : reading.calls());
        row.put("hitRatio", reading == null ? null : reading.hitRatio());
        row.put("p50Ms", reading == null ? null : reading.p50Ms());
        row.put("p99Ms", reading == null ? null : reading.p99Ms());
        row.put("errors", reading == null ? 0 : reading.errors());
        row.put("problem", problem);
        return row;
    }

    private void print(PrintWriter out, List<Map<String, Object>> rows) {
        if (json) {
            Json.print(out, Map.of("elements", rows));
            return;
        }
        Table table = new Table("ELEMENT", "HEALTH", "CALLS", "HIT RATIO", "P50 MS", "P99 MS", "ERRORS");
        for (Map<String, Object> row : rows) {
            table.row(String.valueOf(row.get("element")), String.valueOf(row.get("health")),
                    String.valueOf(row.get("calls")), number(row.get("hitRatio")), number(row.get("p50Ms")),
                    number(row.get("p99Ms")), String.valueOf(row.get("errors")));
        }
        table.print(out);
        rows.stream().filter(r -> r.get("problem") != null)
                .forEach(r -> out.println(r.get("element") + ": " + r.get("problem")));
    }

    private static String number(Object value) {
        return value == null ? "-" : String.format(Locale.ROOT, "%.3f", ((Number) value).doubleValue());
    }
}
