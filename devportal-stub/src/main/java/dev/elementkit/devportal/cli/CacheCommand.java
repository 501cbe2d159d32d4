package dev.elementkit.devportal.cli;

import dev.elementkit.cache.Cache;
import dev.elementkit.devportal.runtime.Host;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code devportal cache ACTION FULLNAME [ARGS]}: read and change a cache element from the shell, redis-cli's habit
 * for every backend. It goes through the element as a script would, so keys are the app's own (its prefix is
 * added and removed) and the backend's rules hold.
 */
@Command(name = "cache", mixinStandardHelpOptions = true,
        description = "Reads and changes a cache element from the shell: get KEY, set KEY VALUE [--ttl S], "
                + "del KEY..., keys [PATTERN], ttl KEY, incr KEY [AMOUNT], clear --yes. Keys are the app's own "
                + "(its prefix is handled). Exit code 1 when the element cannot be used.")
final class CacheCommand implements Callable<Integer> {

    @Mixin
    HostOptionsMixin options;

    @Parameters(index = "0", paramLabel = "ACTION", description = "get, set, del, keys, ttl, incr or clear.")
    String action;

    @Parameters(index = "1", paramLabel = "FULLNAME", description = "The cache element, e.g. caches.Default.")
    String fullName;

    @Parameters(index = "2..*", paramLabel = "ARGS", description = "The action's arguments.")
    List<String> arguments = new ArrayList<>();

    @Option(names = "--ttl", paramLabel = "SECONDS", description = "With set: the entry expires after this many seconds.")
    Long ttlSeconds;

    @Option(names = "--yes", description = "With clear: yes, delete every key of this app in that cache.")
    boolean yes;

    @Option(names = "--json", description = "Print the answer as JSON.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Action chosen = Action.of(action, spec);
        chosen.checkArguments(arguments, spec);
        if (chosen == Action.CLEAR && !yes) {
            throw new ParameterException(spec.commandLine(), "clear deletes every key of this app in " + fullName
                    + ": add --yes to do it");
        }
        if (ttlSeconds != null && (chosen != Action.SET || ttlSeconds <= 0)) {
            throw new ParameterException(spec.commandLine(), "--ttl goes with set, as a number of seconds above 0");
        }
        try (Host host = Host.open(options.hostOptions())) {
            Cache cache = host.app().getElement(fullName, Cache.class);
            print(run(chosen, cache));
            return DevportalCli.OK;
        }
    }

    private Map<String, Object> run(Action chosen, Cache cache) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("element", fullName);
        switch (chosen) {
            case GET -> {
                answer.put("key", arguments.get(0));
                answer.put("value", cache.get(arguments.get(0)));
            }
            case SET -> {
                answer.put("key", arguments.get(0));
                answer.put("stored", ttlSeconds == null ? cache.set(arguments.get(0), arguments.get(1))
                        : cache.set(arguments.get(0), arguments.get(1), ttlSeconds));
            }
            case DEL -> answer.put("deleted", arguments.stream().filter(cache::delete).count());
            case KEYS -> answer.put("keys", (arguments.isEmpty() ? cache.keys() : cache.keys(arguments.get(0)))
                    .stream().sorted().toList());
            case TTL -> {
                answer.put("key", arguments.get(0));
                answer.put("ttl", cache.ttl(arguments.get(0)));
            }
            case INCR -> {
                answer.put("key", arguments.get(0));
                answer.put("value", arguments.size() == 1 ? cache.incr(arguments.get(0))
                        : cache.incr(arguments.get(0), amount(arguments.get(1))));
            }
            case CLEAR -> answer.put("deleted", cache.clear());
        }
        return answer;
    }

    private long amount(String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new ParameterException(spec.commandLine(), "incr's AMOUNT is a whole number, not '" + text + "'");
        }
    }

    /** Plain output is what a shell pipeline wants: the value alone, one key per line, (nil) for a missing key. */
    private void print(Map<String, Object> answer) {
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            Json.print(out, answer);
            return;
        }
        if (answer.containsKey("keys")) {
            ((List<?>) answer.get("keys")).forEach(out::println);
        } else if (answer.containsKey("stored")) {
            out.println(Boolean.TRUE.equals(answer.get("stored")) ? "OK" : "not stored");
        } else {
            Object shown = answer.containsKey("value") ? answer.get("value")
                    : answer.containsKey("ttl") ? answer.get("ttl") : answer.get("deleted");
            out.println(shown == null ? "(nil)" : shown);
        }
    }

    /** The actions, with how many arguments each takes. */
    enum Action {
        GET(1, 1, "KEY"), SET(2, 2, "KEY VALUE"), DEL(1, Integer.MAX_VALUE, "KEY..."), KEYS(0, 1, "[PATTERN]"),
        TTL(1, 1, "KEY"), INCR(1, 2, "KEY [AMOUNT]"), CLEAR(0, 0, "");

        private final int min;
        private final int max;
        private final String usage;

        Action(int min, int max, String usage) {
            this.min = min;
            this.max = max;
            this.usage = usage;
        }

        static Action of(String name, CommandSpec spec) {
            for (Action action : values()) {
                if (action.name().equalsIgnoreCase(name)) {
                    return action;
                }
            }
            throw new ParameterException(spec.commandLine(), "unknown action '" + name
                    + "': use get, set, del, keys, ttl, incr or clear");
        }

        void checkArguments(List<String> arguments, CommandSpec spec) {
            if (arguments.size() < min || arguments.size() > max) {
                throw new ParameterException(spec.commandLine(), "usage: devportal cache "
                        + name().toLowerCase(java.util.Locale.ROOT) + " FULLNAME" + (usage.isEmpty() ? "" : " " + usage));
            }
        }
    }
}
