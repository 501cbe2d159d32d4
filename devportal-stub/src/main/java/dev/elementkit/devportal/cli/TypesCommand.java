package dev.elementkit.devportal.cli;

import dev.elementkit.devportal.runtime.Host;
import dev.elementkit.devportal.runtime.PluginInfo;
import dev.elementkit.devportal.runtime.TypeInfo;
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

/** {@code devportal types}: the element Types the plugins give, with the plugin giving each, and plugins that failed. */
@Command(name = "types", mixinStandardHelpOptions = true,
        description = "Lists the element types the plugins give and the plugin giving each; plugins that could not be"
                + " started are listed below them with the reason.")
final class TypesCommand implements Callable<Integer> {

    @Mixin
    HostOptionsMixin options;

    @Option(names = "--json", description = "Print JSON instead of a table.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (Host host = Host.open(options.hostOptions())) {
            List<TypeInfo> types = host.types();
            List<PluginInfo> failed = host.plugins().stream().filter(p -> p.error() != null).collect(Collectors.toList());
            if (json) {
                Map<String, Object> document = new LinkedHashMap<>();
                document.put("types", types.stream().map(TypesCommand::toJson).collect(Collectors.toList()));
                document.put("plugins", host.plugins());
                Json.print(out, document);
                return failed.isEmpty() ? DevportalCli.OK : DevportalCli.FAILED;
            }
            Table table = new Table("TYPE", "TITLE", "CATEGORY", "PLUGIN");
            for (TypeInfo type : types) {
                table.row(type.fullName(), type.descriptor().title(), type.descriptor().category(),
                        type.runByHost() ? "the host, on " + type.pluginId() : type.pluginId());
            }
            if (table.isEmpty()) {
                out.println("No element types: no plugin in " + options.plugins() + " was started."
                        + " Build the plugins with `mvn -DskipTests package`, or pass --plugins DIR.");
            } else {
                table.print(out);
                types.stream().filter(TypeInfo::runByHost).findFirst().ifPresent(builtin -> out.println(
                        "\n" + builtin.fullName() + ": " + builtin.descriptor().description()));
            }
            if (!failed.isEmpty()) {
                out.println();
                out.println("Plugins not started:");
                for (PluginInfo plugin : failed) {
                    out.println("  " + plugin.id() + " (" + plugin.state() + "): " + plugin.error());
                }
            }
            // As `elements` does: a plugin that did not start is a "no" a script can see.
            return failed.isEmpty() ? DevportalCli.OK : DevportalCli.FAILED;
        }
    }

    private static Map<String, Object> toJson(TypeInfo type) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("fullName", type.fullName());
        map.put("meta", type.descriptor().meta());
        map.put("title", type.descriptor().title());
        map.put("category", type.descriptor().category());
        map.put("description", type.descriptor().description());
        map.put("plugin", type.pluginId());
        map.put("runByHost", type.runByHost());
        map.put("secretFields", type.secretFields().stream().sorted().collect(Collectors.toList()));
        map.put("schema", type.schema());
        return map;
    }
}
