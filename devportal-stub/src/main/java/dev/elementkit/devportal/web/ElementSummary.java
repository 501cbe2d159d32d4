package dev.elementkit.devportal.web;

import dev.elementkit.platform.app.ElementInfo;

/** An element as the tree shows it ({@code GET /api/elements}). */
record ElementSummary(String fullName, String family, String type, String title, String status, String error) {

    static ElementSummary of(ElementInfo info) {
        return new ElementSummary(info.fullName(), Families.ofElement(info.fullName()), info.type(), info.title(),
                info.status().name(), info.error());
    }
}
