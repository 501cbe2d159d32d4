package dev.elementkit.platform.app;

import java.nio.file.Path;

/**
 * The app has no element of that name.
 *
 * @since 1.0.0
 */
public class ElementNotFoundException extends ElementException {

    public ElementNotFoundException(String fullName, Path appRoot) {
        super(fullName, "no element '" + fullName + "' in app " + appRoot + ": expected a folder "
                + fullName.replace('.', '/') + "/ holding an e.json (run `devportal elements` to list them)", null);
    }
}
