// Changes japicmp flags that are binary-compatible for every plugin built against 1.0.0, each with the reason.
//
// 1. METHOD_ADDED_TO_INTERFACE on the interfaces that only the host implements (plugins and scripts call them but
//    never implement them), where a new abstract method breaks no plugin. Interfaces that plugins implement
//    (ElementType, CacheType, CacheBackend, ...) are not listed, so a method added to them without a default still
//    fails the build.
def hostImplemented = ['dev.elementkit.cache.Cache', 'dev.elementkit.platform.app.App'] as Set

// 2. Element stopped being AutoCloseable in 1.1.0 (issue 11): the host owns every instance and closes it through
//    its Type's closeInstance, since a caller closing a shared instance broke every other caller. No plugin built
//    against 1.0.0 breaks: plugins implement Element (their caches are cache-elements' own, made by CacheElements)
//    and never relied on it being AutoCloseable; it was the host that called close(). A 1.0.0 plugin class
//    implementing Element keeps its public close(), and the host still calls it (devportal-stub InstanceClosing).
//    The one call that would fail, a plugin's own code calling close() on an Element, occurs in none of the 1.0.0
//    plugins (their main code at 814f6ea). Proven by PluginBuiltAgainst100IT in this module: element-sqlite as
//    built at 814f6ea loads into the current host and serves getElement, set, get and the app's close.
def closeableNoMore = ['dev.elementkit.platform.element.Element'] as Set
def removedWithAutoCloseable = ['INTERFACE_REMOVED', 'METHOD_REMOVED'] as Set

jApiClasses.each { jApiClass ->
    def name = jApiClass.fullyQualifiedName
    if (hostImplemented.contains(name)) {
        (jApiClass.compatibilityChanges + jApiClass.methods.collectMany { it.compatibilityChanges })
                .findAll { it.type.name() == 'METHOD_ADDED_TO_INTERFACE' }
                .each { it.binaryCompatible = true }
    }
    if (closeableNoMore.contains(name)) {
        def autoCloseable = jApiClass.interfaces.findAll { it.fullyQualifiedName == 'java.lang.AutoCloseable' }
        def close = jApiClass.methods.findAll { it.name == 'close' && it.parameters.isEmpty() }
        (jApiClass.compatibilityChanges + autoCloseable.collectMany { it.compatibilityChanges }
                + close.collectMany { it.compatibilityChanges })
                .findAll { removedWithAutoCloseable.contains(it.type.name()) }
                .each { it.binaryCompatible = true }
    }
}
return jApiClasses
