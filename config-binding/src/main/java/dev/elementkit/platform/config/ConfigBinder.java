package dev.elementkit.platform.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Path;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.hibernate.validator.HibernateValidator;
import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;

/**
 * Turns a configuration document into a plugin's configuration record: applies {@link DefaultValue}s, binds with
 * Jackson, checks Jakarta Validation constraints with Hibernate Validator and then {@link CrossFieldValidation}.
 * Every problem is reported per field by its JSON name, and no message ever repeats a field's value.
 *
 * <p>Thread-safe; one instance serves the whole host.
 *
 * @since 1.0.0
 */
public final class ConfigBinder {

    // Replaced by forget(): Jackson's and Hibernate Validator's caches hold the classes they have seen.
    private volatile ObjectMapper mapper = strictMapper();
    // Made by the first validation, not here: Hibernate Validator's start is a good part of a short command's, and a
    // host that binds nothing (listing plugins, serving a page) never needs it. Guarded by this for the making.
    private ValidatorFactory validatorFactory;
    private volatile Validator validator;
    private final Map<Class<?>, Map<String, String>> jsonNamesByType = new ConcurrentHashMap<>();

    /**
     * Jackson, minus the guesses that hide mistakes: {@code "port": 6379.5} is not silently 6379, and
     * {@code "host": 127} or {@code "directory": 5} is not silently a text. A text holding a number still binds to a
     * number field, since that is what a {@code {{PORT}}} placeholder gives.
     */
    private static ObjectMapper strictMapper() {
        ObjectMapper strict = new ObjectMapper()
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
        strict.coercionConfigFor(LogicalType.Textual)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        return strict;
    }

    public ConfigBinder() {
    }

    private static ValidatorFactory newValidatorFactory() {
        // The parameter interpolator needs no expression language: messages like "must be at most {value}"
        // are all the configuration records use, and it keeps an EL implementation off every class path.
        // No META-INF/validation.xml is read: configuration records carry their constraints as annotations, and
        // looking for the file loaded an XML parser on every start.
        return Validation.byProvider(HibernateValidator.class)
                .configure()
                .ignoreXmlConfiguration()
                .messageInterpolator(new ParameterMessageInterpolator())
                .buildValidatorFactory();
    }

    /**
     * Starts making the validator on a daemon thread, for a caller that is about to bind (a host opening an app):
     * Hibernate Validator's start then runs beside whatever the caller does meanwhile (starting a plugin, reading
     * files) on another core, and the first validation waits only for what is left of it. A failure is left for
     * that first validation to raise.
     *
     * @since 1.1.0
     */
    public void prepareInBackground() {
        if (validator != null) {
            return;
        }
        Thread thread = new Thread(() -> {
            try {
                validator();
            } catch (RuntimeException | LinkageError e) {
                // the first validate() meets it again and reports it to its caller
            }
        }, "config-binder-start");
        thread.setDaemon(true);
        thread.start();
    }

    private Validator validator() {
        Validator current = validator;
        if (current == null) {
            synchronized (this) {
                current = validator;
                if (current == null) {
                    validatorFactory = newValidatorFactory();
                    current = validatorFactory.getValidator();
                    validator = current;
                }
            }
        }
        return current;
    }

    /**
     * Forgets every class of {@code loader} (an unloaded plugin's): the name cache drops them, and the Jackson mapper
     * and the validator, whose caches have no way to drop one class, are replaced. Called rarely (on plugin unload).
     */
    public synchronized void forget(ClassLoader loader) {
        jsonNamesByType.keySet().removeIf(type -> type.getClassLoader() == loader);
        mapper = strictMapper();
        ValidatorFactory old = validatorFactory;
        validatorFactory = null;
        validator = null;
        if (old != null) {
            old.close();
        }
    }

    /** Binds JSON text; {@code source} names the file in error messages. */
    public <C extends Record> C bind(String json, Class<C> type, String source) {
        JsonNode tree;
        try {
            tree = mapper.readTree(json);
        } catch (JsonProcessingException e) {
            var location = e.getLocation();
            String where = location == null ? "" : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
            throw new InvalidConfigurationException(source, List.of(new FieldError("",
                    "not valid JSON" + where + ": check the quotes, commas and braces around it")));
        }
        return bind(tree, type, source);
    }

    /** Binds an already parsed document, e.g. a map the portal posted. */
    public <C extends Record> C bind(Map<String, ?> values, Class<C> type, String source) {
        return bind((JsonNode) mapper.valueToTree(values), type, source);
    }

    /** Binds a JSON tree: defaults, then types, then constraints, then cross-field rules. */
    public <C extends Record> C bind(JsonNode tree, Class<C> type, String source) {
        if (tree == null || tree.isNull() || tree.isMissingNode()) {
            tree = mapper.createObjectNode();
        }
        if (!tree.isObject()) {
            throw new InvalidConfigurationException(source,
                    List.of(new FieldError("", "expected a JSON object holding the configuration fields")));
        }
        ObjectNode withDefaults = applyDefaults((ObjectNode) tree.deepCopy(), type);
        C config;
        try {
            config = mapper.treeToValue(withDefaults, type);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new InvalidConfigurationException(source, List.of(describe(e, type)));
        }
        List<FieldError> errors = validate(config);
        if (!errors.isEmpty()) {
            throw new InvalidConfigurationException(source, errors);
        }
        return config;
    }

    /** The constraint and cross-field problems of a bound configuration; empty when it is valid. */
    public List<FieldError> validate(Record config) {
        Map<String, String> names = jsonNames(config.getClass());
        List<String> order = new ArrayList<>(names.values());
        List<FieldError> errors = new ArrayList<>();
        for (ConstraintViolation<Record> violation : validator().validate(config)) {
            String property = firstNode(violation.getPropertyPath());
            errors.add(new FieldError(names.getOrDefault(property, property), readable(violation)));
        }
        errors.addAll(hostProblems(config, names));
        if (errors.isEmpty() && config instanceof CrossFieldValidation rules) {
            errors.addAll(rules.crossFieldErrors());
        }
        errors.sort(Comparator.comparingInt((FieldError e) -> order.indexOf(e.field())).thenComparing(FieldError::message));
        return errors.stream().distinct().collect(Collectors.toList());
    }

    /**
     * A text field named {@code host} that no resolver should see: a bare number ({@code "127"} would become
     * 0.0.0.127) or a control character (a NUL cuts the name short in native code). Said in a sentence, without the
     * value, before a resolver answers with its own exception text.
     */
    private static List<FieldError> hostProblems(Record config, Map<String, String> names) {
        List<FieldError> errors = new ArrayList<>();
        for (RecordComponent component : config.getClass().getRecordComponents()) {
            if (!component.getName().equals("host") || component.getType() != String.class) {
                continue;
            }
            String host;
            try {
                host = (String) component.getAccessor().invoke(config);
            } catch (ReflectiveOperationException e) {
                continue;
            }
            if (host == null) {
                continue;
            }
            String field = names.getOrDefault("host", "host");
            if (host.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
                errors.add(new FieldError(field, "holds a control character (such as NUL): a host name is letters,"
                        + " digits, dots and hyphens, or an IP address"));
            } else if (host.matches("\\d+")) {
                errors.add(new FieldError(field, "is a bare number, not a host name or IP address: write e.g."
                        + " 127.0.0.1 or redis.example.com"));
            }
        }
        return errors;
    }

    /**
     * The violation's message, or a sentence made from the constraint when the message is a template that needs
     * an expression language (Hibernate's {@code ${inclusive == true ? ...}}), which this binder leaves out.
     */
    private static String readable(ConstraintViolation<?> violation) {
        String message = violation.getMessage();
        if (message != null && !message.contains("${") && !message.contains("{jakarta.")) {
            return message;
        }
        Map<String, Object> attributes = violation.getConstraintDescriptor().getAttributes();
        String constraint = violation.getConstraintDescriptor().getAnnotation().annotationType().getSimpleName();
        Object value = attributes.get("value");
        boolean inclusive = !Boolean.FALSE.equals(attributes.get("inclusive"));
        return switch (constraint) {
            case "DecimalMin" -> inclusive ? "must be at least " + value : "must be greater than " + value;
            case "DecimalMax" -> inclusive ? "must be at most " + value : "must be less than " + value;
            case "Digits" -> "must have at most " + attributes.get("integer") + " digits before the point and "
                    + attributes.get("fraction") + " after it";
            default -> "does not meet the constraint @" + constraint;
        };
    }

    /** JSON name of each record component, in declaration order ({@code socketTimeout → socket_timeout}). */
    public Map<String, String> jsonNames(Class<?> type) {
        return jsonNamesByType.computeIfAbsent(type, t -> {
            Map<String, String> byInternal = new LinkedHashMap<>();
            for (BeanPropertyDefinition property : mapper.getDeserializationConfig()
                    .introspect(mapper.constructType(t)).findProperties()) {
                byInternal.put(property.getInternalName(), property.getName());
            }
            Map<String, String> ordered = new LinkedHashMap<>();
            if (t.isRecord()) {
                for (RecordComponent component : t.getRecordComponents()) {
                    ordered.put(component.getName(), byInternal.getOrDefault(component.getName(), component.getName()));
                }
            }
            byInternal.forEach(ordered::putIfAbsent);
            return java.util.Collections.unmodifiableMap(ordered);
        });
    }

    /** The default of a component as JSON, or null when it has none. */
    JsonNode defaultOf(RecordComponent component) {
        DefaultValue annotation = component.getAnnotation(DefaultValue.class);
        return annotation == null ? null : jsonValue(annotation.value());
    }

    /** Annotation text as JSON ({@code "3"}, {@code "true"}, {@code "\"a\""}); other text is a string. */
    JsonNode jsonValue(String text) {
        try {
            return mapper.readTree(text);
        } catch (JsonProcessingException e) {
            return TextNode.valueOf(text);
        }
    }

    /**
     * Fills in the defaults of the fields left out. An optional field {@link ShownWhen shown} only for some values of
     * another gets its default only where it is shown (decided after that field's own default): Redis' {@code db}
     * defaults to 1 in standalone and sentinel mode, while a cluster configuration that leaves it out is not given a
     * database a cluster does not have. A required ({@code @NotNull}) field gets its default everywhere, since it
     * cannot be left empty.
     */
    private ObjectNode applyDefaults(ObjectNode tree, Class<?> type) {
        Map<String, String> names = jsonNames(type);
        List<RecordComponent> conditional = new ArrayList<>();
        for (RecordComponent component : type.getRecordComponents()) {
            if (component.isAnnotationPresent(ShownWhen.class) && !required(component)) {
                conditional.add(component);
            } else {
                applyDefault(tree, names.get(component.getName()), component);
            }
        }
        for (RecordComponent component : conditional) {
            ShownWhen when = component.getAnnotation(ShownWhen.class);
            JsonNode deciding = tree.get(when.field());
            boolean shown = false;
            for (String value : when.is()) {
                shown |= jsonValue(value).equals(deciding);
            }
            if (shown) {
                applyDefault(tree, names.get(component.getName()), component);
            }
        }
        return tree;
    }

    /** {@code @NotNull} cannot name a record component, so Java puts it on the accessor (and field, parameter). */
    private static boolean required(RecordComponent component) {
        return component.getAccessor().isAnnotationPresent(jakarta.validation.constraints.NotNull.class);
    }

    private void applyDefault(ObjectNode tree, String name, RecordComponent component) {
        JsonNode defaultValue = defaultOf(component);
        JsonNode given = tree.get(name);
        if (defaultValue != null && (given == null || given.isNull())) {
            tree.set(name, defaultValue);
        }
    }

    private FieldError describe(Exception e, Class<?> type) {
        if (e instanceof UnrecognizedPropertyException unknown) {
            return new FieldError(unknown.getPropertyName(), "unknown field; the known fields are "
                    + String.join(", ", jsonNames(type).values()));
        }
        if (e instanceof ValueInstantiationException instantiation && instantiation.getCause() != null) {
            return new FieldError(path(instantiation), instantiation.getCause().getMessage());
        }
        if (e instanceof JsonMappingException mapping) {
            String field = path(mapping);
            Class<?> target = targetOf(type, field);
            return new FieldError(field, target == null ? "has the wrong kind of value" : "expected " + kindOf(target));
        }
        return new FieldError("", "cannot be read: " + e.getClass().getSimpleName());
    }

    private static String path(JsonMappingException e) {
        return e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining("."));
    }

    private Class<?> targetOf(Class<?> type, String field) {
        Map<String, String> names = jsonNames(type);
        for (RecordComponent component : type.getRecordComponents()) {
            if (field.equals(names.get(component.getName()))) {
                return component.getType();
            }
        }
        return null;
    }

    private static String kindOf(Class<?> target) {
        if (target == int.class || target == Integer.class || target == long.class || target == Long.class) {
            return "a whole number";
        }
        if (target == double.class || target == Double.class || target == float.class || target == Float.class) {
            return "a number";
        }
        if (target == boolean.class || target == Boolean.class) {
            return "true or false";
        }
        if (target.isEnum()) {
            return "one of " + java.util.Arrays.stream(target.getEnumConstants())
                    .map(ConfigBinder::enumJsonName).collect(Collectors.joining(", "));
        }
        if (List.class.isAssignableFrom(target)) {
            return "a list";
        }
        return "a text value";
    }

    private static String enumJsonName(Object constant) {
        Enum<?> e = (Enum<?>) constant;
        try {
            var annotation = e.getDeclaringClass().getField(e.name())
                    .getAnnotation(com.fasterxml.jackson.annotation.JsonProperty.class);
            return annotation != null ? annotation.value() : e.name();
        } catch (NoSuchFieldException ex) {
            return e.name();
        }
    }

    private static String firstNode(Path path) {
        for (Path.Node node : path) {
            if (node.getName() != null) {
                return node.getName();
            }
        }
        return "";
    }
}
