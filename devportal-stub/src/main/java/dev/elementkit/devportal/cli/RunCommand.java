package dev.elementkit.devportal.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code devportal run} (being written). */
@Command(name = "run", description = "(not written yet)")
final class RunCommand implements Callable<Integer> {

    @Mixin
    HostOptionsMixin options;

    @Override
    public Integer call() {
        throw new UnsupportedOperationException("devportal run is not written yet");
    }
}
