package tokyo.seisei.operator.source;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.Optional;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.transport.PushResult;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.RemoteRefUpdate;

/**
 * The desired-state repository as people use it, on local disk: a bare repository ({@code file://}) and a
 * person's clone that commits to {@code main} and pushes. It can go away and come back, as a remote does.
 */
public final class GitUpstream implements AutoCloseable {

    public static final String AUTHOR = "Alice Example";
    public static final String EMAIL = "alice@example.com";

    public final Path bare;
    private final String url;
    private final Path away;
    private final Path work;
    private final Git person;

    public GitUpstream(Path root) {
        bare = root.resolve("upstream.git");
        away = root.resolve("upstream.git.away");
        work = root.resolve("person");
        try {
            Git.init().setBare(true).setInitialBranch("main").setDirectory(bare.toFile()).call().close();
            url = bare.toUri().toString();
            person = Git.init().setInitialBranch("main").setDirectory(work.toFile()).call();
        } catch (GitAPIException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The repository's URL, as operator.git.url takes it. */
    public String url() {
        return url;
    }

    /** A git source following main's desired-state/ folder, with its clone under stateDir/git. */
    public GitSource source(Path stateDir) {
        return new GitSource(new GitSource.Settings(url(), "main", "desired-state", stateDir.resolve("git"), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty()), Clock.systemUTC());
    }

    /** Writes desired-state/<stack>.yaml, commits it with the message and pushes; returns the commit's sha. */
    public String commit(String stack, String yaml, String message) {
        write("desired-state/" + stack + ".yaml", yaml);
        return commitAll(message);
    }

    /** Writes a file anywhere in the repository, without committing. */
    public void write(String relative, String text) {
        try {
            Path file = work.resolve(relative);
            Files.createDirectories(file.getParent());
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes a symbolic link anywhere in the repository, without committing. */
    public void link(String relative, Path target) {
        try {
            Path link = work.resolve(relative);
            Files.createDirectories(link.getParent());
            Files.createSymbolicLink(link, target);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Removes a file of the repository, without committing. */
    public void remove(String relative) {
        try {
            person.rm().addFilepattern(relative).call();
        } catch (GitAPIException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Commits everything written and pushes to main; returns the commit's sha. */
    public String commitAll(String message) {
        try {
            person.add().addFilepattern(".").call();
            PersonIdent who = new PersonIdent(AUTHOR, EMAIL);
            String sha = person.commit().setMessage(message).setAuthor(who).setCommitter(who).call().name();
            for (PushResult result : person.push().setRemote(url()).setRefSpecs(new RefSpec("refs/heads/main:refs/heads/main"))
                    .call()) {
                for (RemoteRefUpdate update : result.getRemoteUpdates()) {
                    if (update.getStatus() != RemoteRefUpdate.Status.OK && update.getStatus() != RemoteRefUpdate.Status.UP_TO_DATE) {
                        throw new IllegalStateException("push refused: " + update.getStatus());
                    }
                }
            }
            return sha;
        } catch (GitAPIException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The remote cannot be reached any more. */
    public void goAway() {
        move(bare, away);
    }

    /** The remote is back, as it was. */
    public void comeBack() {
        move(away, bare);
    }

    private static void move(Path from, Path to) {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String shortSha(String sha) {
        return sha.substring(0, 7);
    }

    @Override
    public void close() {
        person.close();
    }
}
