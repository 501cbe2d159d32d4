package dev.elementkit.devportal.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code devportal types} (being written). */
@Command(name = "types", description = "(not written yet)")
final class TypesCommand implements Callable<Integer> {

    @Mixin
    HostOptionsMixin options;

    @Override
    public Integer call() {
        throw new UnsupportedOperationException("devportal types is not written yet");
    }
}
