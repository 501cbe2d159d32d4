/**
 * An opened application as scripts see it ({@link dev.elementkit.platform.app.App}, {@code getElement}), with the
 * element statuses and the exceptions a caller catches. Interfaces, records, an enum and exception types only: the
 * host implements them.
 */
package dev.elementkit.platform.app;
