package dev.elementkit.devportal.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.elementkit.devportal.runtime.ElementDefinition;
import dev.elementkit.devportal.runtime.ElementDraft;
import dev.elementkit.devportal.runtime.Host;
import dev.elementkit.devportal.runtime.SecretMasking;
import dev.elementkit.devportal.runtime.TypeInfo;
import dev.elementkit.devportal.runtime.VariableDraft;
import dev.elementkit.devportal.runtime.Variables;
import dev.elementkit.platform.app.BrokenElementException;
import dev.elementkit.platform.app.ElementInfo;
import dev.elementkit.platform.app.ElementNotFoundException;
import dev.elementkit.platform.element.FullName;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code /api/elements}: list, create, read, replace, delete and test an app's elements, and
 * {@code /api/element-types/{type}/test} for values not saved yet.
 */
final class ElementRoutes {

    private final Host host;

    ElementRoutes(Host host) {
        this.host = host;
    }

    void register(Javalin app) {
        app.get("/api/elements", ctx -> ctx.json(host.elements().stream().map(ElementSummary::of).toList()));
        app.post("/api/elements", this::create);
        app.get("/api/elements/{fullName}", ctx -> ctx.json(view(existing(ctx.pathParam("fullName")))));
        app.put("/api/elements/{fullName}", this::update);
        app.delete("/api/elements/{fullName}", this::delete);
        app.post("/api/elements/{fullName}/test", this::testSaved);
        app.post("/api/element-types/{type}/test", this::testDraft);
    }

    /** What POST and PUT of an element read, plus the rest of GET's answer, so that a client may send that back. */
    private static final Set<String> ELEMENT_FIELDS = Set.of("fullName", "type", "title", "config",
            "family", "status", "error", "configHidden", "variables", "dataFiles");
    /** What a draft test reads. */
    private static final Set<String> DRAFT_FIELDS = Set.of("fullName", "title", "config");

    private void create(Context ctx) {
        ObjectNode body = JsonBodies.object(ctx);
        List<FieldProblem> problems = new ArrayList<>();
        String fullName = JsonBodies.text(body, "fullName", problems);
        String typeName = JsonBodies.text(body, "type", problems);
        String title = JsonBodies.text(body, "title", problems);
        ObjectNode config = JsonBodies.config(body, problems);
        List<VariableDraft> variables = JsonBodies.variables(body, problems);
        JsonBodies.onlyFields(body, problems, ELEMENT_FIELDS);
        TypeInfo type = null;
        if (typeName == null || typeName.isBlank()) {
            problems.add(new FieldProblem("type", "is required: the Type's fullName, e.g. caches.SqliteType"));
        } else {
            type = host.type(typeName).orElse(null);
            if (type == null) {
                problems.add(new FieldProblem("type", "no loaded plugin gives the type '" + typeName
                        + "': see GET /api/element-types for the types on offer"));
            }
        }
        checkNewName(fullName, type, problems);
        if (!problems.isEmpty()) {
            throw ApiException.badRequest(problems);
        }
        if (host.elements().stream().anyMatch(e -> e.fullName().equals(fullName))) {
            throw ApiException.conflict("fullName", "element '" + fullName + "' exists already: pick another name, or edit it");
        }
        host.createElement(new ElementDraft(fullName, typeName, title,
                JsonBodies.toMap(SecretMasking.withoutMarkers(config))), variables);
        ctx.status(201).header("Location", "/api/elements/" + fullName).json(view(existing(fullName)));
    }

    private void update(Context ctx) {
        ElementDefinition saved = existing(ctx.pathParam("fullName"));
        boolean unreadable = unreadable(saved);
        ObjectNode body = JsonBodies.object(ctx);
        List<FieldProblem> problems = new ArrayList<>();
        String typeName = JsonBodies.text(body, "type", problems);
        String title = JsonBodies.text(body, "title", problems);
        String bodyName = JsonBodies.text(body, "fullName", problems);
        ObjectNode config = JsonBodies.config(body, problems);
        List<VariableDraft> variables = JsonBodies.variables(body, problems);
        JsonBodies.onlyFields(body, problems, ELEMENT_FIELDS);
        if (saved.type().isEmpty()) {
            // e.json itself is broken: the repair names the type.
            saved = new ElementDefinition(saved.fullName(), typeName == null ? "" : typeName, saved.title(), Map.of(),
                    saved.folder());
            if (typeName == null) {
                problems.add(new FieldProblem("type", "is required to repair this element: its e.json cannot be read"));
            }
        }
        if (unreadable && !body.has("config")) {
            problems.add(new FieldProblem("config", "is required to repair this element: its files cannot be read"));
        }
        if (typeName != null && !typeName.equals(saved.type())) {
            problems.add(new FieldProblem("type", "an element keeps its type: delete it and create a new one of type '"
                    + typeName + "'"));
        }
        if (bodyName != null && !bodyName.equals(saved.fullName())) {
            problems.add(new FieldProblem("fullName", "an element keeps its name: create a new one and delete this"));
        }
        if (!saved.type().isEmpty() && host.type(saved.type()).isEmpty()) {
            problems.add(new FieldProblem("type", "no loaded plugin gives the type '" + saved.type()
                    + "': install its plugin before editing the element"));
        }
        if (!problems.isEmpty()) {
            throw ApiException.badRequest(problems);
        }
        // A body without "config" changes only the title; it must not wipe the configuration.
        Map<String, Object> newConfig = body.has("config")
                ? JsonBodies.toMap(SecretMasking.withoutMarkers(config)) : saved.config();
        host.updateElement(new ElementDraft(saved.fullName(), saved.type(), title == null ? saved.title() : title,
                newConfig), variables);
        ctx.json(view(existing(saved.fullName())));
    }

    /** {@code ?data=true} deletes the element's data files too (its view's {@code dataFiles}); they stay otherwise. */
    private void delete(Context ctx) {
        String fullName = validName(ctx.pathParam("fullName"));
        String data = ctx.queryParam("data");
        if (data != null && !data.equals("true") && !data.equals("false")) {
            throw ApiException.badRequest("data", "is true (delete the element's data files too) or false (keep them,"
                    + " the default)");
        }
        if (!host.deleteElement(fullName, "true".equals(data))) {
            throw notFound(fullName);
        }
        ctx.status(204);
    }

    private void testSaved(Context ctx) {
        // A broken element answers 200 with code INVALID_CONFIG and the error: the host's test never throws.
        ElementDefinition saved = existing(ctx.pathParam("fullName"));
        ctx.json(TestResultView.of(host.testElement(saved.fullName(), TestTimeouts.of(ctx))));
    }

    private void testDraft(Context ctx) {
        String typeName = ctx.pathParam("type");
        TypeInfo type = host.type(typeName).orElseThrow(() -> ApiException.notFound("no loaded plugin gives the type '"
                + typeName + "': see GET /api/element-types for the types on offer"));
        ObjectNode body = JsonBodies.object(ctx);
        List<FieldProblem> problems = new ArrayList<>();
        String fullName = JsonBodies.text(body, "fullName", problems);
        String title = JsonBodies.text(body, "title", problems);
        ObjectNode config = SecretMasking.withoutMarkers(JsonBodies.config(body, problems));
        JsonBodies.onlyFields(body, problems, DRAFT_FIELDS);
        if (fullName == null || fullName.isBlank()) {
            fullName = Families.ofMeta(type.descriptor().meta()) + ".UnsavedElement";
        } else if (!FullName.isValid(fullName)) {
            problems.add(new FieldProblem("fullName", invalidName(fullName)));
        }
        if (!problems.isEmpty()) {
            throw ApiException.badRequest(problems);
        }
        // Saved secrets are reused by the host, and only for a draft that goes where the saved element goes.
        ElementDraft draft = new ElementDraft(fullName, typeName, title, JsonBodies.toMap(config));
        ctx.json(TestResultView.of(host.testDraft(draft, TestTimeouts.of(ctx))));
    }

    private void checkNewName(String fullName, TypeInfo type, List<FieldProblem> problems) {
        if (fullName == null || fullName.isBlank()) {
            problems.add(new FieldProblem("fullName", "is required, e.g. caches.MyCache"));
            return;
        }
        if (!FullName.isValid(fullName)) {
            problems.add(new FieldProblem("fullName", invalidName(fullName)));
            return;
        }
        FullName name = FullName.parse(fullName);
        if (type != null) {
            String family = Families.ofMeta(type.descriptor().meta());
            if (name.segments().size() < 2 || !name.family().equals(family)) {
                problems.add(new FieldProblem("fullName", "a " + type.descriptor().title() + " element lives in the '"
                        + family + "' family: name it " + family + "." + name.simpleName()));
            }
        }
    }

    /** The saved element, or 404; a name that cannot be an element is 400. */
    private ElementDefinition existing(String fullName) {
        return find(validName(fullName)).orElseThrow(() -> notFound(fullName));
    }

    /**
     * The element as its files define it. When they cannot be read (malformed JSON, a duplicate key, an empty file),
     * what the listing knows of it (type, title) and no configuration, so that it can be shown and repaired.
     */
    private Optional<ElementDefinition> find(String fullName) {
        try {
            return Optional.of(host.readElement(fullName));
        } catch (ElementNotFoundException e) {
            return Optional.empty();
        } catch (BrokenElementException e) {
            return info(fullName).map(info -> new ElementDefinition(fullName, info.type(), info.title(), null,
                    info.folder()));
        }
    }

    /** True for the stand-in {@link #find} gives for an element whose files cannot be read. */
    private static boolean unreadable(ElementDefinition definition) {
        return definition.config() == null;
    }

    private Optional<ElementInfo> info(String fullName) {
        return host.elements().stream().filter(e -> e.fullName().equals(fullName)).findFirst();
    }

    private ElementView view(ElementDefinition definition) {
        ElementInfo info = info(definition.fullName()).orElse(null);
        String status = info == null ? "DEFINED" : info.status().name();
        String error = info == null ? null : info.error();
        Optional<TypeInfo> type = host.type(definition.type());
        ObjectNode config = unreadable(definition) ? null
                : type.map(t -> SecretMasking.mask(definition.config(), t)).orElse(null);
        String hidden = unreadable(definition) ? "the element's files cannot be read (see error): repair it by"
                + " saving a valid configuration (PUT with type and config)"
                : config == null ? "the type '" + definition.type() + "' is not loaded, so its secret fields are "
                + "unknown: the configuration is shown once its plugin is installed" : null;
        List<VariableView> variables = config == null ? List.of() : variablesOf(config);
        java.nio.file.Path root = host.app().root().toAbsolutePath().normalize();
        List<String> dataFiles = host.dataFiles(definition.fullName()).stream()
                .map(file -> root.relativize(file).toString()).toList();
        return new ElementView(definition.fullName(), Families.ofElement(definition.fullName()), definition.type(),
                definition.title(), status, error, config, hidden, variables, dataFiles);
    }

    private List<VariableView> variablesOf(JsonNode maskedConfig) {
        Variables variables = host.variables();
        Map<String, Variables.VariableInfo> known = new HashMap<>();
        variables.list().forEach(v -> known.put(v.name(), v));
        List<VariableView> views = new ArrayList<>();
        for (String name : SecretMasking.placeholders(maskedConfig)) {
            Variables.VariableInfo info = known.get(name);
            if (info != null) {
                views.add(VariableView.of(info));
            } else {
                boolean set = variables.get(name).isPresent();
                views.add(new VariableView(name, "", "", set, set));
            }
        }
        return views;
    }

    static String validName(String fullName) {
        if (!FullName.isValid(fullName)) {
            throw ApiException.badRequest("fullName", invalidName(fullName));
        }
        return fullName;
    }

    private static String invalidName(String fullName) {
        return "'" + abbreviate(fullName) + "' is not an element name: use dot-separated parts of letters, digits "
                + "and underscores, e.g. caches.MyCache";
    }

    private static String abbreviate(String text) {
        return text.length() <= 80 ? text : text.substring(0, 80) + "…";
    }

    private static ApiException notFound(String fullName) {
        return ApiException.notFound("no element '" + fullName + "' in this app: see GET /api/elements");
    }
}
