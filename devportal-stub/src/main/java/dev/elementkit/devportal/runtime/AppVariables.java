package dev.elementkit.devportal.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The variables of one app: the process environment first, then the app's {@code .env}, then the default value of
 * the variable's definition in {@code variables.json} (which records name, default value and remark, never a
 * value, so that it can be committed beside the elements).
 *
 * <p>Thread-safe. {@code .env} is read again when its size or modification time changes.
 */
final class AppVariables implements Variables {

    static final String DOT_ENV = ".env";
    static final String DEFINITIONS = "variables.json";
    private static final Pattern NAME = Placeholders.NAME_PATTERN;

    private final Path dotEnv;
    private final Path definitionsFile;
    private final Map<String, String> environment;
    private final ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private Snapshot snapshot = new Snapshot(null, Map.of());

    private record Snapshot(Object stamp, Map<String, String> values) {
    }

    AppVariables(Path appDir, Map<String, String> environment) {
        this.dotEnv = appDir.resolve(DOT_ENV);
        this.definitionsFile = appDir.resolve(DEFINITIONS);
        this.environment = environment;
    }

    @Override
    public Optional<String> get(String name) {
        String fromEnvironment = environment.get(name);
        if (fromEnvironment != null) {
            return Optional.of(fromEnvironment);
        }
        String fromFile = dotEnvValues().get(name);
        if (fromFile != null) {
            return Optional.of(fromFile);
        }
        JsonNode definition = definitions().get(name);
        String defaultValue = definition == null ? "" : definition.path("defaultValue").asText("");
        return defaultValue.isEmpty() ? Optional.empty() : Optional.of(defaultValue);
    }

    /** The names the app declares: those of its {@code .env} and of its variable definitions. */
    Set<String> declared() {
        Set<String> names = new TreeSet<>(dotEnvValues().keySet());
        definitions().fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** A stamp that changes whenever a variable's value may have changed (the environment is fixed). */
    Object stamp() {
        return HostSupport.stampOf(dotEnv) + "|" + HostSupport.stampOf(definitionsFile);
    }

    @Override
    public List<VariableInfo> list() {
        Map<String, String> values = dotEnvValues();
        ObjectNode definitions = definitions();
        TreeSet<String> names = new TreeSet<>(values.keySet());
        definitions.fieldNames().forEachRemaining(names::add);
        List<VariableInfo> infos = new ArrayList<>();
        for (String name : names) {
            JsonNode definition = definitions.path(name);
            boolean fromEnvironment = environment.containsKey(name);
            infos.add(new VariableInfo(name, definition.path("defaultValue").asText(""),
                    definition.path("remark").asText(""), fromEnvironment || values.containsKey(name), fromEnvironment));
        }
        return infos;
    }

    @Override
    public synchronized void set(String name, String value, String defaultValue, String remark) {
        requireName(name);
        Map<String, String> values = new LinkedHashMap<>(DotEnv.read(dotEnv));
        if (value != null) {
            values.put(name, value);
            DotEnv.write(dotEnv, values);
        }
        ObjectNode definitions = definitions();
        ObjectNode definition = definitions.putObject(name);
        definition.put("defaultValue", defaultValue == null ? "" : defaultValue);
        definition.put("remark", remark == null ? "" : remark);
        writeDefinitions(definitions);
    }

    @Override
    public synchronized boolean remove(String name) {
        requireName(name);
        Map<String, String> values = new LinkedHashMap<>(DotEnv.read(dotEnv));
        boolean removed = values.remove(name) != null;
        if (removed) {
            DotEnv.write(dotEnv, values);
        }
        ObjectNode definitions = definitions();
        if (definitions.remove(name) != null) {
            writeDefinitions(definitions);
            removed = true;
        }
        return removed;
    }

    private static void requireName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("a variable name is a letter or underscore, then letters, digits and"
                    + " underscores, e.g. REDIS_PASSWORD");
        }
    }

    private synchronized Map<String, String> dotEnvValues() {
        String stamp = HostSupport.stampOf(dotEnv);
        if (!stamp.equals(snapshot.stamp())) {
            snapshot = new Snapshot(stamp, DotEnv.read(dotEnv));
        }
        return snapshot.values();
    }

    private ObjectNode definitions() {
        if (!Files.exists(definitionsFile)) {
            return mapper.createObjectNode();
        }
        try {
            JsonNode tree = StrictJson.read(Files.readString(definitionsFile, StandardCharsets.UTF_8),
                    definitionsFile.toString());
            if (tree instanceof ObjectNode object) {
                return object;
            }
            throw new IllegalArgumentException(definitionsFile + ": expected a JSON object of variable definitions");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + definitionsFile + ": " + e.getMessage(), e);
        }
    }

    private void writeDefinitions(ObjectNode definitions) {
        try {
            Files.writeString(definitionsFile, mapper.writeValueAsString(definitions) + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + definitionsFile + ": " + e.getMessage(), e);
        }
    }
}
