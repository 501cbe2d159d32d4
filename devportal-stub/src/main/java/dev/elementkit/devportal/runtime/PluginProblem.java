package dev.elementkit.devportal.runtime;

/**
 * Why a plugin JAR is not running, as the host records and lists it. The reason names the JAR.
 *
 * @see PluginInfo#error()
 */
final class PluginProblem extends Exception {

    private final String state;
    private final boolean waitsForDependency;

    PluginProblem(String state, String reason, boolean waitsForDependency) {
        super(reason, null, false, false);
        this.state = state;
        this.waitsForDependency = waitsForDependency;
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
