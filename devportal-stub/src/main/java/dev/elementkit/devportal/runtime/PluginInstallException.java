package dev.elementkit.devportal.runtime;

/** A plugin JAR cannot be installed; the message names the JAR and the reason. */
public class PluginInstallException extends RuntimeException {

    public PluginInstallException(String message, Throwable cause) {
        super(message, cause);
    }
}
