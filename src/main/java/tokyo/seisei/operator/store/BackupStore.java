package tokyo.seisei.operator.store;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The backups of each stack, {@code <state-dir>/backups/<stack>/<YYYYMMDD_HHMMSS>/}: the files of a backup, and
 * its {@code manifest.json} written last.
 *
 * <p>A backup is written in a temporary folder beside the others ({@code .tmp-<stamp>-<random>}) and renamed when
 * complete, so a half-written backup never looks complete; only a folder with a manifest is listed. Two backups
 * in the same second get {@code -2}, {@code -3}... after the stamp. Folders are 0700, files 0600: a dump holds
 * every secret of its database. Folders that are not backups of ours (no manifest) are never listed nor removed.
 */
public final class BackupStore {

    public static final String MANIFEST = "manifest.json";
    /** The desired-state file that was running, copied from {@link StateLayout#applied}. */
    public static final String DESIRED_STATE = "stack.yaml";
    /** The engine's inspect of the stack's containers, a JSON array. */
    public static final String CONTAINERS = "containers.json";
    /** The last verification of the backup ({@link BackupVerification}); not one of the files the manifest sums. */
    public static final String VERIFICATION = "verification.json";

    static final Set<PosixFilePermission> FOLDER = PosixFilePermissions.fromString("rwx------");
    static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
    /** A temporary folder that nothing was written to for this long is the leftover of a crash. */
    static final Duration ABANDONED = Duration.ofHours(1);

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss");
    private static final Pattern ID = Pattern.compile("(\\d{8}_\\d{6})(?:-([2-9]|[1-9][0-9]+))?");
    private static final Pattern FILE_NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]*");
    private static final String TEMP = ".tmp-";

    private final StateLayout layout;
    private final Clock clock;
    private final ObjectMapper json = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final Path archiveDir;

    public BackupStore(StateLayout layout, Clock clock) {
        this(layout, clock, null);
    }

    /** @param archiveDir where a backup past its retention is packed before it is removed, or null for nowhere */
    public BackupStore(StateLayout layout, Clock clock, Path archiveDir) {
        this.layout = layout;
        this.clock = clock;
        this.archiveDir = archiveDir;
    }

    public StateLayout layout() {
        return layout;
    }

    /**
     * Starts a backup in a new temporary folder. Close the draft in every case: unless it was completed, closing
     * removes the folder and everything in it.
     *
     * @throws UncheckedIOException naming the folder that cannot be made
     */
    public Draft begin(String stack) {
        Path parent = layout.backups(stack);
        Instant started = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        String stamp = STAMP.format(started.atZone(clock.getZone()));
        try {
            privateFolder(parent.getParent());
            privateFolder(parent);
            Path folder = Files.createTempDirectory(parent, TEMP + stamp + "-",
                    PosixFilePermissions.asFileAttribute(FOLDER));
            Files.setPosixFilePermissions(folder, FOLDER);
            return new Draft(stack, folder, started, stamp);
        } catch (IOException e) {
            throw cannot("create a backup folder in " + parent, e);
        }
    }

    /** The backups of a stack that {@link #prune} would remove now, oldest last. */
    public List<BackupRecord> expired(String stack, Duration retention) {
        Instant cutoff = clock.instant().minus(retention);
        return list(stack).stream().filter(r -> r.time().isBefore(cutoff)).toList();
    }

    /** Where {@link #prune} packs a backup before removing it; empty when no archive dir is set. */
    public Optional<Path> archiveOf(BackupRecord backup) {
        return Optional.ofNullable(archiveDir).map(d -> d.resolve(backup.stack()).resolve(backup.id() + ".tar.gz"));
    }

    /** The complete backups of a stack, newest first. */
    public List<BackupRecord> list(String stack) {
        Path parent = layout.backups(stack);
        if (!Files.isDirectory(parent)) {
            return List.of();
        }
        List<BackupRecord> records = new ArrayList<>();
        try (Stream<Path> folders = Files.list(parent)) {
            folders.filter(f -> ID.matcher(f.getFileName().toString()).matches())
                    .filter(f -> Files.isDirectory(f) && Files.isRegularFile(f.resolve(MANIFEST)))
                    .forEach(f -> readRecord(stack, f).ifPresent(records::add));
        } catch (IOException e) {
            throw cannot("list the backups in " + parent, e);
        }
        records.sort(Comparator.comparing(BackupRecord::time).thenComparing(r -> sequence(r.id())).reversed());
        return records;
    }

    /** One complete backup by its folder name. */
    public Optional<BackupRecord> find(String stack, String id) {
        return list(stack).stream().filter(r -> r.id().equals(id)).findFirst();
    }

    /** The manifest of a backup folder; throws UncheckedIOException naming the file when it cannot be read. */
    public BackupManifest manifest(Path folder) {
        Path file = folder.resolve(MANIFEST);
        try {
            return json.readValue(file.toFile(), BackupManifest.class);
        } catch (IOException e) {
            throw cannot("read " + file, e);
        }
    }

    /** Records a backup's verification beside its manifest, replacing the one before, atomically. */
    public void writeVerification(BackupRecord backup, BackupVerification verification) {
        try {
            AtomicFiles.write(backup.path().resolve(VERIFICATION), json.writeValueAsBytes(verification));
        } catch (IOException e) {
            throw cannot("write " + backup.path().resolve(VERIFICATION), e);
        }
    }

    /** The last verification of a backup; empty when it was never verified or its file cannot be read. */
    public Optional<BackupVerification> verification(BackupRecord backup) {
        Path file = backup.path().resolve(VERIFICATION);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(json.readValue(file.toFile(), BackupVerification.class));
        } catch (IOException e) {
            return Optional.empty(); // half a file from another tool: as if never verified, so it is verified again
        }
    }

    /**
     * Removes the stack's backups older than the retention, never {@code keep}, each packed into the archive dir
     * first when one is set (a backup that cannot be packed stays), and the leftovers of backups
     * that a crash interrupted. A backup is first renamed to a temporary name, so one half removed is never
     * listed as complete.
     *
     * @param keep the ids of the backups never removed: the one just made, one about to be restored
     * @return the backups removed
     */
    public List<BackupRecord> prune(String stack, Duration retention, Set<String> keep) {
        Instant now = clock.instant();
        Instant cutoff = now.minus(retention);
        List<BackupRecord> removed = new ArrayList<>();
        for (BackupRecord record : list(stack)) {
            if (!keep.contains(record.id()) && record.time().isBefore(cutoff)) {
                if (archiveDir != null) {
                    try {
                        BackupArchive.pack(record, archiveDir.resolve(stack).resolve(record.id() + ".tar.gz"));
                    } catch (UncheckedIOException e) {
                        org.jboss.logging.Logger.getLogger(BackupStore.class).warnf("%s: backup %s is kept past its"
                                + " retention: %s", stack, record.id(), e.getMessage());
                        continue;
                    }
                }
                remove(record.path());
                removed.add(record);
            }
        }
        removeAbandonedDrafts(layout.backups(stack), now);
        return removed;
    }

    private void remove(Path folder) {
        Path doomed = folder.resolveSibling(TEMP + "removing-" + folder.getFileName());
        try {
            Files.move(folder, doomed, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw cannot("remove the backup " + folder, e);
        }
        deleteTree(doomed);
    }

    private void removeAbandonedDrafts(Path parent, Instant now) {
        if (!Files.isDirectory(parent)) {
            return; // no backup of the stack yet
        }
        try (Stream<Path> folders = Files.list(parent)) {
            folders.filter(f -> f.getFileName().toString().startsWith(TEMP) && Files.isDirectory(f))
                    .filter(f -> lastWrite(f).isBefore(now.minus(ABANDONED)))
                    .forEach(this::deleteTree);
        } catch (IOException e) {
            throw cannot("list the backups in " + parent, e);
        }
    }

    /** The newest modification time of a folder and its files: a dump being written keeps it fresh. */
    private static Instant lastWrite(Path folder) {
        try (Stream<Path> paths = Files.walk(folder)) {
            return paths.map(p -> {
                try {
                    return Files.getLastModifiedTime(p).toInstant();
                } catch (IOException e) {
                    return Instant.MAX; // going away as we look: not ours to judge
                }
            }).max(Comparator.naturalOrder()).orElse(Instant.MAX);
        } catch (IOException | UncheckedIOException e) {
            return Instant.MAX;
        }
    }

    private void deleteTree(Path folder) {
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw cannot("remove " + folder, e);
        }
    }

    private Optional<BackupRecord> readRecord(String stack, Path folder) {
        BackupManifest manifest;
        try {
            manifest = manifest(folder);
        } catch (UncheckedIOException e) {
            return Optional.empty(); // an unreadable manifest: not a backup anyone can restore
        }
        String id = folder.getFileName().toString();
        Instant time = timeOf(manifest.time()).orElseGet(() -> stampTime(id));
        long size = manifest.files().stream().mapToLong(BackupManifest.FileEntry::size).sum();
        return Optional.of(new BackupRecord(stack, id, folder, time, manifest.version(), size, manifest.files()));
    }

    private static Optional<Instant> timeOf(String text) {
        try {
            return text == null ? Optional.empty() : Optional.of(OffsetDateTime.parse(text).toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private Instant stampTime(String id) {
        Matcher m = ID.matcher(id);
        m.matches();
        return LocalDateTime.parse(m.group(1), STAMP).atZone(clock.getZone()).toInstant();
    }

    private static int sequence(String id) {
        Matcher m = ID.matcher(id);
        return m.matches() && m.group(2) != null ? Integer.parseInt(m.group(2)) : 1;
    }

    /** Makes a folder 0700 if it is missing; one that exists keeps what its owner chose. */
    private static void privateFolder(Path folder) throws IOException {
        if (Files.isDirectory(folder)) {
            return;
        }
        Files.createDirectories(folder.getParent());
        try {
            Files.createDirectory(folder, PosixFilePermissions.asFileAttribute(FOLDER));
            Files.setPosixFilePermissions(folder, FOLDER);
        } catch (FileAlreadyExistsException e) {
            if (!Files.isDirectory(folder)) {
                throw e;
            }
        }
    }

    /** Names the path and says why in words: an IOException's message is often the bare path. */
    static UncheckedIOException cannot(String what, IOException e) {
        String why;
        if (e instanceof AccessDeniedException) {
            why = "permission denied" + detail(e);
        } else if (e instanceof NoSuchFileException) {
            why = "no such file or folder" + detail(e);
        } else if (e instanceof FileAlreadyExistsException || e instanceof NotDirectoryException) {
            why = "a file is in the way" + detail(e);
        } else if (e instanceof FileSystemException fs && fs.getReason() != null) {
            why = fs.getReason() + detail(e);
        } else {
            why = String.valueOf(e.getMessage());
        }
        return new UncheckedIOException("cannot " + what + ": " + why, e);
    }

    private static String detail(IOException e) {
        return e instanceof FileSystemException fs && fs.getFile() != null ? " (" + fs.getFile() + ")" : "";
    }

    /**
     * A backup being written, in its temporary folder. Each file is created 0600; {@link #complete} sums them,
     * writes the manifest and renames the folder to its final name.
     */
    public final class Draft implements AutoCloseable {

        private final String stack;
        private final Path folder;
        private final Instant started;
        private final String stamp;
        private final List<String> files = new ArrayList<>();
        private BackupRecord completed;

        private Draft(String stack, Path folder, Instant started, String stamp) {
            this.stack = stack;
            this.folder = folder;
            this.started = started;
            this.stamp = stamp;
        }

        /** The temporary folder, until completed. */
        public Path folder() {
            return folder;
        }

        public Instant started() {
            return started;
        }

        /** A new file of the backup, to stream into; the caller closes it. */
        public OutputStream create(String name) {
            Path file = newFile(name);
            try {
                return Files.newOutputStream(file, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
            } catch (IOException e) {
                throw cannot("write " + file, e);
            }
        }

        public void write(String name, byte[] content) {
            try (OutputStream out = create(name)) {
                out.write(content);
            } catch (IOException e) {
                throw cannot("write " + folder.resolve(name), e);
            }
        }

        public void copy(Path source, String name) {
            try (InputStream in = Files.newInputStream(source); OutputStream out = create(name)) {
                in.transferTo(out);
            } catch (IOException e) {
                throw cannot("copy " + source + " to " + folder.resolve(name), e);
            }
        }

        private Path newFile(String name) {
            if (!FILE_NAME.matcher(name).matches() || name.contains("..") || name.equals(MANIFEST)
                    || files.contains(name)) {
                throw new IllegalArgumentException("'" + name + "' cannot be a file of backup " + folder
                        + ": a plain file name, once, and not " + MANIFEST);
            }
            Path file = folder.resolve(name);
            try {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(FILE));
                Files.setPosixFilePermissions(file, FILE);
            } catch (IOException e) {
                throw cannot("create " + file, e);
            }
            files.add(name);
            return file;
        }

        /**
         * Sums and syncs every file, writes the manifest, and renames the folder to {@code <stamp>} (or
         * {@code <stamp>-2}, ... when that name is taken).
         */
        public BackupRecord complete(String version, List<BackupManifest.Database> databases, List<String> notes) {
            if (completed != null) {
                return completed;
            }
            List<BackupManifest.FileEntry> entries = new ArrayList<>();
            for (String name : files) {
                entries.add(sumAndSync(folder.resolve(name)));
            }
            String time = DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(started.atZone(clock.getZone()));
            BackupManifest manifest = new BackupManifest(BackupManifest.FORMAT, stack, version, time, databases,
                    entries, notes);
            Path manifestFile = folder.resolve(MANIFEST);
            try {
                Files.createFile(manifestFile, PosixFilePermissions.asFileAttribute(FILE));
                Files.setPosixFilePermissions(manifestFile, FILE);
                writeAndSync(manifestFile, json.writeValueAsBytes(manifest));
                sync(folder);
            } catch (IOException e) {
                throw cannot("write " + manifestFile, e);
            }
            Path target = rename();
            long size = entries.stream().mapToLong(BackupManifest.FileEntry::size).sum();
            completed = new BackupRecord(stack, target.getFileName().toString(), target, started, version, size,
                    manifest.files());
            return completed;
        }

        private Path rename() {
            Path parent = folder.getParent();
            for (int n = 1; ; n++) {
                Path target = parent.resolve(n == 1 ? stamp : stamp + "-" + n);
                if (Files.exists(target)) {
                    continue;
                }
                try {
                    Files.move(folder, target, StandardCopyOption.ATOMIC_MOVE);
                    sync(parent);
                    return target;
                } catch (FileAlreadyExistsException | DirectoryNotEmptyException taken) {
                    // another backup took the name between the look and the rename: the next one
                } catch (IOException e) {
                    throw cannot("rename " + folder + " to " + target, e);
                }
            }
        }

        /** Removes the temporary folder unless the backup was completed. */
        @Override
        public void close() {
            if (completed == null && Files.exists(folder)) {
                deleteTree(folder);
            }
        }
    }

    private static BackupManifest.FileEntry sumAndSync(Path file) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            ByteBuffer buffer = ByteBuffer.allocate(1 << 16);
            long size = 0;
            int read;
            while ((read = channel.read(buffer)) >= 0) {
                buffer.flip();
                sha256.update(buffer);
                buffer.clear();
                size += read;
            }
            channel.force(true);
            return new BackupManifest.FileEntry(file.getFileName().toString(), size,
                    HexFormat.of().formatHex(sha256.digest()));
        } catch (IOException e) {
            throw cannot("read back " + file, e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The SHA-256 of a file, lower-case hex, to check a backup against its manifest. */
    public static String sha256(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            int read;
            while ((read = in.read(buffer)) >= 0) {
                sha256.update(buffer, 0, read);
            }
            return HexFormat.of().formatHex(sha256.digest());
        } catch (IOException e) {
            throw cannot("read " + file, e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void writeAndSync(Path file, byte[] content) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buffer = ByteBuffer.wrap(content);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(true);
        }
    }

    /** Syncs a folder's entries (a rename, a new file) to disk; where the platform cannot, nothing more can be done. */
    private static void sync(Path folder) {
        try (FileChannel channel = FileChannel.open(folder, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException ignored) {
            // best effort
        }
    }
}
