package dev.elementkit.devportal.runtime;

import dev.elementkit.platform.element.Element;
import dev.elementkit.platform.element.ElementType;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/**
 * How the host closes an element instance it is done with: through the Type that created it
 * ({@link ElementType#closeInstance}), since callers cannot close an {@link Element}.
 *
 * <p>One case needs more: a plugin built against 1.0.0, when {@code Element} was {@code AutoCloseable}, whose own
 * instance class releases what it holds in a public {@code close()}. That class is not {@code AutoCloseable} any
 * more at run time, so the Type's default {@code closeInstance} cannot see its {@code close()}; the host calls it, as
 * the 1.0.0 host did. A Type that overrides {@code closeInstance} is trusted to do all of it.
 */
final class InstanceClosing {

    private InstanceClosing() {
    }

    static void close(ElementType<?> type, Element instance) throws Exception {
        type.closeInstance(instance);
        if (instance instanceof AutoCloseable || overridesCloseInstance(type)) {
            return;
        }
        Method close;
        try {
            close = instance.getClass().getMethod("close");
        } catch (NoSuchMethodException none) {
            return;
        }
        close.setAccessible(true); // a package-private instance class: its public method is still the plugin's API
        try {
            close.invoke(instance);
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    private static boolean overridesCloseInstance(ElementType<?> type) {
        try {
            return !type.getClass().getMethod("closeInstance", Element.class).getDeclaringClass().isInterface();
        } catch (NoSuchMethodException impossible) {
            return false;
        }
    }
}
