package tokyo.seisei.operator.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import tokyo.seisei.operator.store.BackupRecord;
import tokyo.seisei.operator.store.BackupStore;
import tokyo.seisei.operator.store.BackupVerification;
import tokyo.seisei.operator.store.StateLayout;

/**
 * The daemon's own rhythm, on the packaged application: DiskPressure shown and notified once, the maintenance run
 * missed while the daemon was down made up at its start, and the backup-verified gauge read back from the backups
 * after a restart.
 */
@ExtendWith(LabExtension.class)
class DaemonMaintenanceIT {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Pattern COMPLETE_PASSES = Pattern.compile(
            "stack_operator_pass_duration_seconds_count\\{complete=\"true\",?} (\\S+)");

    @TempDir
    Path root;

    final String stack = Lab.uniqueStack("sched");
    final List<String> webhooks = new CopyOnWriteArrayList<>();
    HttpServer receiver;

    @BeforeEach
    void startReceiver() throws IOException {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", exchange -> {
            webhooks.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
    }

    @AfterEach
    void stopReceiver() {
        receiver.stop(0);
        Lab.cleanUp(stack);
    }

    @Test
    void diskPressureIsShownWhileItHoldsAndNotifiedOnce() throws Exception {
        // every disk has less than 100% free: the host is under the threshold from the first look
        try (RunningDaemon daemon = new RunningDaemon(root).with("OPERATOR_POLL_INTERVAL", "1s")
                .with("OPERATOR_PREFLIGHT_MIN_FREE_DISK_PERCENT", "100")
                .with("OPERATOR_NOTIFY_WEBHOOK_URL", "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook")
                .start()) {
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                JsonNode host = JSON.readTree(daemon.get("/api/host").body());
                // the first look at the disks may come after readiness: no condition yet is a wait, not an error
                assertEquals("DiskPressure", host.path("conditions").path(0).path("type").asText(), host.toString());
            });
            JsonNode condition = JSON.readTree(daemon.get("/api/host").body()).get("conditions").get(0);
            assertTrue(condition.get("message").asText().endsWith("needs 100% (operator.preflight.min-free-disk-percent)"),
                    condition.toString());
            var ready = daemon.get("/q/health/ready");
            assertEquals(200, ready.statusCode(), "a condition of the host, not a failure of the operator: " + ready.body());
            assertTrue(ready.body().contains("\"DiskPressure\""), ready.body());

            // the disks are looked at every poll interval, as the passes are: five more passes, and still one message
            double passes = completePasses(daemon);
            await().atMost(Duration.ofSeconds(60)).until(() -> completePasses(daemon) >= passes + 5);
            List<JsonNode> pressure = webhooks.stream().map(DaemonMaintenanceIT::json)
                    .filter(w -> "DiskPressure".equals(w.path("reason").asText())).toList();
            assertEquals(1, pressure.size(), webhooks.toString());
            assertTrue(pressure.get(0).get("active").asBoolean());
            assertTrue(pressure.get(0).get("text").asText().startsWith("[host] DiskPressure started: "), pressure.toString());
        }
    }

    @Test
    void theScheduleRunsTheMaintenanceAtItsTimes() throws Exception {
        RunningDaemon daemon = new RunningDaemon(root).with("OPERATOR_MAINTENANCE_SCHEDULE", "*/4 * * * * ?")
                .with("OPERATOR_MAINTENANCE_IMAGE_CLEANUP", "never");
        StateLayout layout = new StateLayout(daemon.stateDir);
        Set<String> runs = new java.util.TreeSet<>();
        try (daemon) {
            daemon.start();
            await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(200)).until(() -> {
                if (Files.exists(layout.maintenanceRun())) {
                    runs.add(Files.readString(layout.maintenanceRun()).strip());
                }
                return runs.size() >= 3;
            });
        }
        // a catch-up at the start is one run at most: the others are the schedule's, each at a time of its own
        assertTrue(runs.stream().map(Instant::parse).distinct().count() >= 3, runs.toString());
    }

    @Test
    void aRunMissedWhileDownIsMadeUpAtStartAndTheVerifiedGaugeIsReadBack() throws Exception {
        RunningDaemon daemon = new RunningDaemon(root).with("OPERATOR_MAINTENANCE_SCHEDULE", "daily")
                .with("OPERATOR_MAINTENANCE_IMAGE_CLEANUP", "never");
        Lab.write(daemon.desiredStateDir, stack, StackFixtures.database(stack, "15-a", "[pg_dumpall, -U, postgres]")
                .replace("spec:\n", "spec:\n  paused: true\n")); // no container: the backups are the test's own
        StateLayout layout = new StateLayout(daemon.stateDir);
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        // the backups as a daemon made and verified them before it went down: one past its retention of 30d
        BackupRecord expired = backUp(layout, now.minus(Duration.ofDays(40)));
        BackupRecord recent = backUp(layout, now.minus(Duration.ofDays(1)));
        BackupStore store = new BackupStore(layout, Clock.systemUTC());
        Instant verifiedAt = now.minus(Duration.ofHours(1));
        store.writeVerification(recent, new BackupVerification(recent.id(), verifiedAt.toString(), true, 900, "1000", null));
        Files.createDirectories(layout.maintenanceRun().getParent());
        Files.writeString(layout.maintenanceRun(), now.minus(Duration.ofDays(3)) + "\n"); // two daily runs missed since

        try (daemon) {
            daemon.start();
            String metrics = daemon.get("/q/metrics").body();
            Matcher gauge = Pattern.compile("stack_operator_backup_verified_timestamp_seconds\\{stack=\"" + stack
                    + "\",?} (\\S+)").matcher(metrics);
            assertTrue(gauge.find(), "read back at start, before any verification of its own: " + metrics);
            assertEquals(verifiedAt.getEpochSecond(), (long) Double.parseDouble(gauge.group(1)));

            await().atMost(Duration.ofSeconds(60)).until(() -> !Files.exists(expired.path()));
            assertTrue(Files.exists(recent.path()), "within its retention");
            // the run is recorded, and its actions logged, once the whole run is over: a moment after the removal
            await().atMost(Duration.ofSeconds(30)).until(() ->
                    Instant.parse(Files.readString(layout.maintenanceRun()).strip()).isAfter(now.minus(Duration.ofMinutes(1))));
            String removed = "removed " + stack + " " + expired.id() + " (past its retention of 30d)";
            await().atMost(Duration.ofSeconds(30)).until(() -> daemon.log().contains(removed));
            String log = daemon.log();
            assertTrue(log.contains("maintenance run missed since " + now.minus(Duration.ofDays(3))
                    + " (operator.maintenance.schedule 0 30 3 * * ?): running one after the first pass"), log);
            assertFalse(log.contains("verified " + stack), "verified an hour ago, weekly: not due before the next run; " + log);
            assertEquals("1000", JSON.readTree(recent.path().resolve("verification.json").toFile()).get("answer").asText());
        }
    }

    @Test
    void aScheduleThatIsNoCronStopsTheStartNamingTheSetting() {
        Path desired = root.resolve("desired-state");
        Lab.Result start = new Stackctl(desired, root.resolve("state"))
                .with("OPERATOR_MAINTENANCE_SCHEDULE", "*/5 * * * *").run("status");
        assertEquals(2, start.exitCode(), start.errors());
        assertTrue(start.errors().contains("error: cannot start: operator.maintenance.schedule must be daily, weekly, never"
                + " or a Quartz cron expression (seconds minutes hours day-of-month month day-of-week, e.g. 0 30 3 * * ?),"
                + " not */5 * * * *"), start.errors());
    }

    private BackupRecord backUp(StateLayout layout, Instant at) {
        try (BackupStore.Draft draft = new BackupStore(layout, Clock.fixed(at, ZoneOffset.UTC)).begin(stack)) {
            draft.write("database.sql.gz", "select 1;".getBytes(StandardCharsets.UTF_8));
            return draft.complete("15-a", List.of(), List.of());
        }
    }

    private static double completePasses(RunningDaemon daemon) throws IOException, InterruptedException {
        Matcher count = COMPLETE_PASSES.matcher(daemon.get("/q/metrics").body());
        return count.find() ? Double.parseDouble(count.group(1)) : 0;
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new IllegalStateException(text, e);
        }
    }
}
