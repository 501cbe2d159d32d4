package dev.elementkit.devportal.cli;

import dev.elementkit.devportal.runtime.Host;
import dev.elementkit.platform.app.ElementInfo;
import dev.elementkit.platform.app.ElementStatus;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code devportal elements}: the app's elements with their status. Exits with {@value DevportalCli#FAILED} when any
 * element is {@code BROKEN}, {@code TYPE_MISSING} or (with {@code --connect}) {@code UNAVAILABLE}, so that a script or
 * CI step can check an app with it.
 */
@Command(name = "elements", mixinStandardHelpOptions = true,
        description = "Lists the app's elements with their status (DEFINED, READY, UNAVAILABLE, TYPE_MISSING, BROKEN)"
                + " and why a broken or unavailable one is. Nothing is connected unless --connect is given. Exit code 1"
                + " when an element is BROKEN, TYPE_MISSING or UNAVAILABLE.")
final class ElementsCommand implements Callable<Integer> {

    @Mixin
    HostOptionsMixin options;

    @Option(names = "--json", description = "Print JSON instead of a table.")
    boolean json;

    @Option(names = "--connect", description = "Create every element first, so that one whose server cannot be"
            + " reached shows UNAVAILABLE (and a READY one has connected).")
    boolean connect;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (Host host = Host.open(options.hostOptions())) {
            List<ElementInfo> elements = host.elements();
            if (connect) {
                elements.stream().filter(e -> e.status() == ElementStatus.DEFINED).forEach(e -> createQuietly(host, e));
                elements = host.elements();
            }
            boolean unusable = elements.stream().anyMatch(e -> e.status() == ElementStatus.BROKEN
                    || e.status() == ElementStatus.TYPE_MISSING || e.status() == ElementStatus.UNAVAILABLE);
            if (json) {
                Map<String, Object> document = new LinkedHashMap<>();
                document.put("appId", host.app().appId());
                document.put("app", host.app().root().toString());
                document.put("elements", elements.stream().map(ElementsCommand::toJson).collect(Collectors.toList()));
                Json.print(out, document);
            } else {
                out.println("App " + host.app().appId() + " (" + host.app().root() + ")");
                if (elements.isEmpty()) {
                    out.println("No elements: an element is a folder holding an e.json, e.g. caches/MyCache/e.json");
                } else {
                    Table table = new Table("ELEMENT", "TYPE", "STATUS", "TITLE");
                    elements.forEach(e -> table.row(e.fullName(), e.type(), e.status().name(), e.title()));
                    table.print(out);
                    for (ElementInfo element : elements) {
                        if (element.error() != null) {
                            out.println();
                            out.println(element.fullName() + " " + element.status() + ": " + element.error());
                        }
                    }
                }
            }
            return unusable ? DevportalCli.FAILED : DevportalCli.OK;
        }
    }

    /** A creation failure is recorded by the app and listed as BROKEN; no need to report it twice. */
    private static void createQuietly(Host host, ElementInfo element) {
        try {
            host.app().getElement(element.fullName());
        } catch (RuntimeException recordedByTheApp) {
            // listed below with its reason
        }
    }

    private static Map<String, Object> toJson(ElementInfo element) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("fullName", element.fullName());
        map.put("type", element.type());
        map.put("title", element.title());
        map.put("status", element.status().name());
        map.put("error", element.error());
        map.put("folder", element.folder().toString());
        return map;
    }
}
