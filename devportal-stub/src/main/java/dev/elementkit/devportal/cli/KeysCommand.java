package dev.elementkit.devportal.cli;

import dev.elementkit.devportal.service.ApiKeyInfo;
import dev.elementkit.devportal.service.ApiKeys;
import dev.elementkit.devportal.service.CreatedApiKey;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code devportal keys create|list|revoke}: the API keys of the app's cache services. A key is printed once, at
 * creation; the app folder keeps only a salted hash ({@value ApiKeys#FILE}). Needs no plugins and no backend.
 */
@Command(name = "keys", mixinStandardHelpOptions = true,
        description = "Create, list and revoke the API keys of the app's cache services (/api/v2).",
        subcommands = {KeysCommand.Create.class, KeysCommand.ListKeys.class, KeysCommand.Revoke.class})
final class KeysCommand {

    /** The app's keys, after checking that {@code --app} is an app folder. */
    static ApiKeys open(HostOptionsMixin options) {
        if (!Files.isRegularFile(options.app().resolve("app.json"))) {
            throw new IllegalArgumentException(options.app() + " is not an app folder (it has no app.json): pass --app DIR");
        }
        return ApiKeys.of(options.app());
    }

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = {"Create an API key and print it, once.",
                    "Example: devportal keys create --name web --services myredis,cache --methods GET,POST"})
    static final class Create implements Callable<Integer> {

        @Mixin
        HostOptionsMixin options;

        @Option(names = "--name", required = true, paramLabel = "NAME", description = "A unique name for the key.")
        String name;

        @Option(names = "--services", required = true, split = ",", paramLabel = "SERVICE",
                description = "The services it may use (comma-separated, e.g. cache,myredis), or * for all.")
        List<String> services;

        @Option(names = "--methods", required = true, split = ",", paramLabel = "METHOD",
                description = "The HTTP methods it may send: GET, POST, PUT, PATCH, DELETE (comma-separated), or * for all.")
        List<String> methods;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            CreatedApiKey created;
            try {
                created = open(options).create(name, services, methods);
            } catch (IllegalArgumentException e) {
                err.println("devportal keys create: " + e.getMessage());
                return DevportalCli.USAGE;
            }
            ApiKeyInfo info = created.info();
            out.println("API key '" + info.name() + "' (id " + info.id() + ") for services " + String.join(",",
                    info.services()) + ", methods " + String.join(",", info.methods()) + ":");
            out.println();
            out.println("  " + created.key());
            out.println();
            out.println("Copy it now: it is not shown again (only a salted hash is kept in " + ApiKeys.FILE + ").");
            out.println("Send it as the header X-DreamFactory-API-Key, X-Api-Key or Authorization: Bearer.");
            return DevportalCli.OK;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the API keys (never the keys themselves).")
    static final class ListKeys implements Callable<Integer> {

        @Mixin
        HostOptionsMixin options;

        @Option(names = "--json", description = "Print JSON instead of a table.")
        boolean json;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            List<ApiKeyInfo> keys = open(options).list();
            if (json) {
                Json.print(out, keys);
                return DevportalCli.OK;
            }
            if (keys.isEmpty()) {
                out.println("No API keys. Create one with: devportal keys create --name NAME --services cache"
                        + " --methods GET,POST");
                return DevportalCli.OK;
            }
            Table table = new Table("ID", "NAME", "SERVICES", "METHODS", "CREATED");
            for (ApiKeyInfo key : keys) {
                table.row(key.id(), key.name(), String.join(",", key.services()), String.join(",", key.methods()),
                        key.createdAt());
            }
            table.print(out);
            return DevportalCli.OK;
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true,
            description = "Revoke an API key by id or name; running servers refuse it from their next request on.")
    static final class Revoke implements Callable<Integer> {

        @Mixin
        HostOptionsMixin options;

        @Parameters(paramLabel = "ID_OR_NAME", description = "The key's id or name, as devportal keys list shows.")
        String idOrName;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            if (!open(options).revoke(idOrName)) {
                spec.commandLine().getErr().println("devportal keys revoke: no API key with the id or name '" + idOrName
                        + "' (devportal keys list shows them)");
                return DevportalCli.FAILED;
            }
            spec.commandLine().getOut().println("Revoked '" + idOrName + "'.");
            return DevportalCli.OK;
        }
    }
}
