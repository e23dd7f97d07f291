package tokyo.seisei.operator.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class TableTest {

    @Test
    void eachColumnIsAsWideAsItsLongestValue() {
        Table table = Table.of("ID", "SIZE", "FILES").alignRight(1)
                .row("20261201_040000", "1.5 KiB", "database.sql.gz")
                .row("20261130_040000", "12 B", null);
        assertEquals("""
                ID                  SIZE  FILES
                20261201_040000  1.5 KiB  database.sql.gz
                20261130_040000     12 B  -
                """, table.render());
    }

    @Test
    void theLastRowsLineUpAsInTheWholeTable() {
        Table table = Table.headless().row("a-very-long-first-value", "x").row("b", "y").row("c", "z");
        String whole = table.render();
        assertEquals(whole.lines().skip(1).toList(), table.render(1).lines().toList());
    }

    @Test
    void aNoteFollowsItsRow() {
        Table table = Table.of("ID", "VERIFIED").row("1", "passed").note("    verify query: 42").row("2", "-");
        assertEquals("ID  VERIFIED\n1   passed\n    verify query: 42\n2   -\n", table.render());
    }

    @Test
    void aCellWithALineBreakOrATerminalEscapeStaysOnItsRowAsText() {
        Table table = Table.of("STACK", "PHASE", "MESSAGE")
                .row("ocr", "Paused", "disk\u001b[2J\u001b]0;pwned\u0007 swap\nocr2  Ready  all good")
                .row("web", "Ready", "ok").note("    verify query:\r\n42");
        assertEquals("""
                STACK  PHASE   MESSAGE
                ocr    Paused  disk\\u001b[2J\\u001b]0;pwned\\u0007 swap\\nocr2  Ready  all good
                web    Ready   ok
                    verify query:\\r\\n42
                """, table.render());
    }
}
