package dev.elementkit.devportal.embed;

import dev.elementkit.devportal.runtime.Host;
import dev.elementkit.platform.app.App;
import dev.elementkit.platform.app.ElementInfo;
import dev.elementkit.platform.element.Element;
import java.nio.file.Path;
import java.util.List;

/** The host's app, owning the host: an embedder holds one object and closing it releases everything. */
final class HostOwningApp implements App {

    private final Host host;
    private final App app;

    HostOwningApp(Host host) {
        this.host = host;
        this.app = host.app();
    }

    @Override
    public String appId() {
        return app.appId();
    }

    @Override
    public Path root() {
        return app.root();
    }

    @Override
    public <T extends Element> T getElement(String fullName) {
        return app.getElement(fullName);
    }

    @Override
    public <T extends Element> T getElement(String fullName, Class<T> type) {
        return app.getElement(fullName, type);
    }

    @Override
    public <T extends Element> T getDefaultElement(String kind, Class<T> type) {
        return app.getDefaultElement(kind, type);
    }

    @Override
    public List<ElementInfo> elements() {
        return app.elements();
    }

    /** Closes the app's elements, then stops the plugins and the host. */
    @Override
    public void close() {
        host.close();
    }

    @Override
    public String toString() {
        return app.toString();
    }
}
