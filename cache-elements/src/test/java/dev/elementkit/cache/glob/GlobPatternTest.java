package dev.elementkit.cache.glob;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The matcher alone, without a backend: what every backend's keys() filters with. */
class GlobPatternTest {

    @Test
    void starMatchesAnyRunIncludingNone() {
        GlobPattern pattern = GlobPattern.compile("user:*:name");
        assertTrue(pattern.matches("user:1001:name"));
        assertTrue(pattern.matches("user::name"));
        assertTrue(pattern.matches("user:a:b:name"));
        assertFalse(pattern.matches("user:1001:names"));
        assertFalse(pattern.matches("xuser:1:name"));
    }

    @Test
    void questionMarkMatchesOneCodePointNotOneUtf16Unit() {
        GlobPattern pattern = GlobPattern.compile("a?b");
        assertTrue(pattern.matches("a😀b"), "a supplementary character is one character");
        assertTrue(pattern.matches("a键b"));
        assertFalse(pattern.matches("ab"));
        assertFalse(pattern.matches("a12b"));
    }

    @Test
    void classesRangesAndNegation() {
        assertTrue(GlobPattern.compile("k[ab]").matches("kb"));
        assertFalse(GlobPattern.compile("k[ab]").matches("kc"));
        assertTrue(GlobPattern.compile("k[a-d]").matches("kc"));
        assertTrue(GlobPattern.compile("k[^a-d]").matches("kz"));
        assertFalse(GlobPattern.compile("k[^a-d]").matches("ka"));
    }

    @Test
    void escapedCharactersMatchThemselvesOnly() {
        assertTrue(GlobPattern.compile("a\\*b").matches("a*b"));
        assertFalse(GlobPattern.compile("a\\*b").matches("axb"));
        assertTrue(GlobPattern.literal("x[1]?*").matches("x[1]?*"));
        assertFalse(GlobPattern.literal("x[1]?*").matches("x1ab"));
    }

    @Test
    void backtrackingAcrossSeveralStars() {
        GlobPattern pattern = GlobPattern.compile("*a*b*c");
        assertTrue(pattern.matches("xxaxxbxxc"));
        assertTrue(pattern.matches("abcabc"));
        assertFalse(pattern.matches("acb"));
    }

    @Test
    void malformedPatternsAreRefusedNamingThePattern() {
        IllegalArgumentException unclosed = assertThrows(IllegalArgumentException.class,
                () -> GlobPattern.compile("user_[ab"));
        assertTrue(unclosed.getMessage().contains("user_[ab"), unclosed.getMessage());
        assertThrows(IllegalArgumentException.class, () -> GlobPattern.compile("trailing\\"));
        assertThrows(IllegalArgumentException.class, () -> GlobPattern.compile(null));
    }

    @Test
    void theAppPrefixIsLiteralAndNarrowsTheServerSearch() {
        GlobPattern pattern = GlobPattern.compile("user_*").withLiteralPrefix("app[1]*:");
        assertEquals("app[1]*:user_", pattern.literalPrefix());
        assertTrue(pattern.matches("app[1]*:user_7"));
        assertFalse(pattern.matches("app1x:user_7"), "glob characters of the app id match only themselves");
        assertEquals("app\\[1\\]\\*:user_*", pattern.serverPattern());
    }

    @Test
    void aPatternWithClassesAsksTheServerForItsLiteralPrefixOnly() {
        GlobPattern pattern = GlobPattern.compile("k?[ab]").withLiteralPrefix("p:");
        assertEquals("p:k*", pattern.serverPattern(), "byte-wise ? would miss multi-byte characters");
        assertFalse(pattern.isLiteral());
        assertTrue(GlobPattern.literal("p:k").isLiteral());
    }
}
