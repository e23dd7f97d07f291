package tokyo.seisei.operator.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class StackNameTest {

    @Test
    void theComposeProjectRule() {
        for (String name : List.of("a", "0", "odoo18-prod", "web-seisei", "a-", "x".repeat(63))) {
            assertTrue(StackName.isValid(name), name);
        }
        for (String name : List.of("", "-a", "A", "odoo_18", "a.b", "..", "../x", "a/b", "a\u0000", "a\nb", "_all",
                "x".repeat(64), "é")) {
            assertFalse(StackName.isValid(name), name);
        }
        assertFalse(StackName.isValid(null));
    }

    @Test
    void aRefusedNameIsShownEscaped() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> StackName.require("a\nb\u001b"));
        assertEquals("'a\\nb\\u001b' is not a stack name: lowercase letters, digits and '-', at most 63 characters,"
                + " starting with a letter or a digit", refused.getMessage());
        assertEquals("shop", StackName.require("shop"));
    }
}
