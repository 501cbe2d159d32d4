// Marks METHOD_ADDED_TO_INTERFACE as binary-compatible on the interfaces that only the host implements (plugins and
// scripts call them but never implement them), where a new abstract method breaks no plugin. Interfaces that plugins
// implement (ElementType, CacheType, CacheBackend, ...) are not listed, so a method added to them without a default
// still fails the build.
def hostImplemented = ['dev.elementkit.cache.Cache', 'dev.elementkit.platform.app.App'] as Set

jApiClasses.each { jApiClass ->
    def name = jApiClass.fullyQualifiedName
    if (hostImplemented.contains(name)) {
        (jApiClass.compatibilityChanges + jApiClass.methods.collectMany { it.compatibilityChanges })
                .findAll { it.type.name() == 'METHOD_ADDED_TO_INTERFACE' }
                .each { it.binaryCompatible = true }
    }
}
return jApiClasses
