package dev.elementkit.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class KeyRangeTest {

    @Test
    void incrementsTheLastCodePoint() {
        assertEquals("app:uses", KeyRange.upperBound("app:user"));
    }

    @Test
    void skipsTheSurrogateBlock_andCarriesOverTheLastCodePoint() {
        assertEquals("a\uE000", KeyRange.upperBound("a\uD7FF"));
        assertEquals("b", KeyRange.upperBound("a" + new String(Character.toChars(Character.MAX_CODE_POINT))));
        assertEquals(new String(Character.toChars(0x1F601)), KeyRange.upperBound(new String(Character.toChars(0x1F600))));
    }

    @Test
    void noBound_forAnEmptyPrefix() {
        assertNull(KeyRange.upperBound(""));
        assertNull(KeyRange.upperBound(new String(Character.toChars(Character.MAX_CODE_POINT))));
    }
}
