package dev.elementkit.devportal.runtime;

/** The host runtime's implementation (being written: see the element runtime issue). */
final class DefaultHost {

    private DefaultHost() {
    }

    static Host open(HostOptions options) {
        throw new UnsupportedOperationException("the host runtime is not written yet");
    }
}
