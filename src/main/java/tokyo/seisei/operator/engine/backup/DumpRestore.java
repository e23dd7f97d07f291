package tokyo.seisei.operator.engine.backup;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import tokyo.seisei.operator.docker.DockerEngine;
import tokyo.seisei.operator.docker.DockerFailure;
import tokyo.seisei.operator.docker.ExecResult;
import tokyo.seisei.operator.engine.plan.DesiredStack;
import tokyo.seisei.operator.engine.hold.HoldPoints;
import tokyo.seisei.operator.store.BackupManifest;

/**
 * One dump piped into its database by the restore command of the backup's manifest ({@code docker exec} with
 * stdin, gunzipped as it goes). A psql that stops at the first error gets the dump in one transaction of the
 * operator's own (see {@link OneTransaction}), so a restore cut short commits nothing; other commands are trusted
 * to be exact themselves.
 */
public final class DumpRestore {

    static final Duration DEADLINE = Duration.ofMinutes(30);
    private static final long HOLD_AFTER_BYTES = 1 << 20;

    private final DockerEngine docker;
    private final HoldPoints holds;

    public DumpRestore(DockerEngine docker, HoldPoints holds) {
        this.docker = docker;
        this.holds = holds;
    }

    /** @return why the restore of this database failed, quoting the command's own stderr; empty when it worked */
    public Optional<String> restore(DesiredStack desired, Path folder, BackupManifest.Database db) {
        DesiredStack.DesiredService service = desired.service(db.service());
        if (service == null) {
            return Optional.of("service " + db.service() + " of the backup is no longer in the stack");
        }
        return restoreInto(service.spec().name(), folder, db);
    }

    /**
     * The same restore into a container named or given by id, e.g. a throwaway database that checks the backup.
     *
     * @return why the restore failed, quoting the command's own stderr; empty when it worked
     */
    public Optional<String> restoreInto(String container, Path folder, BackupManifest.Database db) {
        String command = String.join(" ", db.restore());
        InputStream body;
        try {
            body = new HeldAfter(new GZIPInputStream(Files.newInputStream(folder.resolve(db.file()))));
        } catch (IOException e) {
            return Optional.of("cannot read " + folder.resolve(db.file()) + ": " + e.getMessage());
        }
        try (InputStream dump = OneTransaction.applies(db.restore()) ? new OneTransaction(body, db.dumpBytes()) : body) {
            ExecResult result = docker.exec(container, db.restore(), dump, null, DEADLINE);
            return result.succeeded() ? Optional.empty() : Optional.of("restore of " + db.service() + " (" + command
                    + ") exited with code " + result.exitCode() + ": " + result.stderr().strip());
        } catch (IOException e) {
            return Optional.of("cannot read " + folder.resolve(db.file()) + ": " + e.getMessage());
        } catch (DockerFailure e) {
            return Optional.of("restore of " + db.service() + " (" + command + "): " + e.getMessage());
        }
    }

    /** Reaches the hold point {@code restore} once part of the dump went in, where a kill hurts most. */
    private final class HeldAfter extends FilterInputStream {
        private long read;

        HeldAfter(InputStream in) {
            super(in);
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0 && read < HOLD_AFTER_BYTES && read + n >= HOLD_AFTER_BYTES) {
                holds.reach("restore");
            }
            read += Math.max(n, 0);
            return n;
        }
    }
}
