package tokyo.seisei.operator.source;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;

/**
 * Where the desired-state files are read from: a plain folder ({@link #folder}), or the checkout of a git
 * repository ({@link GitSource}), which is fetched now and then. {@link DesiredState} reads through it and knows
 * nothing else of git; neither does the engine.
 */
public interface Source {

    /**
     * Runs the reader on the folder of stack files, held as it is for the reader's time: for git, the checkout of the
     * last fetched commit, with any local change undone first.
     *
     * @throws SourceUnavailable when there is no folder to read yet (a repository never fetched)
     */
    <T> T read(Function<Path, T> reader);

    /** The folder of stack files, as a path, without checking or preparing it. */
    Path folder();

    /** The stack as read, with where it came from (a plain folder adds nothing). Called inside {@link #read}. */
    default LoadedStack traced(LoadedStack stack) {
        return stack;
    }

    /** An error line when there is nothing to read, else empty. */
    Optional<String> folderProblem();

    /** Brings the folder up to its origin, when there is one; a plain folder has nothing to fetch. */
    default Fetch refresh(Duration timeout) {
        return Fetch.NOTHING;
    }

    /** True when the source is fetched from somewhere ({@link #refresh} does something). */
    default boolean fetched() {
        return false;
    }

    /** For readiness: what the source holds now; empty for a plain folder. */
    default Optional<Health> health() {
        return Optional.empty();
    }

    /** For the status page: the repository followed, its last fetched commit and whether it answers; empty for a plain folder. */
    default Optional<Remote> remote() {
        return Optional.empty();
    }

    /**
     * What one fetch did.
     *
     * @param ok      the origin answered
     * @param changed the fetched commit, or whether the origin answers, is not what it was before
     * @param message one line for the log: the commit fetched, or why the fetch failed
     */
    record Fetch(boolean ok, boolean changed, String message) {
        public static final Fetch NOTHING = new Fetch(true, false, "");
    }

    /**
     * @param usable false when there is nothing to deploy from (a repository never fetched)
     * @param text   one line: the commit in use, when it was fetched, and why the last fetch failed, if it did
     */
    record Health(boolean usable, String text) {
    }

    /**
     * The repository followed, as the status page shows it.
     *
     * @param url          the repository, any password hidden
     * @param commit       the last fetched commit, null when nothing was ever fetched
     * @param fetchedAt    when this process last fetched, ISO-8601; null before its first fetch
     * @param reachable    false while the last fetch failed
     * @param failingSince while it fails: since when, ISO-8601; else null
     * @param error        while it fails: why; else null
     */
    record Remote(String url, String branch, SourceRevision commit, String fetchedAt, boolean reachable, String failingSince,
                  String error) {
    }

    /** The desired-state folder itself, read as it is. */
    static Source folder(Path dir) {
        return new Source() {
            @Override
            public <T> T read(Function<Path, T> reader) {
                return reader.apply(dir);
            }

            @Override
            public Path folder() {
                return dir;
            }

            @Override
            public Optional<String> folderProblem() {
                if (!Files.isDirectory(dir)) {
                    return Optional.of("error: desired-state folder " + dir.toAbsolutePath()
                            + " does not exist; set operator.desired-state-dir (env OPERATOR_DESIRED_STATE_DIR)");
                }
                return Optional.empty();
            }
        };
    }
}
