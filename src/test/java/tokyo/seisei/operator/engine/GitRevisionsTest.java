package tokyo.seisei.operator.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static tokyo.seisei.operator.engine.StackYaml.stack;
import static tokyo.seisei.operator.source.GitUpstream.shortSha;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tokyo.seisei.operator.model.Phase;
import tokyo.seisei.operator.model.StackStatus;
import tokyo.seisei.operator.source.GitSource;
import tokyo.seisei.operator.source.GitUpstream;

/** Following a git repository: what people read names the commit each stack's desired state came from. */
@Timeout(60)
class GitRevisionsTest {

    private static final String ALICE = GitUpstream.AUTHOR + " <" + GitUpstream.EMAIL + ">";

    @TempDir
    Path root;

    GitUpstream upstream;
    GitSource source;
    TestOperator op;

    @BeforeEach
    void setUp() {
        upstream = new GitUpstream(root.resolve("remote"));
        op = new TestOperator(root, state -> source = upstream.source(state));
    }

    @AfterEach
    void tearDown() {
        upstream.close();
    }

    private void fetch() {
        assertTrue(source.refresh(Duration.ofSeconds(10)).ok());
    }

    /** shop and blog at v1, committed together, fetched and converged. */
    private String bothDeployed() {
        upstream.write("desired-state/shop.yaml", stack("shop").yaml());
        upstream.write("desired-state/blog.yaml", stack("blog").yaml());
        String sha = upstream.commitAll("Shop and blog v1");
        fetch();
        op.pass();
        assertEquals(Phase.Ready, op.status("shop").phase());
        assertEquals(Phase.Ready, op.status("blog").phase());
        return sha;
    }

    private List<String> historyOf(String stack) {
        return op.history().stream().filter(l -> l.contains(" | " + stack + " | ")).toList();
    }

    @Test
    void theStatusHistoryEventsAndLedgerNameTheCommit() {
        String sha = bothDeployed();

        StackStatus.SourceCommit source = op.status("shop").source();
        assertEquals(sha, source.commit());
        assertEquals("Shop and blog v1", source.subject());
        assertEquals(ALICE, source.author());
        assertTrue(source.time().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ"), source.time());
        assertEquals(List.of(TestOperator.START_LOCAL + " | shop | staging | deploy | v1 | success | commit " + shortSha(sha)),
                historyOf("shop"));
        JsonNode ready = op.events("shop").stream().filter(e -> "Ready".equals(e.path("to").asText())).findFirst().orElseThrow();
        assertEquals(sha, ready.path("commit").asText());
        assertEquals(sha, op.ledger("shop").get(0).path("commit").asText());
        assertEquals("v1", op.ledger("shop").get(0).path("version").asText());
    }

    @Test
    void aCommitTouchingOneStackLeavesTheOtherAlone() {
        String first = bothDeployed();
        String shopContainer = op.docker.container("shop-web").orElseThrow().id;

        String second = upstream.commit("blog", stack("blog").version("v2").yaml(), "Blog v2");
        fetch();
        op.passAfter(Duration.ofMinutes(1), "blog");

        assertEquals(StackYaml.image("v2"), op.docker.container("blog-web").orElseThrow().image);
        assertEquals(shopContainer, op.docker.container("shop-web").orElseThrow().id, "shop was not redeployed");
        assertEquals(1, historyOf("shop").size());
        assertEquals(first, op.status("shop").source().commit());
        assertEquals(second, op.status("blog").source().commit());
        assertTrue(historyOf("blog").get(1).endsWith("| deploy | v2 | success | commit " + shortSha(second)), historyOf("blog").get(1));
    }

    @Test
    void aBadCommitBlocksOnlyTheStackItTouchesAndNamesTheCommit() {
        String first = bothDeployed();

        String bad = upstream.commit("blog", stack("blog").version("v2").misspelt().yaml(), "Typo in blog");
        fetch();
        op.passAfter(Duration.ofMinutes(1), "blog");

        StackStatus blog = op.status("blog");
        assertEquals(Phase.Blocked, blog.phase());
        assertTrue(blog.message().endsWith("; from commit " + shortSha(bad) + " \"Typo in blog\" by " + ALICE), blog.message());
        assertEquals(first, blog.source().commit(), "what runs still came from the first commit");
        assertEquals(StackYaml.image("v1"), op.docker.container("blog-web").orElseThrow().image);
        assertTrue(historyOf("blog").get(1).contains("| deploy | v2 | blocked | ") && historyOf("blog").get(1)
                .endsWith("commit " + shortSha(bad)), historyOf("blog").get(1));
        assertEquals(Phase.Ready, op.status("shop").phase());

        int lines = op.history().size();
        int events = op.events("blog").size();
        op.passAfter(Duration.ofMinutes(1), "blog");
        assertEquals(lines, op.history().size(), "blocked is recorded once per revision");
        assertEquals(events, op.events("blog").size());

        String fixed = upstream.commit("blog", stack("blog").version("v2").yaml(), "Fix the typo");
        fetch();
        assertEquals(Phase.Ready, op.passAfter(Duration.ofMinutes(1), "blog"));
        assertEquals(fixed, op.status("blog").source().commit());
    }

    @Test
    void anUnreachableRemoteShowsInEachStacksStatusUntilItIsBack() {
        bothDeployed();

        upstream.goAway();
        assertFalse(source.refresh(Duration.ofSeconds(10)).ok());
        op.passAfter(Duration.ofMinutes(1), "shop");

        for (String stack : List.of("shop", "blog")) {
            StackStatus status = op.status(stack);
            assertEquals(Phase.Ready, status.phase(), "the last fetched state keeps running");
            StackStatus.Condition unreachable = status.conditions().stream()
                    .filter(c -> c.type().equals(StackStatus.Condition.SOURCE_UNREACHABLE)).findFirst().orElseThrow();
            assertEquals("True", unreachable.status());
            assertTrue(unreachable.message().startsWith(upstream.url() + " cannot be fetched since "), unreachable.message());
            assertTrue(unreachable.message().endsWith("stays in use"), unreachable.message());
        }

        upstream.comeBack();
        fetch();
        op.passAfter(Duration.ofMinutes(1), "shop");
        assertNull(op.condition("shop", StackStatus.Condition.SOURCE_UNREACHABLE));
        assertNull(op.condition("blog", StackStatus.Condition.SOURCE_UNREACHABLE));
    }

    @Test
    void aPlainFolderNamesNoCommit() {
        TestOperator folder = new TestOperator(root.resolve("plain")).write(stack("shop"));
        folder.pass("shop");
        assertNull(folder.status("shop").source());
        assertTrue(folder.history().get(0).matches(".*\\| deploy \\| v1 \\| success \\|\\s*"), folder.history().get(0));
        assertFalse(folder.events("shop").get(0).has("commit"));
        assertFalse(folder.ledger("shop").get(0).has("commit"));
    }
}
