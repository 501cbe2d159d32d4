package dev.elementkit.devportal.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code devportal test} (being written). */
@Command(name = "test", description = "(not written yet)")
final class TestCommand implements Callable<Integer> {

    @Mixin
    HostOptionsMixin options;

    @Override
    public Integer call() {
        throw new UnsupportedOperationException("devportal test is not written yet");
    }
}
