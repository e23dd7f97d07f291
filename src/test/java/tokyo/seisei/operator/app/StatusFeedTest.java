package tokyo.seisei.operator.app;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tokyo.seisei.operator.app.StatusFeed.Kind;
import tokyo.seisei.operator.app.StatusFeed.Update;
import tokyo.seisei.operator.model.Phase;
import tokyo.seisei.operator.model.StackStatus;
import tokyo.seisei.operator.source.Source;
import tokyo.seisei.operator.source.SourceRevision;
import tokyo.seisei.operator.store.StateLayout;
import tokyo.seisei.operator.store.StatusStore;

/** The status page's feed on a state dir of the test's own: what a subscriber is handed, and when. */
class StatusFeedTest {

    @TempDir
    Path root;

    StatusStore statuses;
    StatusFeed feed;
    final List<Update> received = new CopyOnWriteArrayList<>();

    @BeforeEach
    void feed() {
        StateLayout layout = new StateLayout(root);
        statuses = new StatusStore(layout);
        feed = new StatusFeed(layout, Clock.systemUTC(), Source.folder(root));
    }

    static StackStatus status(String stack, Phase phase, String message) {
        return new StackStatus(stack, "staging", phase, "2026-11-26T13:00:00Z", message, "sha-2", "sha-1", null, null, null,
                "sha-1", null, null, List.of(), List.of(), null, null, "2026-11-26T13:00:00Z");
    }

    private List<Update> of(Kind kind) {
        return received.stream().filter(u -> u.kind() == kind).toList();
    }

    private void subscribe(String since) {
        feed.subscribe(update -> received.add(update), since);
        await().until(() -> feed.subscribers() == 1);
    }

    @Test
    void aSubscriberIsGreetedWithEveryStatusThenToldOfEachChangeOnce() {
        statuses.write(status("shop", Phase.Ready, "running sha-1"));
        subscribe(null);
        assertEquals(Kind.HELLO, received.get(0).kind());
        StatusFeed.Snapshot snapshot = (StatusFeed.Snapshot) of(Kind.SNAPSHOT).get(0).data();
        assertEquals(List.of("shop"), snapshot.stacks().stream().map(StackStatus::stack).toList());
        assertNull(snapshot.pass());

        statuses.write(status("shop", Phase.Progressing, "recreate web"));
        feed.phaseChanged("shop", "staging", Phase.Progressing, "sha-1", "Progressing", "recreate web");
        await().until(() -> of(Kind.STACK).size() == 1);
        assertEquals(Phase.Progressing, ((StackStatus) of(Kind.STACK).get(0).data()).phase());

        feed.stepFinished("shop", null); // nothing new in the file: nothing sent
        feed.passFinished(Duration.ofMillis(340), true);
        await().until(() -> of(Kind.PASS).size() == 1);
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5))
                .until(() -> of(Kind.STACK).size() == 1); // a status is sent once, not once per event
        StatusFeed.Pass pass = (StatusFeed.Pass) of(Kind.PASS).get(0).data();
        assertEquals(340, pass.tookMs());
        assertTrue(pass.complete());
        assertEquals(pass, feed.lastPass());
    }

    @Test
    void aPassFindsWhatAnotherProcessWroteAndWhatIsGone() throws IOException {
        statuses.write(status("shop", Phase.Ready, "running sha-1"));
        statuses.write(status("web", Phase.Ready, "running sha-1"));
        subscribe(null);

        statuses.write(status("shop", Phase.Paused, "paused by akiko since 2026-11-26T13:51:52Z: disk swap"));
        Files.delete(root.resolve("status").resolve("web.yaml"));
        feed.passFinished(Duration.ofMillis(20), true);

        await().until(() -> of(Kind.PASS).size() == 1);
        assertEquals(List.of("paused by akiko since 2026-11-26T13:51:52Z: disk swap"),
                of(Kind.STACK).stream().map(u -> ((StackStatus) u.data()).message()).toList());
        assertEquals(List.of("web"), of(Kind.REMOVED).stream().map(Update::data).toList());
    }

    @Test
    void aSubscriberThatSawTheLatestGetsNoSnapshotAndOneThatMissedAChangeDoes() {
        statuses.write(status("shop", Phase.Ready, "running sha-1"));
        String id = feed.snapshot().id();

        subscribe(id);
        assertEquals(List.of(Kind.HELLO), received.stream().map(Update::kind).toList());
        assertEquals(id, received.get(0).data());

        List<Update> other = new CopyOnWriteArrayList<>();
        statuses.write(status("shop", Phase.Degraded, "smoke failed"));
        feed.subscribe(other::add, id); // it last saw the feed before the change
        await().until(() -> other.stream().anyMatch(u -> u.kind() == Kind.SNAPSHOT));
        StatusFeed.Snapshot snapshot = (StatusFeed.Snapshot) other.stream().filter(u -> u.kind() == Kind.SNAPSHOT)
                .findFirst().orElseThrow().data();
        assertEquals(Phase.Degraded, snapshot.stacks().get(0).phase());
        assertTrue(!snapshot.id().equals(id));
        await().until(() -> of(Kind.STACK).size() == 1); // the first subscriber is told of the change too
    }

    @Test
    void aSubscriberThatIsGoneIsLetGo() {
        subscribe(null);
        feed.subscribe(update -> false, null);
        statuses.write(status("shop", Phase.Ready, "running sha-1"));
        feed.phaseChanged("shop", "staging", Phase.Ready, "sha-1", "ReconciliationSucceeded", "running sha-1");
        await().until(() -> of(Kind.STACK).size() == 1);
        assertEquals(1, feed.subscribers());
    }

    @Test
    void theCommitOfAStackAndItsLastBackupVerificationAreHandedOn() {
        StackStatus.SourceCommit commit = new StackStatus.SourceCommit("1a2b3c4d5e6f7a8b9c0d1a2b3c4d5e6f7a8b9c0d",
                "Shop v2", "Alice Example <alice@example.com>", "2026-11-26T12:00:00Z");
        StackStatus.VerifiedBackup verified = new StackStatus.VerifiedBackup("20261126T120000Z-shop", "2026-11-26T12:30:00Z", false);
        StackStatus plain = status("shop", Phase.Ready, "running sha-1");
        statuses.write(new StackStatus(plain.stack(), plain.environment(), plain.phase(), plain.phaseSince(), plain.message(),
                plain.desiredVersion(), plain.currentVersion(), null, commit, null, plain.verifiedVersion(), null, null,
                List.of(), List.of(), null, verified, plain.updatedAt()));
        statuses.write(status("web", Phase.Ready, "running sha-1"));

        subscribe(null);

        StatusFeed.Snapshot snapshot = (StatusFeed.Snapshot) of(Kind.SNAPSHOT).get(0).data();
        assertEquals(commit, snapshot.stacks().get(0).source());
        assertEquals(verified, snapshot.stacks().get(0).lastVerifiedBackup());
        assertNull(snapshot.stacks().get(1).source(), "a stack read from a plain folder has no commit");
        assertNull(snapshot.source(), "a plain folder: nothing git-related");
        feed.passFinished(Duration.ofMillis(5), true);
        await().until(() -> of(Kind.PASS).size() == 1);
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5)).until(() -> of(Kind.SOURCE).isEmpty());
    }

    @Test
    void aGitSourceIsInTheSnapshotAndToldAfterEachPass() {
        Source.Remote remote = new Source.Remote("file:///srv/desired.git", "main",
                new SourceRevision("1a2b3c4d5e6f", "Shop v2", "Alice Example <alice@example.com>", "2026-11-26T12:00:00Z", null),
                null, false, "2026-11-26T12:40:00Z", "Connection refused");
        Source git = new Source() {
            @Override
            public <T> T read(java.util.function.Function<Path, T> reader) {
                return reader.apply(root);
            }

            @Override
            public Path folder() {
                return root;
            }

            @Override
            public java.util.Optional<String> folderProblem() {
                return java.util.Optional.empty();
            }

            @Override
            public java.util.Optional<Remote> remote() {
                return java.util.Optional.of(remote);
            }
        };
        feed = new StatusFeed(new StateLayout(root), Clock.systemUTC(), git);

        assertEquals(remote, feed.snapshot().source());
        subscribe(null);
        feed.passFinished(Duration.ofMillis(5), true);
        await().until(() -> of(Kind.SOURCE).size() == 1);
        assertEquals(remote, of(Kind.SOURCE).get(0).data());
        List<Kind> order = received.stream().map(Update::kind).filter(k -> k == Kind.PASS || k == Kind.SOURCE).toList();
        assertEquals(List.of(Kind.PASS, Kind.SOURCE), order, "the repository as it was when the pass ended");
    }

    @Test
    void withNoSubscriberTheLastPassIsKeptForThePage() {
        statuses.write(status("shop", Phase.Ready, "running sha-1"));
        feed.phaseChanged("shop", "staging", Phase.Ready, "sha-1", "ReconciliationSucceeded", "running sha-1");
        feed.passFinished(Duration.ofMillis(5), false);
        assertEquals(0, feed.subscribers());
        assertEquals(false, feed.lastPass().complete(), "the last pass is kept for the page all the same");
    }
}
