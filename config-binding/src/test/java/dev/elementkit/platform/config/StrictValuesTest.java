package dev.elementkit.platform.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.junit.jupiter.api.Test;

/** Values that Jackson would guess at are refused naming the field; no validator template reaches a person. */
class StrictValuesTest {

    record Sample(String host, @Min(1) @Max(65535) Integer port, String directory,
                  @DecimalMin(value = "0.1", inclusive = false) Double timeout, Boolean ssl) {
    }

    private final ConfigBinder binder = new ConfigBinder();

    private FieldError onlyError(String json) {
        InvalidConfigurationException e = assertThrows(InvalidConfigurationException.class,
                () -> binder.bind(json, Sample.class, "caches/X/X.json"));
        assertEquals(1, e.errors().size(), e.errors().toString());
        FieldError error = e.errors().get(0);
        assertFalse(error.message().contains("${") || error.message().contains("{jakarta."), error.message());
        return error;
    }

    @Test
    void aFractionIsNoPortAndANumberIsNoText() {
        assertEquals(new FieldError("port", "expected a whole number"), onlyError("{\"port\": 6379.5}"));
        assertEquals(new FieldError("host", "expected a text value"), onlyError("{\"host\": 127}"));
        assertEquals(new FieldError("directory", "expected a text value"), onlyError("{\"directory\": 5}"));
        assertEquals("host", onlyError("{\"host\": true}").field());
    }

    @Test
    void aTextHoldingANumberStillBindsToANumberField() {
        Sample bound = binder.bind("{\"port\": \"6379\", \"ssl\": \"true\"}", Sample.class, "X.json");
        assertEquals(6379, bound.port());
        assertEquals(Boolean.TRUE, bound.ssl());
    }

    @Test
    void aNumericOrNulHoldingHostGetsASentenceWithoutTheValue() {
        FieldError numeric = onlyError("{\"host\": \"127\"}");
        assertEquals("host", numeric.field());
        assertTrue(numeric.message().contains("bare number"), numeric.message());
        FieldError nul = onlyError("{\"host\": \"red\\u0000is\"}");
        assertEquals("host", nul.field());
        assertTrue(nul.message().contains("control character") && !nul.message().contains("red"), nul.message());
    }

    @Test
    void constraintsNeedingAnExpressionLanguageGetASentence() {
        assertEquals(new FieldError("timeout", "must be greater than 0.1"), onlyError("{\"timeout\": 0}"));
        assertEquals("port", onlyError("{\"port\": 0}").field());
    }
}
