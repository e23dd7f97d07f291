package tokyo.seisei.operator.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static tokyo.seisei.operator.source.GitUpstream.shortSha;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tokyo.seisei.operator.model.Phase;
import tokyo.seisei.operator.model.StackStatus;
import tokyo.seisei.operator.source.GitSource;
import tokyo.seisei.operator.source.GitUpstream;

/** The operator following a git repository, on the lab's real engine: what is pushed is deployed, and named. */
class GitSourceIT {

    private static final Duration FETCH = Duration.ofSeconds(15);

    @TempDir
    Path root;

    final String web = Lab.uniqueStack("gitweb");
    final String api = Lab.uniqueStack("gitapi");
    final int webPort = Lab.freePort();
    final int apiPort = Lab.freePort();
    GitUpstream upstream;
    GitSource source;
    OperatorUnderTest operator;

    @BeforeEach
    void setUp() {
        upstream = new GitUpstream(root.resolve("remote"));
        source = upstream.source(root.resolve("state"));
        operator = new OperatorUnderTest(source, root.resolve("state"));
    }

    @AfterEach
    void tearDown() {
        operator.close();
        upstream.close();
        Lab.cleanUp(web, api);
    }

    private void fetched() {
        assertTrue(source.refresh(FETCH).ok());
    }

    private StackStatus.Condition unreachable(String stack) {
        return operator.status(stack).conditions().stream()
                .filter(c -> c.type().equals(StackStatus.Condition.SOURCE_UNREACHABLE)).findFirst().orElse(null);
    }

    @Test
    void whatIsPushedIsDeployedAndNamedByItsCommit() throws Exception {
        upstream.write("desired-state/" + web + ".yaml", StackFixtures.app(web, "sha-1a2b3c4", webPort));
        upstream.write("desired-state/" + api + ".yaml", StackFixtures.app(api, "sha-1a2b3c4", apiPort));
        String first = upstream.commitAll("Add the web and api stacks");
        fetched();

        assertTrue(operator.reconcile().allSettled());
        assertEquals("200 sha-1a2b3c4", Lab.get(webPort, "/version"));
        assertEquals(first, operator.status(web).source().commit());
        assertEquals("Add the web and api stacks", operator.status(web).source().subject());
        assertTrue(operator.historyOf(web).get(0).endsWith("| deploy | sha-1a2b3c4 | success | commit " + shortSha(first)),
                operator.historyOf(web).get(0));

        // a commit that touches api alone: web keeps its container
        String webContainer = operator.containerId(web + "-web").orElseThrow();
        String second = upstream.commit(api, StackFixtures.app(api, "sha-2b3c4d5", apiPort), "api to sha-2b3c4d5");
        fetched();
        assertTrue(operator.reconcile().allSettled());
        assertEquals("200 sha-2b3c4d5", Lab.get(apiPort, "/version"));
        assertEquals(webContainer, operator.containerId(web + "-web").orElseThrow(), "web was left alone");
        assertEquals(1, operator.historyOf(web).size());
        assertEquals(first, operator.status(web).source().commit());
        assertEquals(second, operator.status(api).source().commit());

        // one commit breaks web and moves api on: web is blocked, naming it, and api goes on
        upstream.write("desired-state/" + web + ".yaml", StackFixtures.app(web, "sha-2b3c4d5", webPort).replace("ports:", "prots:"));
        upstream.write("desired-state/" + api + ".yaml", StackFixtures.app(api, "sha-3c4d5e6", apiPort));
        String bad = upstream.commitAll("web and api to the next release");
        fetched();
        operator.reconcile();
        StackStatus blocked = operator.status(web);
        assertEquals(Phase.Blocked, blocked.phase());
        assertTrue(blocked.message().contains("unknown field 'prots'") && blocked.message().endsWith("; from commit "
                + shortSha(bad) + " \"web and api to the next release\" by Alice Example <alice@example.com>"), blocked.message());
        assertEquals("200 sha-1a2b3c4", Lab.get(webPort, "/version"), "web keeps running what it ran");
        assertEquals(webContainer, operator.containerId(web + "-web").orElseThrow());
        assertEquals(Phase.Ready, operator.status(api).phase());
        assertEquals("200 sha-3c4d5e6", Lab.get(apiPort, "/version"));
        assertEquals(bad, operator.status(api).source().commit());
        assertTrue(operator.historyOf(api).get(2).endsWith("| deploy | sha-3c4d5e6 | success | commit " + shortSha(bad)),
                operator.historyOf(api).get(2));
        assertTrue(operator.events(api).stream().anyMatch(e -> e.contains("\"commit\":\"" + bad + "\"")), operator.events(api).toString());
    }

    @Test
    void theRemoteDeletedAndRestored() throws Exception {
        String first = upstream.commit(web, StackFixtures.app(web, "sha-1a2b3c4", webPort), "Add web");
        fetched();
        assertTrue(operator.reconcile().allSettled());

        upstream.goAway();
        assertFalse(source.refresh(FETCH).ok());
        assertTrue(operator.reconcile().allSettled(), "the last fetched state keeps running");
        assertEquals("200 sha-1a2b3c4", Lab.get(webPort, "/version"));
        StackStatus.Condition away = unreachable(web);
        assertEquals("True", away.status());
        assertTrue(away.message().contains("cannot be fetched since") && away.message().endsWith(
                "the last fetched commit " + shortSha(first) + " stays in use"), away.message());
        assertTrue(source.health().orElseThrow().usable());

        upstream.comeBack();
        String next = upstream.commit(web, StackFixtures.app(web, "sha-2b3c4d5", webPort), "web to sha-2b3c4d5");
        fetched();
        assertTrue(operator.reconcile().allSettled());
        assertEquals("200 sha-2b3c4d5", Lab.get(webPort, "/version"));
        assertEquals(null, unreachable(web));
        assertEquals(next, operator.status(web).source().commit());
        assertNotEquals(List.of(), operator.historyOf(web));
    }
}
