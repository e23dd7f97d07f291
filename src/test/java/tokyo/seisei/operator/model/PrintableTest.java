package tokyo.seisei.operator.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PrintableTest {

    @Test
    void controlCharactersBecomeEscapes() {
        assertEquals("a\\nb\\r\\tc\\u001b[31m\\u0000\\u007f\\u0085\\u2028", Printable.escape("a\nb\r\tc\u001b[31m\u0000\u007f\u0085\u2028"));
        assertEquals("plain text, é and 日本", Printable.escape("plain text, é and 日本"));
        assertNull(Printable.escape(null));
    }

    @Test
    void aLongStretchIsCutAndCounted() {
        String message = "spec.version '" + "a".repeat(10_000) + "' must be short";
        String excerpt = Printable.excerpt(message);
        assertEquals("spec.version '" + "a".repeat(199) + "…(9802 more characters) must be short", excerpt);
    }

    @Test
    void aLongMessageOfShortWordsIsCutAsAWhole() {
        String excerpt = Printable.excerpt("a ".repeat(5_000));
        assertTrue(excerpt.startsWith("a a a") && excerpt.endsWith("…(9400 more characters)"), excerpt);
        assertEquals(Printable.MAX_MESSAGE + "…(9400 more characters)".length(), excerpt.length());
    }

    @Test
    void aShortMessageIsUnchanged() {
        assertEquals("spec.services.web.image is required", Printable.excerpt("spec.services.web.image is required"));
    }
}
