package tokyo.seisei.operator.source;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.Supplier;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.ResetCommand;
import org.eclipse.jgit.api.Status;
import org.eclipse.jgit.api.TransportConfigCallback;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.SubmoduleConfig;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.submodule.SubmoduleWalk;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.FetchResult;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.SshTransport;
import org.eclipse.jgit.transport.TagOpt;
import org.eclipse.jgit.transport.URIish;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;
import org.eclipse.jgit.transport.sshd.JGitKeyCache;
import org.eclipse.jgit.transport.sshd.SshdSessionFactory;
import org.eclipse.jgit.transport.sshd.SshdSessionFactoryBuilder;
import org.jboss.logging.Logger;
import tokyo.seisei.operator.model.Printable;

/**
 * The desired state as committed to a branch of a git repository, with JGit (no git binary). The clone lives in
 * {@code <state-dir>/git/repo}; the operator only fetches the branch and checks out the fetched commit, with a hard
 * reset and a clean: it never merges, commits or pushes, so only committed content is read, and a local change in
 * the checkout is undone before the next read.
 *
 * <p>A fetch ({@link #refresh}) only updates {@code refs/remotes/origin/<branch>}; the checkout moves to it when the
 * folder is next read ({@link #read}), under a lock that keeps the operator's processes from checking out while
 * another reads. When a fetch fails, the last fetched commit stays in use, and each stack read says since when the
 * repository cannot be fetched. The only class that imports JGit.
 */
public final class GitSource implements Source {

    private static final Logger LOG = Logger.getLogger(GitSource.class);
    private static final String TRACKING = "refs/remotes/origin/";
    /** A URL's userinfo: after the scheme's {@code ://}, up to the last {@code @} before the path, the query or a space. */
    private static final java.util.regex.Pattern USERINFO = java.util.regex.Pattern.compile("(?<=://)[^/?#\\s]*@");

    /**
     * The settings of a git source.
     *
     * @param url            the repository: {@code https://}, {@code http://}, {@code ssh://}, {@code git@host:path} or {@code file://}
     * @param path           the folder of stack files in the repository, relative; empty or {@code .} for its root
     * @param root           {@code <state-dir>/git}: the clone and its lock
     * @param username       with {@code passwordFile}, for https
     * @param sshKeyFile     with {@code knownHostsFile}, for ssh: the private key, and the only host keys trusted
     */
    public record Settings(String url, String branch, String path, Path root, Optional<String> username,
                           Optional<Path> passwordFile, Optional<Path> sshKeyFile, Optional<Path> knownHostsFile) {

        /** The first setting that cannot work, naming its key, or empty. */
        public Optional<String> problem() {
            try {
                new URIish(url);
            } catch (URISyntaxException e) {
                return Optional.of("operator.git.url is not a git URL: " + Printable.excerpt(redact(url)));
            }
            if (branch.isBlank() || !Repository.isValidRefName(Constants.R_HEADS + branch)) {
                return Optional.of("operator.git.branch is not a branch name: " + Printable.excerpt(branch));
            }
            Path relative = Path.of(path.isBlank() ? "." : path);
            if (relative.isAbsolute() || relative.normalize().startsWith("..")) {
                return Optional.of("operator.git.path must be a folder inside the repository, not " + Printable.excerpt(path));
            }
            if (username.isPresent() != passwordFile.isPresent()) {
                return Optional.of("operator.git.username and operator.git.password-file go together: set both or neither");
            }
            if (sshKeyFile.isPresent() && knownHostsFile.isEmpty()) {
                return Optional.of("operator.git.ssh-key-file needs operator.git.known-hosts-file: the host keys trusted");
            }
            for (Optional<Path> file : List.of(passwordFile, sshKeyFile, knownHostsFile)) {
                if (file.isPresent() && !Files.isReadable(file.get())) {
                    return Optional.of("cannot read " + file.get() + " (operator.git." + keyOf(file.get()) + ")");
                }
            }
            return Optional.empty();
        }

        private String keyOf(Path file) {
            return passwordFile.filter(file::equals).map(f -> "password-file")
                    .or(() -> sshKeyFile.filter(file::equals).map(f -> "ssh-key-file")).orElse("known-hosts-file");
        }

        /** The folder inside the repository, with {@code /} separators and no leading or trailing one; "" for the root. */
        String folder() {
            String normal = Path.of(path.isBlank() ? "." : path).normalize().toString().replace(File.separatorChar, '/');
            return normal.equals(".") ? "" : normal.replaceAll("^/+|/+$", "");
        }
    }

    private final Settings settings;
    private final Clock clock;
    private final Path workTree;
    private final Path lockFile;
    private final String shownUrl;
    private final ReentrantLock checkoutLock = new ReentrantLock();
    private final Object fetchLock = new Object();
    /** The commit that last touched a file, by fetched commit and path: a log walk once per file and commit. */
    private final Map<String, Optional<SourceRevision>> revisions = new ConcurrentHashMap<>();
    private volatile SshdSessionFactory ssh;

    private volatile String fetchedCommit;
    /** The commit in the checkout, as the read under way checked it out. */
    private volatile String checkedOut;
    private volatile Instant fetchedAt;
    private volatile Instant failingSince;
    private volatile String lastError;

    public GitSource(Settings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
        Path root = settings.root().toAbsolutePath().normalize();
        this.workTree = root.resolve("repo");
        this.lockFile = root.resolve("checkout.lock");
        this.shownUrl = redact(settings.url());
    }

    @Override
    public Path folder() {
        String folder = settings.folder();
        return folder.isEmpty() ? workTree : workTree.resolve(folder);
    }

    @Override
    public boolean fetched() {
        return true;
    }

    @Override
    public <T> T read(Function<Path, T> reader) {
        return locked(() -> {
            try (Git git = open()) {
                ObjectId target = git == null ? null : tracking(git.getRepository());
                if (target == null) {
                    throw new SourceUnavailable(neverFetched());
                }
                checkout(git, target);
                checkedOut = target.name();
            } catch (IOException | GitAPIException e) {
                throw new IllegalStateException("cannot check out the desired state in " + workTree + ": " + e.getMessage(), e);
            }
            refuseFolderOutsideRepository();
            return reader.apply(folder());
        });
    }

    /**
     * A folder committed as a symbolic link to a place outside the repository would deploy files no commit holds
     * (and that change without any): refused, as a repository never fetched is, so nothing is changed.
     */
    private void refuseFolderOutsideRepository() {
        Path folder = folder();
        if (!Files.exists(folder)) {
            return;
        }
        try {
            Path real = folder.toRealPath();
            if (!real.startsWith(workTree.toRealPath())) {
                throw new SourceUnavailable("folder " + settings.folder() + " of " + shownUrl + " is a symbolic link to "
                        + real + ", outside the repository; only what is committed is deployed");
            }
        } catch (IOException e) {
            throw new SourceUnavailable("cannot resolve folder " + settings.folder() + " of " + shownUrl + ": " + e.getMessage());
        }
    }

    @Override
    public LoadedStack traced(LoadedStack stack) {
        String commit = checkedOut;
        if (commit == null) {
            return stack;
        }
        Path file = stack.file().toAbsolutePath().normalize();
        if (!file.startsWith(workTree)) {
            return stack;
        }
        String relative = workTree.relativize(file).toString().replace(File.separatorChar, '/');
        Optional<SourceRevision> revision = revisions.computeIfAbsent(commit + " " + relative, k -> lastCommit(commit, relative));
        String unreachable = unreachable();
        return revision.map(r -> stack.withSource(unreachable == null ? r : r.unreachable(unreachable))).orElse(stack);
    }

    @Override
    public Optional<String> folderProblem() {
        String commit = currentCommit();
        if (commit == null) {
            return Optional.of("error: " + neverFetched());
        }
        if (!Files.isDirectory(folder())) {
            try (Git git = open()) {
                ObjectId target = tracking(git.getRepository());
                if (target != null && !target.name().equals(headOf(git.getRepository()))) {
                    return Optional.empty(); // checked out at the next read
                }
            } catch (IOException e) {
                return Optional.of("error: cannot open the clone " + workTree + ": " + e.getMessage());
            }
            return Optional.of("error: folder " + settings.folder() + " is not in " + shownUrl + " (branch " + settings.branch()
                    + ") at commit " + commit.substring(0, SourceRevision.SHORT) + "; set operator.git.path (env OPERATOR_GIT_PATH)");
        }
        return Optional.empty();
    }

    @Override
    public Fetch refresh(Duration timeout) {
        synchronized (fetchLock) {
            String before = currentCommit();
            boolean wasReachable = failingSince == null;
            try {
                String commit = fetch(timeout);
                fetchedCommit = commit;
                fetchedAt = clock.instant();
                failingSince = null;
                lastError = null;
                if (revisions.size() > 1000) {
                    revisions.clear();
                }
                boolean changed = !commit.equals(before) || !wasReachable;
                String message = !commit.equals(before) ? "fetched " + describe(commit) + " from " + shownUrl + " (branch "
                        + settings.branch() + ")" : !wasReachable ? shownUrl + " can be fetched again: still " + describe(commit) : "";
                return new Fetch(true, changed, message);
            } catch (Exception e) {
                String why = reasonOf(e);
                if (failingSince == null) {
                    failingSince = clock.instant().truncatedTo(ChronoUnit.SECONDS);
                }
                lastError = why;
                return new Fetch(false, wasReachable, "cannot fetch " + shownUrl + " (branch " + settings.branch() + "): " + why
                        + (before == null ? "; nothing was ever fetched" : "; the last fetched commit "
                        + before.substring(0, SourceRevision.SHORT) + " stays in use"));
            }
        }
    }

    @Override
    public Optional<Health> health() {
        String commit = currentCommit();
        String where = shownUrl + " (branch " + settings.branch() + ")";
        String failing = failingSince == null ? "" : "; cannot fetch since " + failingSince + ": " + lastError;
        if (commit == null) {
            return Optional.of(new Health(false, where + ": never fetched" + (lastError == null ? "" : ": " + lastError)));
        }
        return Optional.of(new Health(true, "commit " + commit.substring(0, SourceRevision.SHORT) + " of " + where
                + (fetchedAt == null ? "" : ", fetched " + fetchedAt.truncatedTo(ChronoUnit.SECONDS)) + failing));
    }

    @Override
    public Optional<Remote> remote() {
        String commit = currentCommit();
        SourceRevision revision = commit == null ? null
                : revisions.computeIfAbsent(commit, c -> Optional.ofNullable(revisionOf(c))).orElse(null);
        Instant at = fetchedAt;
        Instant since = failingSince;
        return Optional.of(new Remote(shownUrl, settings.branch(), revision, at == null ? null : at.truncatedTo(ChronoUnit.SECONDS).toString(),
                since == null, since == null ? null : since.toString(), since == null ? null : lastError));
    }

    /** While the last fetch failed: since when and why, in one sentence; else null. */
    private String unreachable() {
        Instant since = failingSince;
        if (since == null) {
            return null;
        }
        return shownUrl + " cannot be fetched since " + since + " (" + lastError + "); the last fetched commit "
                + fetchedCommit.substring(0, SourceRevision.SHORT) + " stays in use";
    }

    private String neverFetched() {
        return "the git repository " + shownUrl + " (branch " + settings.branch() + ") was never fetched"
                + (lastError == null ? "" : " (" + lastError + ")") + "; nothing is deployed until it can be";
    }

    /** The commit last fetched, by this process or before it; null when the repository was never fetched. */
    private String currentCommit() {
        String commit = fetchedCommit;
        if (commit != null) {
            return commit;
        }
        try (Git git = open()) {
            ObjectId target = git == null ? null : tracking(git.getRepository());
            if (target != null) {
                fetchedCommit = target.name();
            }
            return fetchedCommit;
        } catch (IOException e) {
            return null;
        }
    }

    /** Fetches the branch into its tracking ref; returns the commit fetched. */
    private String fetch(Duration timeout) throws IOException, GitAPIException {
        try (Git git = locked(this::openOrInit)) {
            FetchResult result = git.fetch().setRemote(settings.url())
                    .setRefSpecs(new RefSpec("+" + Constants.R_HEADS + settings.branch() + ":" + TRACKING + settings.branch()))
                    .setTagOpt(TagOpt.NO_TAGS)
                    .setRecurseSubmodules(SubmoduleConfig.FetchRecurseSubmodulesMode.NO)
                    .setTimeout((int) Math.max(1, timeout.toSeconds()))
                    .setCredentialsProvider(credentials())
                    .setTransportConfigCallback(sshCallback())
                    .call();
            if (result.getAdvertisedRef(Constants.R_HEADS + settings.branch()) == null) {
                throw new IllegalStateException("the repository has no branch " + settings.branch());
            }
            ObjectId commit = tracking(git.getRepository());
            if (commit == null) {
                throw new IllegalStateException("the branch " + settings.branch() + " was not fetched");
            }
            return commit.name();
        }
    }

    /** Moves the checkout to the commit, and undoes any local change: only committed content is read. */
    private void checkout(Git git, ObjectId target) throws IOException, GitAPIException {
        Repository repo = git.getRepository();
        boolean moved = !target.name().equals(headOf(repo));
        Set<String> local = localChanges(git);
        if (!moved && local.isEmpty()) {
            return;
        }
        if (!local.isEmpty()) {
            LOG.warnf("local changes in the checkout %s are discarded, only committed content is deployed: %s", workTree,
                    String.join(", ", local));
        }
        if (moved) {
            RefUpdate head = repo.updateRef(Constants.HEAD, true);
            head.setNewObjectId(target);
            head.forceUpdate();
        }
        git.reset().setMode(ResetCommand.ResetType.HARD).setRef(target.name()).call();
        git.clean().setCleanDirectories(true).setIgnore(false).setForce(true).call();
        if (moved) {
            LOG.infof("desired state checked out at %s", describe(target.name()));
        }
    }

    private static Set<String> localChanges(Git git) throws GitAPIException, IOException {
        if (git.getRepository().resolve(Constants.HEAD) == null) {
            return Set.of();
        }
        Status status = git.status().setIgnoreSubmodules(SubmoduleWalk.IgnoreSubmoduleMode.ALL).call();
        Set<String> changed = new TreeSet<>(status.getUncommittedChanges());
        changed.addAll(status.getUntracked());
        changed.addAll(status.getUntrackedFolders());
        changed.addAll(status.getIgnoredNotInIndex());
        return changed;
    }

    private Optional<SourceRevision> lastCommit(String commit, String relative) {
        try (Git git = open()) {
            if (git == null) {
                return Optional.empty();
            }
            Iterator<RevCommit> log = git.log().add(ObjectId.fromString(commit)).addPath(relative).setMaxCount(1).call().iterator();
            return log.hasNext() ? Optional.of(revisionOf(log.next())) : Optional.empty();
        } catch (IOException | GitAPIException | RuntimeException e) {
            LOG.warnf("cannot find the commit of %s: %s", relative, e.getMessage());
            return Optional.empty();
        }
    }

    private static SourceRevision revisionOf(RevCommit commit) {
        PersonIdent author = commit.getAuthorIdent();
        return new SourceRevision(commit.name(), Printable.excerpt(commit.getShortMessage()),
                Printable.excerpt(author.getName() + " <" + author.getEmailAddress() + ">"),
                Instant.ofEpochSecond(commit.getCommitTime()).toString(), null);
    }

    private String describe(String commit) {
        SourceRevision revision = revisionOf(commit);
        return revision == null ? "commit " + commit.substring(0, SourceRevision.SHORT) : revision.describe();
    }

    /** The commit itself, or null when the clone cannot tell. */
    private SourceRevision revisionOf(String commit) {
        try (Git git = open(); RevWalk walk = new RevWalk(git.getRepository())) {
            return revisionOf(walk.parseCommit(ObjectId.fromString(commit)));
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** The commit fetched last, or null when the branch was never fetched. */
    private ObjectId tracking(Repository repo) throws IOException {
        return repo.resolve(TRACKING + settings.branch() + "^{commit}");
    }

    private static String headOf(Repository repo) throws IOException {
        ObjectId head = repo.resolve(Constants.HEAD);
        return head == null ? null : head.name();
    }

    /** The clone, or null when there is none yet. */
    private Git open() throws IOException {
        if (!Files.isDirectory(workTree.resolve(Constants.DOT_GIT))) {
            return null;
        }
        return Git.open(workTree.toFile());
    }

    private Git openOrInit() {
        try {
            Git git = open();
            if (git == null) {
                Files.createDirectories(workTree);
                git = Git.init().setDirectory(workTree.toFile()).call();
                LOG.infof("made the clone %s for %s", workTree, shownUrl);
            }
            return git;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make the clone " + workTree + ": " + e.getMessage(), e);
        } catch (GitAPIException e) {
            throw new IllegalStateException("cannot make the clone " + workTree + ": " + e.getMessage(), e);
        }
    }

    private CredentialsProvider credentials() throws IOException {
        if (settings.username().isEmpty() || settings.passwordFile().isEmpty()) {
            return null;
        }
        return new UsernamePasswordCredentialsProvider(settings.username().get(),
                Files.readString(settings.passwordFile().get()).strip());
    }

    private TransportConfigCallback sshCallback() throws IOException {
        if (settings.sshKeyFile().isEmpty()) {
            return null;
        }
        SshdSessionFactory factory = ssh;
        if (factory == null) {
            Path sshDir = Files.createDirectories(settings.root().toAbsolutePath().resolve("ssh"));
            Path config = sshDir.resolve("config");
            Path key = settings.sshKeyFile().get().toAbsolutePath();
            Path knownHosts = settings.knownHostsFile().orElseThrow().toAbsolutePath();
            // no ~/.ssh/config, no key but the one configured, and no host trusted but those of known-hosts-file
            Files.writeString(config, "Host *\n  StrictHostKeyChecking yes\n  IdentitiesOnly yes\n  IdentityFile \""
                    + key + "\"\n  UserKnownHostsFile \"" + knownHosts + "\"\n");
            factory = new SshdSessionFactoryBuilder()
                    .setHomeDirectory(sshDir.toFile())
                    .setSshDirectory(sshDir.toFile())
                    .setConfigFile(dir -> config.toFile())
                    .setDefaultIdentities(dir -> List.of(key))
                    .setDefaultKnownHostsFiles(dir -> List.of(knownHosts))
                    .setPreferredAuthentications("publickey")
                    .build(new JGitKeyCache());
            ssh = factory;
        }
        SshdSessionFactory sessions = factory;
        return transport -> {
            if (transport instanceof SshTransport sshTransport) {
                sshTransport.setSshSessionFactory(sessions);
            }
        };
    }

    /** Runs the work holding the checkout: a lock of this process first, then the file lock other processes take. */
    private <T> T locked(Supplier<T> work) {
        checkoutLock.lock();
        try {
            if (checkoutLock.getHoldCount() > 1) {
                return work.get();
            }
            Files.createDirectories(lockFile.getParent());
            try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock ignored = channel.lock()) {
                return work.get();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock " + lockFile + ": " + e.getMessage(), e);
        } finally {
            checkoutLock.unlock();
        }
    }

    /** The exception's own sentence and its causes', without repeats, credentials hidden. */
    private String reasonOf(Throwable e) {
        List<String> parts = new ArrayList<>();
        for (Throwable t = e; t != null && parts.size() < 3; t = t.getCause() == t ? null : t.getCause()) {
            String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage().strip();
            if (parts.stream().noneMatch(p -> p.contains(message))) {
                parts.add(message);
            }
        }
        String joined = redact(String.join(": ", parts).replace(settings.url(), shownUrl))
                .replace(shownUrl + ": " + shownUrl + ": ", shownUrl + ": ");
        return Printable.excerpt(joined.lines().findFirst().orElse(joined));
    }

    /**
     * The text with the whole userinfo of every URL in it hidden: {@code https://user:password@host} and
     * {@code https://<token>@host} (a token as the user name, as GitHub and GitLab take it) both become
     * {@code https://****@host}.
     */
    public static String redact(String text) {
        return USERINFO.matcher(text).replaceAll("****@");
    }
}
