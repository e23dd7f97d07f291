package tokyo.seisei.operator.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tokyo.seisei.operator.model.Phase;
import tokyo.seisei.operator.model.Reason;

/**
 * A stack that docker compose runs today (Debian's docker-compose, from the lab's images) taken over by its first
 * converge: the database's rows survive in the Compose volume, the new version is served, the Compose containers
 * are kept for a rollback, and a Compose service the stack file does not declare is left running.
 */
class ComposeTakeoverIT {

    @RegisterExtension
    final LabExtension lab = new LabExtension();
    final OperatorUnderTest operator = lab.operator();
    final Stackctl stackctl = lab.stackctl();
    final String stack = lab.stack("ad");
    final int port = Lab.freePort();

    @Test
    void takesOverAComposeProjectKeepingItsDataAndRollsBackToIt() throws IOException {
        composeUp();
        psql("CREATE TABLE orders (id int PRIMARY KEY, item text)");
        psql("INSERT INTO orders VALUES (1, 'keyboard'), (2, 'monitor')");
        String composeWeb = Lab.docker("inspect", "-f", "{{.Id}}", stack + "-web");
        operator.write(stack, stackFile("sha-2b3c4d5"));

        Lab.Result plan = stackctl.run("plan", stack);
        assertEquals(0, plan.exitCode(), plan.output() + plan.errors());
        assertTrue(plan.output().matches("(?s).*web\\s+adopt\\s+compose container " + Pattern.quote(stack + "-web, image "
                + Lab.APP + ":sha-1a2b3c4 -> " + Lab.APP + ":sha-2b3c4d5") + "\n.*"), plan.output());
        assertTrue(plan.output().lines().anyMatch(l -> l.matches("\\s+\\S+\\s+leave\\s+compose container "
                + Pattern.quote(stack) + "-worker.*")), plan.output());
        assertEquals("200 sha-1a2b3c4", Lab.get(port, "/version"), "a plan changes nothing");

        assertEquals(Phase.Ready, operator.reconcileOne(stack));
        assertEquals("200 sha-2b3c4d5", Lab.get(port, "/version"));
        assertEquals("2", psql("SELECT count(*) FROM orders"), "the new database container runs on the Compose volume");
        assertEquals(stack, operator.labels(stack + "-db").get("tokyo.seisei.operator.stack"));
        assertNotEquals(composeWeb, operator.containerId(stack + "-web").orElseThrow());
        for (String service : List.of("web", "db")) {
            String kept = Lab.docker("ps", "-a", "--format", "{{.Names}} {{.State}}", "--filter", "name=^" + stack + "-" + service
                    + "-previous-", "--filter", "label=com.docker.compose.service=" + service);
            assertTrue(kept.matches(Pattern.quote(stack + "-" + service) + "-previous-\\d{14} exited"), kept);
            assertEquals("no", Lab.docker("inspect", "-f", "{{.HostConfig.RestartPolicy.Name}}", kept.split(" ")[0]));
        }
        assertEquals("running", Lab.docker("inspect", "-f", "{{.State.Status}}", stack + "-worker"), "the stray is left alone");
        assertTrue(operator.status(stack).conditions().stream().anyMatch(c -> Reason.COMPOSE_LEFT_ALONE.equals(c.type())
                && c.message().contains(stack + "-worker (service worker)")), operator.status(stack).toString());
        try (var backups = Files.list(operator.stateDir.resolve("backups").resolve(stack))) {
            assertEquals(1, backups.count(), "the Compose database was backed up before it was replaced");
        }
        List<String> history = operator.historyOf(stack);
        assertEquals(2, history.size(), history.toString());
        assertTrue(history.get(0).matches(".* \\| adopt \\| sha-1a2b3c4 \\| success \\| from docker compose: db " + Pattern.quote(stack)
                + "-db \\(.*\\), web " + Pattern.quote(stack) + "-web \\(.*sha-1a2b3c4\\)"), history.get(0));
        assertTrue(history.get(1).endsWith(" | deploy | sha-2b3c4d5 | success |"), history.get(1));

        Lab.Result rollback = stackctl.run("rollback", stack);
        assertEquals(0, rollback.exitCode(), rollback.output() + rollback.errors());
        assertEquals("200 sha-1a2b3c4", Lab.get(port, "/version"), "back to the version Compose ran");
        assertEquals("2", psql("SELECT count(*) FROM orders"));
        assertEquals("running", Lab.docker("inspect", "-f", "{{.State.Status}}", stack + "-worker"));
    }

    private void composeUp() throws IOException {
        Path project = Files.createDirectories(lab.root().resolve("compose").resolve(stack));
        Path file = project.resolve("docker-compose.yml");
        Files.writeString(file, """
                version: "3.7"
                services:
                  db:
                    image: %2$s
                    container_name: %1$s-db
                    volumes: ["pgdata:/var/lib/postgresql/data"]
                    healthcheck:
                      test: [CMD, pg_isready, -U, postgres]
                      interval: 1s
                      retries: 30
                  web:
                    image: %3$s:sha-1a2b3c4
                    container_name: %1$s-web
                    ports: ["127.0.0.1:%4$d:8080"]
                    restart: unless-stopped
                    depends_on: [db]
                  worker:
                    image: %3$s:sha-1a2b3c4
                    container_name: %1$s-worker
                volumes:
                  pgdata: {}
                """.formatted(stack, Lab.POSTGRES, Lab.APP, port));
        Lab.Result up = Lab.run(List.of("docker-compose", "-p", stack, "-f", file.toString(), "up", "-d"));
        assertEquals(0, up.exitCode(), up.output() + up.errors());
        await().atMost(Duration.ofSeconds(60)).until(() -> Lab.get(port, "/version").equals("200 sha-1a2b3c4"));
        await().atMost(Duration.ofSeconds(60)).until(() -> Lab.run(List.of("docker", "exec", stack + "-db",
                "pg_isready", "-U", "postgres")).exitCode() == 0);
    }

    /** The same services as the Compose file but the stray worker, web at the version given; db backed up. */
    private String stackFile(String version) {
        return StackFixtures.webAndDatabase(stack, version, port)
                .replace("image: " + Lab.APP + ":sha-1a2b3c4", "image: " + Lab.APP + ":${VERSION}")
                + "  smoke:\n    timeout: 60s\n    interval: 1s\n    checks:\n      - http: http://127.0.0.1:" + port
                + "/version\n        expectBody: ${VERSION}\n";
    }

    private String psql(String sql) {
        return Lab.docker("exec", stack + "-db", "psql", "-U", "postgres", "-tA", "-c", sql);
    }
}
