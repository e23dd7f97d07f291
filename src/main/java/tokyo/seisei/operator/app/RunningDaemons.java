package tokyo.seisei.operator.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where the daemons of this host say which state dir they hold, so a command run against another one can tell.
 * The lock ({@code <state-dir>/operator.lock}) only answers for its own state dir; this answers "is a daemon
 * running anywhere, and on what". Each daemon writes {@code daemon-<pid>.json} (pid, process start, state dir,
 * working dir) atomically, readable by all, into the first of {@code /run/stack-operator},
 * {@code $XDG_RUNTIME_DIR/stack-operator} and {@code <tmp>/stack-operator-<user>} it may write, and removes it
 * when it stops. A file whose process is gone (or whose pid now belongs to another process) is ignored: a
 * daemon killed with SIGKILL leaves its file behind, and the next daemon to start clears it.
 */
public final class RunningDaemons {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PREFIX = "daemon-";
    private static final String SUFFIX = ".json";

    /** One daemon's file. */
    public record Entry(long pid, String processStart, String stateDir, String workingDir) {

        /** The process that wrote it still runs: same pid, same start. */
        boolean alive() {
            Optional<ProcessHandle> process = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
            if (process.isEmpty()) {
                return false;
            }
            Optional<Instant> started = process.get().info().startInstant();
            return processStart == null || started.isEmpty()
                    || started.get().truncatedTo(ChronoUnit.SECONDS).toString().equals(processStart);
        }

        /** The daemon holds this state dir (compared once symbolic links are resolved). */
        public boolean holds(Path dir) {
            return canonical(Path.of(stateDir)).equals(canonical(dir));
        }
    }

    private final List<Path> dirs;
    private volatile Path written;

    public RunningDaemons() {
        this(defaultDirs());
    }

    /** Daemons recorded in these folders only (a test's own). */
    public RunningDaemons(List<Path> dirs) {
        this.dirs = List.copyOf(dirs);
    }

    static List<Path> defaultDirs() {
        List<Path> dirs = new ArrayList<>(List.of(Path.of("/run/stack-operator")));
        String runtime = System.getenv("XDG_RUNTIME_DIR");
        if (runtime != null && !runtime.isBlank()) {
            dirs.add(Path.of(runtime, "stack-operator"));
        }
        dirs.add(Path.of(System.getProperty("java.io.tmpdir"), "stack-operator-" + System.getProperty("user.name")));
        return dirs;
    }

    /** Says that this process, a daemon, holds {@code stateDir}; empty when no runtime folder could be written. */
    public Optional<Path> register(Path stateDir) {
        Instant start = ProcessHandle.current().info().startInstant().orElse(null);
        Entry self = new Entry(ProcessHandle.current().pid(),
                start == null ? null : start.truncatedTo(ChronoUnit.SECONDS).toString(),
                canonical(stateDir).toString(), canonical(Path.of("")).toString());
        for (Path dir : dirs) {
            try {
                if (!Files.isDirectory(dir)) {
                    Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
                }
                if (!trusted(dir)) {
                    continue;
                }
                clearDead(dir);
                Path file = dir.resolve(PREFIX + self.pid() + SUFFIX);
                Path temp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp",
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-r--r--")));
                try {
                    Files.write(temp, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(self));
                    Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } finally {
                    Files.deleteIfExists(temp);
                }
                written = file;
                return Optional.of(file);
            } catch (IOException | SecurityException | UnsupportedOperationException e) {
                // this folder cannot be written by this user: the next one may
            }
        }
        return Optional.empty();
    }

    /** A clean stop: the file goes. */
    public void unregister() {
        Path file = written;
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                // left behind, it is ignored once this process is gone
            }
            written = null;
        }
    }

    /** The daemons running now, in every runtime folder this user can read. */
    public List<Entry> running() {
        List<Entry> running = new ArrayList<>();
        for (Path dir : dirs) {
            if (!Files.isDirectory(dir) || !trusted(dir)) {
                continue;
            }
            for (Path file : files(dir)) {
                read(file).filter(Entry::alive).filter(e -> running.stream().noneMatch(r -> r.pid() == e.pid()))
                        .ifPresent(running::add);
            }
        }
        return running;
    }

    private static void clearDead(Path dir) {
        for (Path file : files(dir)) {
            if (read(file).map(e -> !e.alive()).orElse(false)) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException e) {
                    // another user's file: it is ignored all the same
                }
            }
        }
    }

    private static List<Path> files(Path dir) {
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir, PREFIX + "*" + SUFFIX)) {
            stream.forEach(files::add);
        } catch (IOException e) {
            // unreadable: no daemon known there
        }
        return files;
    }

    private static Optional<Entry> read(Path file) {
        try {
            return Optional.of(JSON.readValue(file.toFile(), Entry.class)).filter(e -> e.pid() > 0 && e.stateDir() != null);
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // not one of ours, or cut short: nothing to say about it
        }
    }

    /** A folder under a shared temp dir is only believed when it is this user's (or root's) own. */
    private static boolean trusted(Path dir) {
        try {
            String owner = Files.getOwner(dir).getName();
            return owner.equals("root") || owner.equals(System.getProperty("user.name"));
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    static Path canonical(Path dir) {
        Path absolute = dir.toAbsolutePath().normalize();
        try {
            return absolute.toRealPath();
        } catch (IOException e) {
            return absolute;
        }
    }
}
