package dev.elementkit.devportal.web;

import dev.elementkit.devportal.runtime.Host;
import io.javalin.Javalin;

/** {@code GET /api/element-types} and {@code GET /api/element-types/{type}}; the test route is in {@link ElementRoutes}. */
final class TypeRoutes {

    private final Host host;

    TypeRoutes(Host host) {
        this.host = host;
    }

    void register(Javalin app) {
        app.get("/api/element-types", ctx -> ctx.json(host.types().stream().map(TypeView::of).toList()));
        app.get("/api/element-types/{type}", ctx -> {
            String type = ctx.pathParam("type");
            ctx.json(host.type(type).map(TypeView::of).orElseThrow(() -> ApiException.notFound(
                    "no loaded plugin gives the type '" + type + "': see GET /api/element-types")));
        });
        app.get("/api/app", ctx -> ctx.json(new AppView(host.app().appId())));
    }

    /** What the page's header shows. */
    record AppView(String appId) {
    }
}
