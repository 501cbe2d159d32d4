package dev.elementkit.cache.tck;

/**
 * How many rounds a fault test runs. Fault tests carry {@code @Tag(FaultRounds.TAG)}: {@code mvn -B verify} runs
 * them in a short form (one round); {@code -Delementkit.fault.rounds=20} repeats each fault that many times, and
 * {@code -Dgroups=fault} runs them alone.
 *
 * @since 1.0.0
 */
public final class FaultRounds {

    /** The JUnit tag of fault tests (kill -9, disk full, a stopped or silent server, failover). */
    public static final String TAG = "fault";

    /** The system property giving the number of rounds (default 1). */
    public static final String PROPERTY = "elementkit.fault.rounds";

    private FaultRounds() {
    }

    /** The number of rounds asked for: at least 1. */
    public static int rounds() {
        String text = System.getProperty(PROPERTY, "1");
        try {
            return Math.max(1, Integer.parseInt(text.trim()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("-D" + PROPERTY + "=" + text + " is not a whole number, e.g. 20");
        }
    }
}
