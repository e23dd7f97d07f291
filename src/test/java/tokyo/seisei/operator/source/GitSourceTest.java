package tokyo.seisei.operator.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The desired state followed from a git repository: only what is committed to the branch is read. */
@Timeout(60)
class GitSourceTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @TempDir
    Path root;

    GitUpstream upstream;
    GitSource source;
    DesiredState desired;

    @BeforeEach
    void setUp() {
        upstream = new GitUpstream(root.resolve("remote"));
        source = upstream.source(root.resolve("state"));
        desired = new DesiredState(source, new DesiredStateLoader(Map.of()));
    }

    @AfterEach
    void tearDown() {
        upstream.close();
    }

    static String stack(String name, String version) {
        return """
                apiVersion: operator.seisei.tokyo/v1
                kind: Stack
                metadata:
                  name: %s
                spec:
                  environment: staging
                  version: %s
                  services:
                    web:
                      image: registry.example/%s:${VERSION}
                """.formatted(name, version, name);
    }

    private LoadedStack read(String stack) {
        return desired.find(stack).orElseThrow(() -> new AssertionError("no stack " + stack + " in " + desired.names()));
    }

    @Test
    void aCommitIsFetchedAndItsFilesRead() {
        upstream.write("desired-state/shop.yaml", stack("shop", "v1"));
        upstream.write("desired-state/blog.yaml", stack("blog", "v7"));
        upstream.write("README.md", "not a stack: outside desired-state/\n");
        String sha = upstream.commitAll("Add shop and blog");

        Source.Fetch fetch = source.refresh(TIMEOUT);

        assertTrue(fetch.ok() && fetch.changed(), fetch.message());
        assertTrue(fetch.message().contains("commit " + GitUpstream.shortSha(sha) + " \"Add shop and blog\""), fetch.message());
        assertEquals(List.of("blog", "shop"), desired.names());
        LoadedStack shop = read("shop");
        assertTrue(shop.valid(), shop.problems().toString());
        assertEquals("v1", shop.desiredVersion());
        assertEquals(new SourceRevision(sha, "Add shop and blog", "Alice Example <alice@example.com>",
                shop.source().time(), null), shop.source());
        assertEquals("v7", read("blog").desiredVersion());
        assertTrue(source.health().orElseThrow().usable());
        assertTrue(source.health().orElseThrow().text().startsWith("commit " + GitUpstream.shortSha(sha) + " of " + upstream.url()),
                source.health().orElseThrow().text());

        assertFalse(source.refresh(TIMEOUT).changed(), "nothing new was pushed");
    }

    @Test
    void aCommitTouchingOneStacksFileChangesOnlyThatStack() {
        upstream.write("desired-state/shop.yaml", stack("shop", "v1"));
        upstream.write("desired-state/blog.yaml", stack("blog", "v1"));
        String first = upstream.commitAll("Add shop and blog");
        source.refresh(TIMEOUT);
        LoadedStack shopBefore = read("shop");
        LoadedStack blogBefore = read("blog");

        String second = upstream.commit("blog", stack("blog", "v2"), "Blog v2");
        upstream.write("docs/notes.md", "a commit that touches no stack\n");
        String third = upstream.commitAll("Notes");
        assertTrue(source.refresh(TIMEOUT).changed());

        LoadedStack shop = read("shop");
        LoadedStack blog = read("blog");
        assertEquals(shopBefore.revision(), shop.revision(), "shop's file did not change: same revision, nothing to redeploy");
        assertEquals(first, shop.source().commit(), "the last commit that touched shop.yaml");
        assertNotEquals(blogBefore.revision(), blog.revision());
        assertEquals(second, blog.source().commit());
        assertEquals("v2", blog.desiredVersion());
        assertTrue(source.health().orElseThrow().text().startsWith("commit " + GitUpstream.shortSha(third)));

        upstream.remove("desired-state/blog.yaml");
        upstream.commitAll("Retire blog");
        source.refresh(TIMEOUT);
        assertEquals(List.of("shop"), desired.names(), "a file removed by a commit is read no more");
        assertEquals(shopBefore.revision(), read("shop").revision());
    }

    @Test
    void anUncommittedEditInTheCheckoutIsNotRead() throws IOException {
        upstream.commit("shop", stack("shop", "v1"), "Shop v1");
        source.refresh(TIMEOUT);
        Path checkout = desired.dir();
        read("shop");

        Files.writeString(checkout.resolve("shop.yaml"), stack("shop", "v666-edited-on-the-host"));
        Files.writeString(checkout.resolve("sneaky.yaml"), stack("sneaky", "v1"));

        assertEquals("v1", read("shop").desiredVersion(), "only the committed file is read");
        assertEquals(List.of("shop"), desired.names(), "a file made on the host is not a stack");
        assertEquals(stack("shop", "v1"), Files.readString(checkout.resolve("shop.yaml")), "the edit is undone");
        assertFalse(Files.exists(checkout.resolve("sneaky.yaml")));

        Files.writeString(checkout.resolve("shop.yaml"), stack("shop", "v666-edited-again"));
        upstream.commit("shop", stack("shop", "v2"), "Shop v2");
        source.refresh(TIMEOUT);
        assertEquals("v2", read("shop").desiredVersion(), "the next fetch overwrites the edit with what was pushed");
    }

    @Test
    void anUnreachableRemoteKeepsTheLastStateAndSaysSoThenComesBack() {
        String sha = upstream.commit("shop", stack("shop", "v1"), "Shop v1");
        source.refresh(TIMEOUT);
        read("shop");

        upstream.goAway();
        Source.Fetch failed = source.refresh(TIMEOUT);

        assertFalse(failed.ok());
        assertTrue(failed.changed(), "the remote going away is news");
        assertTrue(failed.message().contains("the last fetched commit " + GitUpstream.shortSha(sha) + " stays in use"),
                failed.message());
        LoadedStack shop = read("shop");
        assertEquals("v1", shop.desiredVersion(), "the last fetched state stays");
        assertEquals(sha, shop.source().commit());
        assertTrue(shop.source().unreachable().startsWith(upstream.url() + " cannot be fetched since "), shop.source().unreachable());
        Source.Health health = source.health().orElseThrow();
        assertTrue(health.usable(), "something was fetched: the operator goes on with it");
        assertTrue(health.text().contains("cannot fetch since"), health.text());
        assertFalse(source.refresh(TIMEOUT).changed(), "still away: no news");

        upstream.comeBack();
        String next = upstream.commit("shop", stack("shop", "v2"), "Shop v2");
        Source.Fetch back = source.refresh(TIMEOUT);

        assertTrue(back.ok() && back.changed(), back.message());
        shop = read("shop");
        assertEquals("v2", shop.desiredVersion());
        assertEquals(next, shop.source().commit());
        assertNull(shop.source().unreachable());
        assertFalse(source.health().orElseThrow().text().contains("cannot fetch"));
    }

    @Test
    void theRemoteAsTheStatusPageShowsItFollowsEachFetch() {
        assertNull(source.remote().orElseThrow().commit(), "nothing fetched yet");
        String sha = upstream.commit("shop", stack("shop", "v1"), "Shop v1");
        source.refresh(TIMEOUT);

        Source.Remote remote = source.remote().orElseThrow();
        assertEquals(upstream.url(), remote.url());
        assertEquals(sha, remote.commit().commit());
        assertEquals("Shop v1", remote.commit().subject());
        assertEquals(GitUpstream.AUTHOR + " <" + GitUpstream.EMAIL + ">", remote.commit().author());
        assertTrue(remote.reachable());
        assertTrue(remote.fetchedAt() != null && remote.failingSince() == null && remote.error() == null, remote.toString());

        upstream.goAway();
        source.refresh(TIMEOUT);
        Source.Remote away = source.remote().orElseThrow();
        assertFalse(away.reachable());
        assertEquals(sha, away.commit().commit(), "the last fetched commit stays");
        assertTrue(away.failingSince() != null && away.error() != null, away.toString());

        upstream.comeBack();
        String next = upstream.commit("shop", stack("shop", "v2"), "Shop v2");
        source.refresh(TIMEOUT);
        assertEquals(next, source.remote().orElseThrow().commit().commit());
        assertTrue(source.remote().orElseThrow().reachable());
        assertEquals(Optional.empty(), Source.folder(root).remote(), "a plain folder follows no repository");
    }

    @Test
    void aFolderCommittedAsALinkToAPlaceOutsideTheRepositoryIsNotRead() throws IOException {
        Path outside = Files.createDirectories(root.resolve("outside"));
        Files.writeString(outside.resolve("shop.yaml"), stack("shop", "v1-never-committed"));
        upstream.link("desired-state", outside);
        upstream.commitAll("desired-state is a link");
        assertTrue(source.refresh(TIMEOUT).ok());

        SourceUnavailable refused = assertThrows(SourceUnavailable.class, desired::all);

        assertTrue(refused.getMessage().contains("is a symbolic link to " + outside.toRealPath()
                + ", outside the repository; only what is committed is deployed"), refused.getMessage());
    }

    @Test
    void aRepositoryNeverFetchedIsNothingToDeploy() {
        upstream.commit("shop", stack("shop", "v1"), "Shop v1");
        upstream.goAway();

        assertFalse(source.refresh(TIMEOUT).ok());

        assertFalse(source.health().orElseThrow().usable());
        assertTrue(source.folderProblem().orElseThrow().contains("was never fetched"), source.folderProblem().toString());
        SourceUnavailable refused = assertThrows(SourceUnavailable.class, desired::all);
        assertTrue(refused.getMessage().contains("never fetched"), refused.getMessage());
        assertEquals(List.of(), desired.names());

        upstream.comeBack();
        assertTrue(source.refresh(TIMEOUT).ok());
        assertTrue(source.health().orElseThrow().usable());
        assertEquals("v1", read("shop").desiredVersion());
    }

    @Test
    void aStateDirThatFetchedBeforeIsUsedByTheNextProcess() {
        String sha = upstream.commit("shop", stack("shop", "v1"), "Shop v1");
        source.refresh(TIMEOUT);
        upstream.goAway();

        GitSource later = upstream.source(root.resolve("state"));
        assertFalse(later.refresh(TIMEOUT).ok());
        LoadedStack shop = new DesiredState(later, new DesiredStateLoader(Map.of())).find("shop").orElseThrow();
        assertEquals(sha, shop.source().commit());
        assertTrue(later.health().orElseThrow().usable());
    }

    @Test
    void settingsThatCannotWorkAreNamed() {
        Path state = root.resolve("state");
        assertEquals(Optional.empty(), settings("desired-state", Optional.empty(), Optional.empty()).problem());
        assertTrue(settings("../elsewhere", Optional.empty(), Optional.empty()).problem().orElseThrow()
                .startsWith("operator.git.path must be a folder inside the repository"));
        assertTrue(settings("desired-state", Optional.of("deploy"), Optional.empty()).problem().orElseThrow()
                .contains("operator.git.username and operator.git.password-file go together"));
        assertTrue(new GitSource.Settings(upstream.url(), "main", "x", state, Optional.empty(), Optional.empty(),
                Optional.of(root.resolve("id_ed25519")), Optional.empty()).problem().orElseThrow()
                .contains("operator.git.ssh-key-file needs operator.git.known-hosts-file"));
        assertTrue(new GitSource.Settings(upstream.url(), "bad..branch", "x", state, Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty()).problem().orElseThrow().startsWith("operator.git.branch"));
        assertTrue(settings("desired-state", Optional.of("deploy"), Optional.of(root.resolve("no-such-token"))).problem()
                .orElseThrow().contains("operator.git.password-file"));
        assertEquals("https://****@git.example/ops/desired.git",
                GitSource.redact("https://deploy:s3cret@git.example/ops/desired.git"));
    }

    @Test
    void aTokenWrittenAsTheUserNameOfTheUrlIsNeverShown() {
        String token = "ghp_SECRETTOKEN123";
        assertEquals("https://****@github.com/org/repo.git", GitSource.redact("https://" + token + "@github.com/org/repo.git"));
        assertEquals("cannot reach https://****@h/x.git, then ssh://****@h:22/x",
                GitSource.redact("cannot reach https://u:p@ss@h/x.git, then ssh://git@h:22/x"));
        assertEquals("git@github.com:org/repo.git", GitSource.redact("git@github.com:org/repo.git"));

        GitSource away = new GitSource(new GitSource.Settings("https://" + token + "@127.0.0.1:1/x.git", "main",
                "desired-state", root.resolve("away"), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty()), java.time.Clock.systemUTC());
        Source.Fetch failed = away.refresh(TIMEOUT);

        assertFalse(failed.ok());
        assertTrue(failed.message().contains("https://****@127.0.0.1:1/x.git"), failed.message());
        List<String> shown = List.of(failed.message(), away.health().orElseThrow().text(), away.remote().orElseThrow().url());
        shown.forEach(text -> assertFalse(text.contains(token), text));
    }

    private GitSource.Settings settings(String path, Optional<String> username, Optional<Path> passwordFile) {
        return new GitSource.Settings(upstream.url(), "main", path, root.resolve("state"), username, passwordFile,
                Optional.empty(), Optional.empty());
    }
}
