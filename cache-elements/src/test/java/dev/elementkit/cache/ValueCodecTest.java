package dev.elementkit.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How values become stored text and back, without a backend. */
class ValueCodecTest {

    record Point(int x, int y) {
    }

    @Test
    void textIsStoredAsIs() {
        assertEquals("John", ValueCodec.encode("value", "John"));
        assertEquals("{not json", ValueCodec.encode("value", new StringBuilder("{not json")));
    }

    @Test
    void numbersArePlainDecimalText() {
        assertEquals("42", ValueCodec.encode("value", 42));
        assertEquals("3.5", ValueCodec.encode("value", 3.50));
        assertEquals("1000", ValueCodec.encode("value", new BigDecimal("1E+3")));
        assertEquals("-0.001", ValueCodec.encodeNumber("value", -0.001));
        assertEquals("9223372036854775807", ValueCodec.encode("value", Long.MAX_VALUE));
    }

    @Test
    void nonFiniteAndNullNumbersAreRefusedNamingTheArgument() {
        IllegalArgumentException nan = assertThrows(IllegalArgumentException.class,
                () -> ValueCodec.encodeNumber("price", Double.NaN));
        assertTrue(nan.getMessage().contains("price"), nan.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ValueCodec.encodeNumber("price", Float.POSITIVE_INFINITY));
        assertThrows(IllegalArgumentException.class, () -> ValueCodec.encode("value", null));
    }

    @Test
    void otherObjectsAreJson() throws Exception {
        assertEquals("{\"x\":1,\"y\":2}", ValueCodec.encode("value", new Point(1, 2)));
        assertEquals(new Point(1, 2), ValueCodec.decode("{\"x\":1,\"y\":2}", Point.class));
        assertEquals(List.of("a", "b"), ValueCodec.decode(ValueCodec.encode("value", List.of("a", "b")), List.class));
    }

    @Test
    void decodeNumberGivesLongsForWholeNumbersAndDoublesOtherwise() {
        assertEquals(7L, ValueCodec.decodeNumber("7"));
        assertEquals(7L, ValueCodec.decodeNumber("7.0"));
        assertEquals(2.5, ValueCodec.decodeNumber("2.5"));
        assertEquals(1e20, ValueCodec.decodeNumber("100000000000000000000"));
        assertNull(ValueCodec.decodeNumber("John"));
    }

    @Test
    void decodeAsObjectKeepsTextUnlessItLooksLikeJson() throws Exception {
        assertEquals("plain", ValueCodec.decode("plain", Object.class));
        assertEquals(Map.of("a", 1), ValueCodec.decode("{\"a\":1}", Object.class));
        assertEquals(5, ValueCodec.decode("5", Integer.class));
    }
}
