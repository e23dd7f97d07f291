package tokyo.seisei.operator.engine.backup;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.stream.Collectors;
import java.util.zip.GZIPOutputStream;
import tokyo.seisei.operator.docker.ContainerDetails;
import tokyo.seisei.operator.docker.DockerEngine;
import tokyo.seisei.operator.docker.DockerFailure;
import tokyo.seisei.operator.docker.ExecResult;
import tokyo.seisei.operator.engine.hold.HoldPoints;
import tokyo.seisei.operator.model.BackupSpec;
import tokyo.seisei.operator.store.BackupManifest;
import tokyo.seisei.operator.store.BackupStore;

/**
 * One database dumped by {@code docker exec} in its service's running container (no TTY), its stdout gzipped
 * into the backup folder as it comes. A dump that fails or writes nothing is no backup.
 */
final class DatabaseDump {

    private static final int GZIP_BUFFER = 64 * 1024;
    private static final int CAUSE_CHARS = 600;

    private static final long HOLD_AFTER_BYTES = 64 * 1024;

    private final Duration deadline;
    private final HoldPoints holds;

    DatabaseDump(Duration deadline, HoldPoints holds) {
        this.deadline = deadline;
        this.holds = holds;
    }

    BackupManifest.Database dump(String stack, BackupStore.Draft draft, BackupSpec.Database database,
                                 ContainerDetails container, DockerEngine docker) {
        String file = database.fileOrDefault();
        String what = "backup of stack " + stack + " failed: dump of service " + database.service() + " ("
                + String.join(" ", database.dump()) + " in container " + container.name() + ")";
        ExecResult result;
        long bytes;
        try (CountingStream counted = new CountingStream(new GZIPOutputStream(draft.create(file), GZIP_BUFFER))) {
            result = docker.exec(container.id(), database.dump(), null, counted, deadline);
            bytes = counted.count;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + draft.folder().resolve(file) + ": " + e.getMessage(), e);
        } catch (UncheckedIOException e) {
            IOException why = e.getCause();
            throw new UncheckedIOException("cannot write " + draft.folder().resolve(file) + " (dump of service "
                    + database.service() + "): " + why.getMessage(), why);
        } catch (DockerFailure e) {
            if (e.transientFailure()) {
                throw e;
            }
            throw new BackupFailure(what + " failed: " + e.getMessage(), e);
        }
        long exit = result.exitCode();
        if (exit == 126 || exit == 127) {
            throw new BackupFailure(what + ": command not found in the container (exit code " + exit + ")" + cause(result));
        }
        if (exit != 0) {
            throw new BackupFailure(what + " exited with code " + exit + cause(result));
        }
        if (bytes == 0) {
            throw new BackupFailure(what + " wrote nothing to stdout: an empty dump is no backup" + cause(result));
        }
        return new BackupManifest.Database(database.service(), container.name(), database.dump(), database.restore(),
                file, bytes);
    }

    /** The end of what the command wrote to stderr, on one line. */
    private static String cause(ExecResult result) {
        String stderr = result.stderr() == null ? "" : result.stderr().strip();
        if (stderr.isEmpty()) {
            return "";
        }
        String line = stderr.lines().map(String::strip).filter(l -> !l.isEmpty()).collect(Collectors.joining(" / "));
        return ": " + (line.length() > CAUSE_CHARS ? "..." + line.substring(line.length() - CAUSE_CHARS) : line);
    }

    /** Counts what passes, to tell an empty dump from a small one; reaches the hold point {@code backup} midway. */
    private final class CountingStream extends FilterOutputStream {
        long count;

        CountingStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            if (count < HOLD_AFTER_BYTES && count + len >= HOLD_AFTER_BYTES) {
                holds.reach("backup");
            }
            count += len;
        }
    }
}
