package dev.elementkit.devportal.runtime;

import org.pf4j.PluginDescriptor;

/**
 * Why a plugin JAR is not running, as the host records and lists it. The reason names the JAR.
 *
 * @see PluginInfo#error()
 */
final class PluginProblem extends Exception {

    private final String state;
    private final boolean waitsForDependency;
    private PluginDescriptor descriptor;

    PluginProblem(String state, String reason, boolean waitsForDependency) {
        super(reason, null, false, false);
        this.state = state;
        this.waitsForDependency = waitsForDependency;
    }

    /** The same problem, knowing the JAR's descriptor (so that it is listed by its plugin id). */
    PluginProblem of(PluginDescriptor knownDescriptor) {
        this.descriptor = knownDescriptor;
        return this;
    }

    /** The JAR's descriptor when it could be read and its id is a plugin id, else null. */
    PluginDescriptor descriptor() {
        return descriptor;
    }

    static PluginProblem failed(String reason) {
        return new PluginProblem("FAILED", reason, false);
    }

    /** PF4J's state name to list: FAILED, DISABLED, UNRESOLVED, … */
    String state() {
        return state;
    }

    /** True when another plugin arriving may fix it, so it is tried again then. */
    boolean waitsForDependency() {
        return waitsForDependency;
    }
}
