package dev.elementkit.devportal.runtime;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.elementkit.platform.app.ElementNotFoundException;
import dev.elementkit.platform.config.ConfigBinder;
import dev.elementkit.platform.config.FieldError;
import dev.elementkit.platform.config.InvalidConfigurationException;
import dev.elementkit.platform.config.Secret;
import dev.elementkit.platform.element.FullName;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Writes elements in the reference layout from drafts, after validating them against their Type.
 *
 * <p><b>Placeholders in drafts.</b> Validation substitutes the variables that are known; a field naming a variable
 * that is not set is an error naming the field and the variable. <b>Secrets.</b> A value given for a secret field
 * goes to the app's {@code .env} as {@code <NAME>_<FIELD>} (upper snake case, e.g. {@code MY_REDIS_PASSWORD}) and the
 * configuration file gets {@code {{MY_REDIS_PASSWORD}}}; a secret field left out of a draft (absent, empty or the
 * mask {@value Secret#MASK}) keeps the element's current value. Writes are serialized.
 */
final class ElementWriter {

    private final DefaultApp app;
    private final ElementFiles files;
    private final AppVariables variables;
    private final Function<String, Optional<RegisteredType>> types;
    private final ConfigBinder binder;
    private final ObjectMapper mapper;
    /** The fields that say where a configuration connects to: a saved secret is reused only if none differ. */
    private static final List<String> DESTINATION_FIELDS = List.of("host", "port", "mode", "ssl", "tls", "nodes",
            "master_name", "directory", "url");

    /** A validated draft, ready to be written or tested. */
    record Prepared(FullName name, RegisteredType type, Map<String, Object> config, Map<String, String> secrets,
                    Record bound) {
    }

    ElementWriter(DefaultApp app, ElementFiles files, AppVariables variables,
                  Function<String, Optional<RegisteredType>> types, ConfigBinder binder, ObjectMapper mapper) {
        this.app = app;
        this.files = files;
        this.variables = variables;
        this.types = types;
        this.binder = binder;
        this.mapper = mapper;
    }

    /** Writes a new element and the variables it comes with, or nothing when either is refused. */
    synchronized void create(ElementDraft draft, List<VariableDraft> pending) {
        FullName name = parseName(draft.fullName());
        if (files.exists(name)) {
            throw new ElementExistsException(name.toString());
        }
        if (BuiltinCache.TYPE.equals(draft.type())) {
            onlyBuiltinCache(name);
        }
        Prepared prepared = prepare(name, draft, Map.of(), checked(name, pending));
        writeVariables(pending);
        write(prepared, draft, null);
        app.invalidate(name.toString());
    }

    /** Replaces an element and writes the variables it comes with, or nothing when either is refused. */
    synchronized void update(ElementDraft draft, List<VariableDraft> pending) {
        FullName name = parseName(draft.fullName());
        if (!files.exists(name)) {
            throw new ElementNotFoundException(name.toString(), app.root());
        }
        Prepared prepared = prepare(name, draft, currentConfig(name), checked(name, pending));
        writeVariables(pending);
        write(prepared, draft, readDescriptor(name));
        app.invalidate(name.toString());
    }

    /** An app has one built-in cache (the one {@code settings.defaultElement.defaultCache} names). */
    private void onlyBuiltinCache(FullName name) {
        app.elements().stream().filter(e -> BuiltinCache.TYPE.equals(e.type())).findFirst().ifPresent(existing -> {
            throw new InvalidConfigurationException(name.relativePath() + "/e.json", List.of(new FieldError("type",
                    "this app has its built-in cache already, " + existing.fullName() + ": an app has one (scripts "
                    + "reach it as caches.Default or caches.DefaultCache); pick another cache type")));
        });
    }

    /**
     * The variables a draft comes with, by name, once each is known to be writable: a valid name given once, a value
     * of one line (a {@code .env} line).
     *
     * @throws InvalidConfigurationException naming each refused variable as {@code variables.<NAME>}
     */
    private static Map<String, VariableDraft> checked(FullName name, List<VariableDraft> pending) {
        Map<String, VariableDraft> byName = new LinkedHashMap<>();
        List<FieldError> errors = new ArrayList<>();
        for (VariableDraft variable : pending) {
            String field = "variables." + variable.name();
            if (variable.name() == null || !Placeholders.NAME_PATTERN.matcher(variable.name()).matches()) {
                errors.add(new FieldError("variables", "'" + variable.name() + "' is not a variable name: a letter or"
                        + " underscore, then letters, digits and underscores, e.g. REDIS_PASSWORD"));
            } else if (byName.putIfAbsent(variable.name(), variable) != null) {
                errors.add(new FieldError(field, "is given twice"));
            }
            if (variable.value() != null && (variable.value().indexOf('\n') >= 0 || variable.value().indexOf('\r') >= 0)) {
                errors.add(new FieldError(field, "the value must be one line: .env holds one variable per line"));
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidConfigurationException(name.relativePath() + "/" + name.simpleName() + ".json", errors);
        }
        return byName;
    }

    private void writeVariables(List<VariableDraft> pending) {
        for (VariableDraft variable : pending) {
            variables.set(variable.name(), variable.value(), variable.defaultValue(), variable.remark());
        }
    }

    synchronized boolean delete(String fullName) {
        if (!FullName.isValid(fullName)) {
            return false;
        }
        FullName name = FullName.parse(fullName);
        if (!files.exists(name)) {
            return false;
        }
        app.invalidate(fullName);
        Path folder = files.folder(name);
        try {
            boolean holdsOtherElements;
            try (Stream<Path> walk = Files.walk(folder)) {
                holdsOtherElements = walk.anyMatch(p -> !p.getParent().equals(folder)
                        && p.getFileName().toString().equals(ElementFiles.DESCRIPTOR));
            }
            if (holdsOtherElements) {
                // Elements nested below this one stay: only this element's own files go.
                Files.deleteIfExists(files.configFile(name));
                Files.deleteIfExists(files.descriptorFile(name));
            } else {
                try (Stream<Path> walk = Files.walk(folder)) {
                    for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
                        Files.delete(path);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete element " + fullName + " in " + folder + ": " + e.getMessage(), e);
        }
        app.invalidate(fullName);
        return true;
    }

    /**
     * Validates a draft against its Type without writing anything: variables substituted, secrets kept in memory.
     *
     * @throws InvalidConfigurationException per field (the name, the type, unknown variables, the values)
     */
    Prepared prepare(FullName name, ElementDraft draft, Map<String, Object> current) {
        return prepare(name, draft, current, Map.of());
    }

    /** As {@link #prepare(FullName, ElementDraft, Map)}, with {@code pending} variables as if written already. */
    private Prepared prepare(FullName name, ElementDraft draft, Map<String, Object> current,
                             Map<String, VariableDraft> pending) {
        String source = name.relativePath() + "/" + name.simpleName() + ".json";
        if (BuiltinCache.TYPE.equals(draft.type())) {
            if (!draft.config().isEmpty()) {
                throw new InvalidConfigurationException(source, List.of(new FieldError(
                        draft.config().keySet().iterator().next(),
                        BuiltinCache.TYPE + " takes no configuration: the host decides where it runs")));
            }
            return new Prepared(name, null, Map.of(), Map.of(), null);
        }
        RegisteredType type = types.apply(draft.type()).orElseThrow(() -> new InvalidConfigurationException(source,
                List.of(new FieldError("type", "no loaded plugin gives type '" + draft.type()
                        + "': pick one of the listed types or add its plugin"))));
        Set<String> secretFields = type.info().secretFields();
        Map<String, Object> config = new LinkedHashMap<>(draft.config());
        for (String field : secretFields) {
            Object value = config.get(field);
            if (value == null || "".equals(value) || Secret.MASK.equals(value)) {
                if (current.containsKey(field)) {
                    config.put(field, current.get(field));
                } else {
                    config.remove(field);
                }
            }
        }
        Map<String, List<String>> missing = new LinkedHashMap<>();
        JsonNode resolved = Placeholders.substitute(mapper.valueToTree(config), draftVariables(pending), missing);
        if (!missing.isEmpty()) {
            List<FieldError> errors = new ArrayList<>();
            missing.forEach((field, names) -> errors.add(new FieldError(field, "variable " + String.join(", ", names)
                    + " is not one of this app's variables: define it in the app's .env or variables.json (the"
                    + " Variables view), or enter the value")));
            throw new InvalidConfigurationException(source, errors);
        }
        Record bound = type.call(() -> binder.bind(resolved, type.type().configClass(), source));
        Map<String, String> secrets = new LinkedHashMap<>();
        for (String field : secretFields) {
            Object value = config.get(field);
            if (value instanceof String text && !text.isEmpty() && Placeholders.wholeName(text).isEmpty()) {
                String variable = variableName(name, field);
                secrets.put(variable, text);
                config.put(field, Placeholders.placeholder(variable));
            }
        }
        return new Prepared(name, type, config, secrets, bound);
    }

    /** The configuration an element's file holds now (placeholders kept), empty when unreadable. */
    Map<String, Object> currentConfig(FullName name) {
        try {
            Optional<ElementFiles.Declaration> declaration = files.read(name);
            if (declaration.isEmpty()) {
                return Map.of();
            }
            return mapper.convertValue(declaration.get().configTree(), new TypeReference<>() {
            });
        } catch (ElementProblem e) {
            return Map.of(); // a broken file has nothing to keep; the draft repairs it
        }
    }

    /**
     * The saved configuration whose secrets a draft test may reuse: only when the draft goes to the same place (same
     * Type and the same host, port, mode, TLS, nodes and file), so that no draft can send a saved password elsewhere.
     */
    Map<String, Object> reusableForTest(FullName name, ElementDraft draft) {
        try {
            Optional<ElementFiles.Declaration> saved = files.read(name);
            if (saved.isEmpty() || !saved.get().type().equals(draft.type())) {
                return Map.of();
            }
        } catch (ElementProblem e) {
            return Map.of();
        }
        Map<String, Object> current = currentConfig(name);
        for (String field : DESTINATION_FIELDS) {
            if (!mapper.valueToTree(current.get(field)).equals(mapper.valueToTree(draft.config().get(field)))) {
                return Map.of();
            }
        }
        return current;
    }

    /**
     * What a configuration arriving through the API may name: the variables the app declares ({@code .env},
     * {@code variables.json}) and those its saved elements use already. Never the rest of the process environment,
     * so no request can make the host read an arbitrary variable (e.g. the portal's own token).
     */
    private java.util.function.Function<String, Optional<String>> draftVariables(Map<String, VariableDraft> pending) {
        Set<String> allowed = new java.util.HashSet<>(variables.declared());
        allowed.addAll(pending.keySet());
        for (String fullName : files.scan()) {
            if (!FullName.isValid(fullName)) {
                continue;
            }
            try {
                files.read(FullName.parse(fullName)).map(ElementFiles.Declaration::configText)
                        .ifPresent(text -> allowed.addAll(Placeholders.names(text)));
            } catch (ElementProblem e) {
                // a broken element declares nothing
            }
        }
        return name -> !allowed.contains(name) ? Optional.empty() : Optional.ofNullable(pending.get(name))
                .map(VariableDraft::value).or(() -> variables.get(name))
                .or(() -> Optional.ofNullable(pending.get(name)).map(VariableDraft::defaultValue).filter(v -> !v.isEmpty()));
    }

    /** {@code caches.MyRedis} + {@code password} → {@code MY_REDIS_PASSWORD}. */
    static String variableName(FullName name, String field) {
        return upperSnake(name.simpleName()) + "_" + upperSnake(field);
    }

    static String upperSnake(String text) {
        String snake = text.replaceAll("([a-z0-9])([A-Z])", "$1_$2").replaceAll("([A-Z]+)([A-Z][a-z])", "$1_$2")
                .replaceAll("[^A-Za-z0-9]+", "_");
        return snake.toUpperCase(java.util.Locale.ROOT);
    }

    private void write(Prepared prepared, ElementDraft draft, ObjectNode currentDescriptor) {
        FullName name = prepared.name();
        String fullName = name.toString();
        prepared.secrets().forEach((variable, value) -> variables.set(variable, value, "",
                "secret of element " + fullName));
        try {
            Files.createDirectories(files.folder(name));
            ObjectNode descriptor = currentDescriptor != null ? currentDescriptor : mapper.createObjectNode();
            descriptor.put("title", draft.title());
            descriptor.put("type", draft.type());
            writeJson(files.descriptorFile(name), descriptor);
            Path configFile = files.configFile(name);
            if (prepared.type() == null) {
                Files.deleteIfExists(configFile);
            } else {
                writeJson(configFile, mapper.valueToTree(prepared.config()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write element " + fullName + " in " + files.folder(name) + ": "
                    + e.getMessage(), e);
        }
    }

    private ObjectNode readDescriptor(FullName name) {
        try {
            JsonNode tree = mapper.readTree(Files.readString(files.descriptorFile(name), StandardCharsets.UTF_8));
            return tree instanceof ObjectNode object ? object : mapper.createObjectNode();
        } catch (JsonProcessingException e) {
            return mapper.createObjectNode();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + files.descriptorFile(name) + ": " + e.getMessage(), e);
        }
    }

    private void writeJson(Path file, JsonNode tree) throws IOException {
        Path temp = file.resolveSibling("." + file.getFileName() + ".tmp");
        Files.writeString(temp, mapper.writerWithDefaultPrettyPrinter().writeValueAsString(tree) + "\n",
                StandardCharsets.UTF_8);
        Files.move(temp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    static FullName parseName(String fullName) {
        try {
            return FullName.parse(fullName);
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigurationException("the element name", List.of(new FieldError("fullName", e.getMessage())));
        }
    }
}
