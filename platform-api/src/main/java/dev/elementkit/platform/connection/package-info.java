/**
 * What a connection test answers: {@link dev.elementkit.platform.connection.ConnectionTestResult} with its
 * {@link dev.elementkit.platform.connection.TestStep}s, {@link dev.elementkit.platform.connection.TestCode}s and
 * {@link dev.elementkit.platform.connection.StepOutcome}s (enums: values of the API). The step-by-step recorder that
 * builds one is {@code dev.elementkit.cache.spi.ConnectionTest} (cache-elements); its 1.0.0 name in this package is a
 * deprecated forwarder shipped in cache-elements' JAR.
 */
package dev.elementkit.platform.connection;
