package dev.elementkit.devportal.scripting;

import jdk.jshell.execution.DirectExecutionControl;

/**
 * Runs snippets on the calling thread (see {@link HostExecutionControlProvider} for why). {@link #stop()}, which
 * the shell calls on Ctrl-C, interrupts that thread while a snippet runs: sleeps, waits and blocking client calls
 * end with an exception, and the shell gets its prompt back. A busy loop that never checks is not stopped; forcing
 * it (Thread.stop) could leave a plugin's client half-updated.
 */
final class HostExecutionControl extends DirectExecutionControl {

    private final SnippetLoaderDelegate loaderDelegate;
    private final Object stopLock = new Object();
    private Thread running;

    HostExecutionControl(SnippetLoaderDelegate loaderDelegate) {
        super(loaderDelegate);
        this.loaderDelegate = loaderDelegate;
    }

    @Override
    protected void clientCodeEnter() {
        synchronized (stopLock) {
            running = Thread.currentThread();
        }
    }

    @Override
    protected void clientCodeLeave() {
        synchronized (stopLock) {
            running = null;
            // An interrupt meant for the snippet must not reach the shell's own reading of the next line.
            Thread.interrupted();
        }
    }

    @Override
    public void stop() {
        synchronized (stopLock) {
            if (running != null) {
                running.interrupt();
            }
        }
    }

    @Override
    public void close() {
        super.close();
        loaderDelegate.close();
    }
}
