package tokyo.seisei.operator.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import tokyo.seisei.operator.model.Printable;

/**
 * A table for people: each column as wide as its longest value (header included), two spaces between columns,
 * the last column unpadded, so a long version or message never pushes the columns after it out of line.
 * A row may carry a note, printed on its own line under it. Every cell and note is escaped
 * ({@link Printable#escape}): a message holding a line break or a terminal escape stays on its row, as text.
 */
final class Table {

    static final String GAP = "  ";

    private final List<String> header;
    private final List<List<String>> rows = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private final Set<Integer> rightAligned = new HashSet<>();
    private String indent = "";

    private Table(List<String> header) {
        this.header = header;
    }

    /** A table with a header line. */
    static Table of(String... header) {
        return new Table(List.of(header));
    }

    /** A table without a header line, of the given number of columns. */
    static Table headless() {
        return new Table(List.of());
    }

    /** Numbers read better aligned on the right. */
    Table alignRight(int... columns) {
        Arrays.stream(columns).forEach(rightAligned::add);
        return this;
    }

    Table indent(String prefix) {
        this.indent = prefix;
        return this;
    }

    Table row(Object... values) {
        rows.add(Arrays.stream(values).map(v -> v == null || v.toString().isEmpty() ? "-" : Printable.escape(v.toString()))
                .toList());
        notes.add(null);
        return this;
    }

    /** A line under the last row, not part of any column. */
    Table note(String line) {
        notes.set(notes.size() - 1, Printable.escape(line));
        return this;
    }

    int size() {
        return rows.size();
    }

    String render() {
        return render(0);
    }

    /**
     * The header and the rows from {@code firstRow} on, sized over every row: the last rows of a table line up
     * exactly as they do in the whole of it.
     */
    String render(int firstRow) {
        int columns = Math.max(header.size(), rows.stream().mapToInt(List::size).max().orElse(0));
        int[] widths = new int[columns];
        List<List<String>> all = new ArrayList<>(rows);
        if (!header.isEmpty()) {
            all.add(header);
        }
        for (List<String> row : all) {
            for (int i = 0; i < row.size(); i++) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        StringBuilder out = new StringBuilder();
        if (!header.isEmpty()) {
            line(out, header, widths);
        }
        for (int r = Math.max(0, firstRow); r < rows.size(); r++) {
            line(out, rows.get(r), widths);
            if (notes.get(r) != null) {
                out.append(indent).append(notes.get(r)).append('\n');
            }
        }
        return out.toString();
    }

    private void line(StringBuilder out, List<String> cells, int[] widths) {
        StringBuilder line = new StringBuilder(indent);
        for (int i = 0; i < cells.size(); i++) {
            String cell = cells.get(i);
            boolean last = i == cells.size() - 1;
            String pad = " ".repeat(widths[i] - cell.length());
            if (rightAligned.contains(i)) {
                line.append(pad).append(cell);
            } else {
                line.append(cell).append(last ? "" : pad);
            }
            if (!last) {
                line.append(GAP);
            }
        }
        out.append(line.toString().stripTrailing()).append('\n');
    }
}
