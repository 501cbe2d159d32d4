package dev.elementkit.devportal.web;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.elementkit.devportal.runtime.Host;
import dev.elementkit.devportal.runtime.Placeholders;
import dev.elementkit.devportal.runtime.Variables;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * {@code /api/variables}: the variables {@code {{NAME}}} placeholders resolve to. A value can be written (into the
 * app's {@code .env}) but never read back; responses say only whether one is set.
 */
final class VariableRoutes {

    private static final Pattern NAME = Pattern.compile(Placeholders.NAME);

    private final Host host;

    VariableRoutes(Host host) {
        this.host = host;
    }

    void register(Javalin app) {
        app.get("/api/variables", ctx -> ctx.json(host.variables().list().stream().map(VariableView::of).toList()));
        app.get("/api/variables/{name}", ctx -> ctx.json(find(validName(ctx.pathParam("name")))));
        app.put("/api/variables/{name}", this::put);
        app.delete("/api/variables/{name}", ctx -> {
            String name = validName(ctx.pathParam("name"));
            if (!host.variables().remove(name)) {
                throw ApiException.notFound("no variable '" + name + "' in this app's .env or definitions");
            }
            ctx.status(204);
        });
    }

    private void put(Context ctx) {
        String name = validName(ctx.pathParam("name"));
        ObjectNode body = JsonBodies.object(ctx);
        List<FieldProblem> problems = new ArrayList<>();
        String value = JsonBodies.text(body, "value", problems);
        String defaultValue = JsonBodies.text(body, "defaultValue", problems);
        String remark = JsonBodies.text(body, "remark", problems);
        if (value != null && (value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0)) {
            problems.add(new FieldProblem("value", "must be one line: .env holds one variable per line"));
        }
        if (!problems.isEmpty()) {
            throw ApiException.badRequest(problems);
        }
        host.variables().set(name, value, defaultValue == null ? "" : defaultValue, remark == null ? "" : remark);
        ctx.json(find(name));
    }

    private VariableView find(String name) {
        Variables variables = host.variables();
        return variables.list().stream().filter(v -> v.name().equals(name)).findFirst().map(VariableView::of)
                .orElseGet(() -> {
                    if (variables.get(name).isPresent()) {
                        return new VariableView(name, "", "", true, true);
                    }
                    throw ApiException.notFound("no variable '" + name + "' in this app's .env, definitions or environment");
                });
    }

    private static String validName(String name) {
        if (!NAME.matcher(name).matches()) {
            throw ApiException.badRequest("name", "a variable name is 1 to 128 letters, digits or underscores, "
                    + "as in {{REDIS_PASSWORD}}");
        }
        return name;
    }
}
