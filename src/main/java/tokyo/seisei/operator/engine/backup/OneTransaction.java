package tokyo.seisei.operator.engine.backup;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A dump sent to psql as one transaction: {@code BEGIN;} first, {@code COMMIT;} only after the dump's last byte,
 * and only when it had as many bytes as its manifest says. psql's own {@code --single-transaction} commits at the
 * end of its input, even when the input was cut short by a kill; with this framing a cut-short stream leaves the
 * transaction open, and the server rolls it back when psql exits.
 */
final class OneTransaction extends InputStream {

    private final InputStream framed;

    OneTransaction(InputStream dump, long expectedBytes) {
        InputStream counted = new Counted(dump, expectedBytes);
        this.framed = new SequenceInputStream(java.util.Collections.enumeration(List.of(text("BEGIN;\n"), counted,
                text("\nCOMMIT;\n"))));
    }

    /** The exact recipe: psql, stopping at the first error, without a transaction of its own that would commit at EOF. */
    static boolean applies(List<String> restore) {
        return !restore.isEmpty() && restore.get(0).endsWith("psql")
                && restore.stream().anyMatch(w -> w.equals("ON_ERROR_STOP=1") || w.equals("ON_ERROR_STOP=on"))
                && !restore.contains("--single-transaction") && !restore.contains("-1");
    }

    @Override
    public int read() throws IOException {
        return framed.read();
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        return framed.read(b, off, len);
    }

    @Override
    public void close() throws IOException {
        framed.close();
    }

    private static InputStream text(String sql) {
        return new ByteArrayInputStream(sql.getBytes(StandardCharsets.UTF_8));
    }

    /** Refuses to end early: a dump shorter than its manifest never reaches the COMMIT. */
    private static final class Counted extends InputStream {
        private final InputStream in;
        private final long expected;
        private long read;

        Counted(InputStream in, long expected) {
            this.in = in;
            this.expected = expected;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            if (n < 0 && expected > 0 && read != expected) {
                throw new IOException("the dump ended after " + read + " bytes, its manifest says " + expected
                        + ": nothing is committed");
            }
            read += Math.max(n, 0);
            return n;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
