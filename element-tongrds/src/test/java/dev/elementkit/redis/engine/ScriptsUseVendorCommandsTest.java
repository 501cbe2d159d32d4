package dev.elementkit.redis.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.elementkit.tongrds.testing.VendorCommands;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The TongRDS front sees only {@code EVAL} of the engine's scripts, not the commands they call inside: this reads
 * every {@code redis.call} of {@link RedisScripts} and holds it to the vendor's command list. (In the engine's
 * package, from this module's tests, to reach the package-private scripts.)
 */
class ScriptsUseVendorCommandsTest {

    private static final Pattern CALL = Pattern.compile("redis\\.(?:p?call)\\('([A-Za-z]+)'");

    @Test
    void everyCommandCalledInsideAScriptIsOnTongRdsList() throws Exception {
        Set<String> called = new TreeSet<>();
        int scripts = 0;
        for (Field field : RedisScripts.class.getDeclaredFields()) {
            if (field.getType() == String.class && Modifier.isStatic(field.getModifiers())) {
                field.setAccessible(true);
                Matcher call = CALL.matcher((String) field.get(null));
                while (call.find()) {
                    called.add(call.group(1).toUpperCase(java.util.Locale.ROOT));
                }
                scripts++;
            }
        }
        assertEquals(5, scripts, "scripts read");
        assertTrue(called.containsAll(Set.of("GET", "DEL", "INCRBY", "PEXPIRE", "TIME", "ZADD")), called.toString());
        for (String command : called) {
            assertTrue(VendorCommands.supports(command, null), command + " is not in TongRDS' command list");
        }
    }
}
