package dev.elementkit.devportal.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code devportal serve} (being written). */
@Command(name = "serve", description = "(not written yet)")
final class ServeCommand implements Callable<Integer> {

    @Mixin
    HostOptionsMixin options;

    @Override
    public Integer call() {
        throw new UnsupportedOperationException("devportal serve is not written yet");
    }
}
