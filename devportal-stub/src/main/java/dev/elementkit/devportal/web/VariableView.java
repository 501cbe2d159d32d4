package dev.elementkit.devportal.web;

import dev.elementkit.devportal.runtime.Variables;

/** A variable without its value: only whether one is set, and where from. */
record VariableView(String name, String defaultValue, String remark, boolean isSet, boolean fromEnvironment) {

    static VariableView of(Variables.VariableInfo info) {
        return new VariableView(info.name(), info.defaultValue() == null ? "" : info.defaultValue(),
                info.remark() == null ? "" : info.remark(), info.isSet(), info.fromEnvironment());
    }
}
