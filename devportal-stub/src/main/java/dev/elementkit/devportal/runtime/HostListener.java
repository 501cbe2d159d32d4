package dev.elementkit.devportal.runtime;

/** Told about changes the host made or noticed. Called on the host's threads: return quickly. */
@FunctionalInterface
public interface HostListener {

    /** What changed; {@code ELEMENT_STATE}: what is known of an element's backend (a Test Connection found it). */
    enum Change { PLUGIN_LOADED, PLUGIN_UNLOADED, PLUGIN_FAILED, ELEMENT_CREATED, ELEMENT_UPDATED, ELEMENT_DELETED,
        ELEMENT_STATE }

    /**
     * @param change  what happened
     * @param subject the plugin id or element fullName
     */
    void changed(Change change, String subject);
}
