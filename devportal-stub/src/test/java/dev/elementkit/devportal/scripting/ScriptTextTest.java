package dev.elementkit.devportal.scripting;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ScriptTextTest {

    private final ScriptText text = new ScriptText("t.jsh", "int a = 1;\r\n\n  // note\n/* x */ f(\n\t2);\n/* open");

    @Test
    void lineAndColumnOfAnOffset() {
        assertEquals(1, text.lineAt(0));
        assertEquals(1, text.lineAt(11)); // the \n of the CRLF
        assertEquals(2, text.lineAt(12));
        assertEquals(4, text.lineAt(text.text().indexOf("f(")));
        assertEquals(8, text.columnAt(text.text().indexOf("f(")));
        assertEquals(6, text.lineAt(text.text().length() + 5), "offsets past the end are on the last line");
    }

    @Test
    void lineTextHasNoLineBreak() {
        assertEquals("int a = 1;", text.line(1));
        assertEquals("", text.line(2));
        assertEquals("\t2);", text.line(5));
        assertEquals("/* open", text.line(6));
    }

    @Test
    void codeStartSkipsWhiteSpaceAndComments() {
        assertEquals(text.text().indexOf("f("), text.codeStart(10));
        assertEquals(0, text.codeStart(0));
        assertEquals(text.text().indexOf("/* open"), text.codeStart(text.text().indexOf("2);") + 3),
                "an unclosed comment is left for the compiler to report");
        ScriptText onlyComments = new ScriptText("c.jsh", "// a\n/* b */\n   ");
        assertEquals(onlyComments.text().length(), onlyComments.codeStart(0));
    }
}
