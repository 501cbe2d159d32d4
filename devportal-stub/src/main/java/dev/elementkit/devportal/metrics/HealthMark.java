package dev.elementkit.devportal.metrics;

import dev.elementkit.platform.app.ElementStatus;

/** The small mark the portal's tree and {@code devportal stats} show per element. */
public final class HealthMark {

    private HealthMark() {
    }

    /** {@code ok} (usable, or not created yet), {@code unavailable} (its server is away) or {@code broken}. */
    public static String of(ElementStatus status) {
        return switch (status) {
            case DEFINED, READY -> "ok";
            case UNAVAILABLE -> "unavailable";
            case TYPE_MISSING, BROKEN -> "broken";
        };
    }
}
