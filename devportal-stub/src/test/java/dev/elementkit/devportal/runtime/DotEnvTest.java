package dev.elementkit.devportal.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DotEnvTest {

    @TempDir
    Path temp;

    @Test
    void readsCommentsExportsAndQuotes() {
        Map<String, String> values = DotEnv.parse(List.of(
                "# a comment",
                "",
                "PLAIN=value",
                "export EXPORTED=yes",
                "SPACED = padded  ",
                "TRAILING=bare # comment after a space",
                "HASH=pa#ss",
                "DOUBLE=\"two words \\\"quoted\\\" \\\\ and\\nnewline\"",
                "SINGLE='literal \\n $x'",
                "EMPTY=",
                "URL=redis://user:p%40ss@host:6379/1"), Path.of(".env"));
        assertEquals("value", values.get("PLAIN"));
        assertEquals("yes", values.get("EXPORTED"));
        assertEquals("padded", values.get("SPACED"));
        assertEquals("bare", values.get("TRAILING"));
        assertEquals("pa#ss", values.get("HASH"));
        assertEquals("two words \"quoted\" \\ and\nnewline", values.get("DOUBLE"));
        assertEquals("literal \\n $x", values.get("SINGLE"));
        assertEquals("", values.get("EMPTY"));
        assertEquals("redis://user:p%40ss@host:6379/1", values.get("URL"));
    }

    @Test
    void aMalformedLineNamesFileAndLineButNotTheValue() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DotEnv.parse(List.of("OK=1", "this line is s3cret"), Path.of("/app/.env")));
        assertTrue(e.getMessage().contains("/app/.env line 2"), e.getMessage());
        assertFalse(e.getMessage().contains("s3cret"));
        IllegalArgumentException open = assertThrows(IllegalArgumentException.class,
                () -> DotEnv.parse(List.of("A=\"never closed"), Path.of(".env")));
        assertTrue(open.getMessage().contains("line 1"), open.getMessage());
    }

    @Test
    void writesOwnerOnlyAndReadsBackWhatItWrote() throws IOException {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("SIMPLE", "abc");
        values.put("TRICKY", "a \"b\" \\c\n# d 'e' =f");
        values.put("EMPTY", "");
        Path file = temp.resolve(".env");
        DotEnv.write(file, values);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals(values, DotEnv.read(file));

        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        DotEnv.write(file, Map.of("ONE", "1"));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)),
                "rewriting tightens permissions someone loosened");
        assertEquals(Map.of("ONE", "1"), DotEnv.read(file));
    }

    @Test
    void variablesPreferTheEnvironmentThenDotEnvThenTheDefinitionsDefault() throws IOException {
        Files.writeString(temp.resolve(".env"), "BOTH=from-file\nFILE_ONLY=file\n");
        AppVariables variables = new AppVariables(temp, Map.of("BOTH", "from-env"));
        assertEquals("from-env", variables.get("BOTH").orElseThrow());
        assertEquals("file", variables.get("FILE_ONLY").orElseThrow());
        assertTrue(variables.get("NOWHERE").isEmpty());

        variables.set("DEFINED", null, "fallback", "used when nothing else sets it");
        assertEquals("fallback", variables.get("DEFINED").orElseThrow());
        variables.set("SECRET", "v@lue", "", "a password");
        assertEquals("v@lue", variables.get("SECRET").orElseThrow());
        assertFalse(Files.readString(temp.resolve(AppVariables.DEFINITIONS)).contains("v@lue"),
                "definitions never hold a value");
        Variables.VariableInfo info = variables.list().stream().filter(v -> v.name().equals("SECRET")).findFirst().orElseThrow();
        assertTrue(info.isSet());
        assertEquals("a password", info.remark());
        assertTrue(variables.list().stream().filter(v -> v.name().equals("BOTH")).findFirst().orElseThrow().fromEnvironment());

        assertTrue(variables.remove("SECRET"));
        assertTrue(variables.get("SECRET").isEmpty());
        assertFalse(variables.remove("SECRET"));
        assertThrows(IllegalArgumentException.class, () -> variables.set("not a name", "x", "", ""));
    }
}
