package dev.elementkit.devportal.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code devportal shell} (being written). */
@Command(name = "shell", description = "(not written yet)")
final class ShellCommand implements Callable<Integer> {

    @Mixin
    HostOptionsMixin options;

    @Override
    public Integer call() {
        throw new UnsupportedOperationException("devportal shell is not written yet");
    }
}
