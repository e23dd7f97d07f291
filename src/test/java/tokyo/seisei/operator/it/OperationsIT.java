package tokyo.seisei.operator.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static tokyo.seisei.operator.it.StackFixtures.app;
import static tokyo.seisei.operator.it.StackFixtures.inRepository;
import static tokyo.seisei.operator.it.StackFixtures.webAndDatabase;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tokyo.seisei.operator.model.Phase;

/** What people run by hand: rollback, backups, restore, logs and events, through stackctl as packaged. */
class OperationsIT {

    @RegisterExtension
    final LabExtension lab = new LabExtension();
    final OperatorUnderTest operator = lab.operator();
    final Stackctl stackctl = lab.stackctl();
    final String stack = lab.stack("ops");
    final int port = Lab.freePort();

    @Test
    void rollbackUsesTheKeptContainerWithoutAPullAndPauses() throws IOException {
        // the stack's own repository, holding lab images at their lab tags: the engine's pulls of it are this test's
        String repository = "localhost:5000/" + stack + "/app";
        Lab.publish("sha-1a2b3c4", repository + ":sha-1a2b3c4");
        Lab.publish("sha-2b3c4d5", repository + ":sha-2b3c4d5");
        operator.write(stack, inRepository(app(stack, "sha-1a2b3c4", port), repository));
        assertEquals(Phase.Ready, operator.reconcileOne(stack));
        String firstId = operator.containerId(stack + "-web").orElseThrow();
        Instant upgrade = Instant.now();
        operator.write(stack, inRepository(app(stack, "sha-2b3c4d5", port), repository));
        assertEquals(Phase.Ready, operator.reconcileOne(stack));
        assertEquals(List.of(repository + ":sha-2b3c4d5"), Lab.pulls(repository, upgrade, Instant.now()),
                "a deploy pulls its image, and the engine's events show it");

        Instant rollback = Instant.now();
        Lab.Result result = stackctl.run("rollback", stack);
        assertEquals(List.of(), Lab.pulls(repository, rollback, Instant.now()), "the kept container is put back without a pull");
        assertEquals(0, result.exitCode(), result.output() + result.errors());
        assertEquals(List.of("rolled back " + stack + " to sha-1a2b3c4 (from sha-2b3c4d5)",
                "the stack is paused: manual rollback to sha-1a2b3c4",
                "the desired state in git still asks for sha-2b3c4d5: change it in git, then stackctl resume " + stack),
                result.output().lines().toList());
        assertEquals("200 sha-1a2b3c4", Lab.get(port, "/version"));
        assertEquals(firstId, operator.containerId(stack + "-web").orElseThrow(), "the kept container came back: no pull, no new container");
        List<String> history = operator.historyOf(stack);
        assertTrue(history.get(history.size() - 2).endsWith(" | rollback | sha-1a2b3c4 | success | manual, from sha-2b3c4d5"),
                history.get(history.size() - 2));
        assertTrue(history.get(history.size() - 1).endsWith(" | pause | sha-1a2b3c4 | success | manual rollback to sha-1a2b3c4"),
                history.get(history.size() - 1));

        assertEquals(Phase.Paused, operator.reconcileOne(stack), "git's version is not deployed again behind the person's back");
        assertTrue(operator.status(stack).message().endsWith(": manual rollback to sha-1a2b3c4"), operator.status(stack).message());
        assertEquals("200 sha-1a2b3c4", Lab.get(port, "/version"));

        Lab.Result events = stackctl.run("events", stack, "-n", "3");
        assertEquals(3, events.output().lines().count(), events.output());
        Lab.Result logs = stackctl.run("logs", stack, "web");
        assertEquals(0, logs.exitCode(), logs.errors());

        // the events, as people read them: each step and phase of the deploys and of the rollback, in order
        Lab.Result all = stackctl.run("events", stack);
        assertEquals(0, all.exitCode(), all.errors());
        List<String> deploy = List.of("DigestCheck -> DigestCheckDone", "Preflight -> PreflightDone", "<phase> -> Progressing Progressing",
                "Pull -> PullDone", "Backup -> BackupDone", "Prepare -> PrepareDone", "Recreate -> RecreateDone",
                "Smoke -> SmokeDone", "Progressing -> Ready ReconciliationSucceeded");
        List<String> expected = new java.util.ArrayList<>();
        for (String from : List.of("-", "Ready", "Ready")) {
            deploy.forEach(line -> expected.add(line.replace("<phase>", from)));
        }
        expected.add("Ready -> Paused Suspended");
        List<String> lines = all.output().lines().toList();
        assertEquals(expected, lines.stream().map(OperationsIT::transition).toList(), all.output());
        assertEquals(lines.subList(lines.size() - 3, lines.size()), events.output().lines().toList(), "-n 3: the last three");
        assertTrue(lines.get(20).matches(".* Ready -> Progressing .* restore web \\(image " + Pattern.quote(repository)
                + ":sha-2b3c4d5 -> " + Pattern.quote(repository) + ":sha-1a2b3c4, kept as " + Pattern.quote(stack)
                + "-web-previous-\\d{14}\\)"), lines.get(20));
        assertTrue(lines.get(21).endsWith(" no image to pull"), lines.get(21));
        assertTrue(lines.get(27).matches("\\S+Z\\s+Ready -> Paused\\s+Suspended\\s+\\d+ms\\s+paused by \\S+ since \\S+: manual rollback to sha-1a2b3c4"),
                lines.get(27));

        // the logs: what the container put back wrote, at its first start and at its start again
        String started = "lab app sha-1a2b3c4, mode healthy, port 8080";
        assertEquals(List.of(started, started), logs.output().lines().toList());
        assertEquals(Lab.docker("logs", stack + "-web").lines().toList(), logs.output().lines().toList());
        assertEquals(List.of(started), stackctl.run("logs", stack, "web", "-n", "1").output().lines().toList());
    }

    /** "DigestCheck -> DigestCheckDone", or with the reason: "Progressing -> Ready ReconciliationSucceeded". */
    private static String transition(String eventLine) {
        String[] words = eventLine.strip().split("\\s+");
        String transition = words[1] + " " + words[2] + " " + words[3];
        boolean reason = words.length > 4 && words[4].matches("[A-Z][A-Za-z]+");
        return reason ? transition + " " + words[4] : transition;
    }

    @Test
    void rollbackWithoutAnEarlierVersionSaysWhatToDo() {
        operator.write(stack, app(stack, "sha-1a2b3c4", port));
        assertEquals(Phase.Ready, operator.reconcileOne(stack));
        Lab.Result result = stackctl.run("rollback", stack);
        assertEquals(2, result.exitCode());
        assertTrue(result.errors().contains("no earlier successful version of " + stack + " in the history; name one with --to VERSION"),
                result.errors());
    }

    private String psql(String sql) {
        return Lab.docker("exec", stack + "-db", "psql", "-U", "postgres", "-tA", "-c", sql);
    }

    @Test
    void aRestoreLeavesAServiceAPersonStoppedStoppedAndChecksTheContainersThatRun() {
        operator.write(stack, webAndDatabase(stack, "sha-1a2b3c4", port));
        assertEquals(Phase.Ready, operator.reconcileOne(stack));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> Lab.docker("exec", stack + "-db", "pg_isready", "-U", "postgres"));
        psql("CREATE TABLE orders (id int PRIMARY KEY, item text)");
        psql("INSERT INTO orders VALUES (1, 'keyboard')");
        Lab.Result backup = stackctl.run("backup", stack);
        assertEquals(0, backup.exitCode(), backup.output() + backup.errors());
        String backupId = stackctl.run("backups", stack).output().lines().toList().get(1).split("\\s+")[0];
        psql("DELETE FROM orders");
        assertEquals(0, stackctl.run("pause", stack, "--reason", "fix the orders by hand").exitCode());
        Lab.docker("stop", stack + "-web");

        Lab.Result restored = stackctl.run("restore", stack, backupId);

        assertEquals(0, restored.exitCode(), restored.output() + restored.errors());
        assertEquals("keyboard", psql("SELECT string_agg(item, ',') FROM orders"));
        assertEquals("exited", Lab.docker("inspect", "--format", "{{.State.Status}}", stack + "-web"),
                "the service stopped by hand is left stopped");
        assertTrue(!restored.output().contains("stopped and started again"), restored.output());
    }

    @Test
    void restoreBringsBackRowsDeletedAfterABackupOnlyOnAPausedStack() throws IOException {
        operator.write(stack, webAndDatabase(stack, "sha-1a2b3c4", port));
        assertEquals(Phase.Ready, operator.reconcileOne(stack));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> Lab.docker("exec", stack + "-db", "pg_isready", "-U", "postgres"));
        psql("CREATE TABLE orders (id int PRIMARY KEY, item text)");
        psql("INSERT INTO orders VALUES (1, 'keyboard'), (2, 'monitor')");
        operator.write(stack, webAndDatabase(stack, "sha-2b3c4d5", port));
        assertEquals(Phase.Ready, operator.reconcileOne(stack));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> Lab.docker("exec", stack + "-db", "pg_isready", "-U", "postgres"));
        psql("DELETE FROM orders");
        assertEquals("0", psql("SELECT count(*) FROM orders"));

        Lab.Result list = stackctl.run("backups", stack);
        List<String> lines = list.output().lines().toList();
        assertEquals(2, lines.size(), list.output());
        String backupId = lines.get(1).split("\\s+")[0];
        assertTrue(lines.get(1).contains("sha-1a2b3c4") && lines.get(1).contains("database.sql.gz"), lines.get(1));

        Lab.Result refused = stackctl.run("restore", stack, backupId);
        assertEquals(2, refused.exitCode());
        assertTrue(refused.errors().contains("first: stackctl pause " + stack + " --reason"), refused.errors());
        assertEquals("0", psql("SELECT count(*) FROM orders"), "a refused restore changes nothing");

        assertEquals(0, stackctl.run("pause", stack, "--reason", "restore the orders").exitCode());
        Lab.Result missing = stackctl.run("restore", stack, "20000101_000000");
        assertEquals(2, missing.exitCode());
        assertTrue(missing.errors().contains("no complete backup 20000101_000000 of " + stack), missing.errors());

        // the backup is older than the retention now: the safety backup taken before the restore must not prune it
        operator.write(stack, webAndDatabase(stack, "sha-2b3c4d5", port).replace("  backup:\n", "  backup:\n    retention: 1s\n"));
        Lab.Result restored = stackctl.run("restore", stack, backupId);
        assertEquals(0, restored.exitCode(), restored.output() + restored.errors());
        assertTrue(restored.output().contains("(stopped and started again: " + stack + "-web)"), restored.output());
        assertEquals("keyboard,monitor", psql("SELECT string_agg(item, ',' ORDER BY id) FROM orders"));
        assertEquals("running", Lab.docker("inspect", "--format", "{{.State.Status}}", stack + "-web"));
        List<String> history = operator.historyOf(stack);
        assertTrue(history.get(history.size() - 1).endsWith(" | restore | sha-2b3c4d5 | success | " + backupId),
                history.get(history.size() - 1));
        assertTrue(Files.isDirectory(operator.stateDir.resolve("backups").resolve(stack).resolve(backupId)),
                "the backup restored is still there");

        // the logs of every container of the stack, each after a line that names it
        Lab.Result logs = stackctl.run("logs", stack);
        assertEquals(0, logs.exitCode(), logs.errors());
        Map<String, List<String>> byContainer = new TreeMap<>();
        List<String> current = null;
        for (String line : logs.output().lines().toList()) {
            if (line.matches("==> \\S+ <==")) {
                current = byContainer.computeIfAbsent(line.substring(4, line.length() - 4), c -> new ArrayList<>());
            } else {
                assertTrue(current != null, "a line before the first container's name: " + line);
                current.add(line);
            }
        }
        assertEquals(Set.of(stack + "-db", stack + "-web"), byContainer.keySet(), logs.output());
        String started = "lab app sha-1a2b3c4, mode healthy, port 8080";
        assertEquals(List.of(started, started), byContainer.get(stack + "-web"), "started, then stopped and started again by the restore");
        assertTrue(byContainer.get(stack + "-db").stream().anyMatch(l -> l.contains("database system is ready to accept connections")),
                logs.output());
    }
}
