package tokyo.seisei.operator.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.function.IntConsumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The logs the operator appends to (deploy-history.log, events/<stack>.jsonl, the release ledger): one whole
 * line per write, appended to the file as it is, never rewritten, also when several writers append at once.
 */
class AppendedLogsTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Clock TOKYO_CLOCK = Clock.fixed(Instant.parse("2026-11-26T04:12:14Z"), ZoneId.of("Asia/Tokyo"));
    static final int WRITERS = 8;
    static final int LINES_EACH = 150;

    @TempDir
    Path root;

    StateLayout layout() {
        return new StateLayout(root);
    }

    static Object fileKey(Path file) throws IOException {
        return Files.readAttributes(file, BasicFileAttributes.class).fileKey();
    }

    /** Runs the writers together, each appending its lines; returns once all are done. */
    static void concurrently(IntConsumer writer) throws InterruptedException {
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < WRITERS; w++) {
            int id = w;
            Thread thread = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                writer.accept(id);
            });
            thread.start();
            threads.add(thread);
        }
        start.countDown();
        for (Thread thread : threads) {
            thread.join();
        }
    }

    @Test
    void historyLinesAreAppendedToTheFileAsItIsInTheRunbookFormat() throws IOException {
        Path file = layout().history();
        Files.writeString(file, "2026-11-01 09:00:00 | shop | staging | deploy | sha-0a1b2c3 | success |\n");
        HistoryLog history = new HistoryLog(layout(), TOKYO_CLOCK);
        List<String> expected = List.of(
                "2026-11-01 09:00:00 | shop | staging | deploy | sha-0a1b2c3 | success |",
                "2026-11-26 13:12:14 | shop | staging | deploy | sha-1a2b3c4 | success |",
                "2026-11-26 13:12:14 | shop | staging | deploy | sha-2b3c4d5 | fail | smoke failed: http answered 404 / expected 200");

        // a reader that opened the log before (tail -f) reads on to the new lines: the file is appended to, not replaced
        try (InputStream reader = Files.newInputStream(file)) {
            history.record("shop", "staging", HistoryLog.DEPLOY, "sha-1a2b3c4", HistoryLog.SUCCESS, "");
            history.record("shop", "staging", HistoryLog.DEPLOY, "sha-2b3c4d5", HistoryLog.FAIL,
                    "smoke failed:\nhttp answered 404 | expected 200");

            assertEquals(String.join("\n", expected) + "\n", new String(reader.readAllBytes(), StandardCharsets.UTF_8));
        }
        assertEquals(expected, Files.readAllLines(file), "a line break or a | in a field never breaks the line or its seven fields");
    }

    @Test
    void historyWritersAtOnceEachWriteWholeLinesAndNoneIsLost() throws Exception {
        HistoryLog history = new HistoryLog(layout(), TOKYO_CLOCK);
        String notesPadding = "n".repeat(300);

        concurrently(w -> {
            for (int i = 0; i < LINES_EACH; i++) {
                history.record("stack-" + w, "prod", HistoryLog.HEAL, "v" + i, HistoryLog.SUCCESS, "start web " + i + notesPadding);
            }
        });

        List<String> lines = Files.readAllLines(layout().history());
        assertEquals(WRITERS * LINES_EACH, lines.size());
        Set<String> written = new HashSet<>();
        for (String line : lines) {
            assertTrue(line.matches("2026-11-26 13:12:14 \\| stack-\\d \\| prod \\| heal \\| v\\d+ \\| success \\| start web \\d+"
                    + notesPadding), "a whole line: " + line);
            String[] fields = line.split(" \\| ");
            written.add(fields[1] + " " + fields[4]);
        }
        assertEquals(WRITERS * LINES_EACH, written.size(), "every line written once");
        assertEquals(WRITERS * LINES_EACH, history.read().size());
    }

    @Test
    void eventsAreWholeJsonLinesAppendedEvenWhenWrittenAtOnce() throws Exception {
        Path file = layout().events("shop");
        EventJournal events = new EventJournal(layout(), Clock.systemUTC());
        events.record("shop", null, "Progressing", "Progressing", "recreate web\n(image a -> b)", null, false);
        Object key = fileKey(file);

        // an open reader holds the first file, so a replacement could not reuse its inode and look the same
        try (InputStream reader = Files.newInputStream(file)) {
            concurrently(w -> {
                for (int i = 0; i < LINES_EACH; i++) {
                    events.record("shop", "Smoke", "SmokeDone", null, "writer " + w + " event " + i + " " + "m".repeat(300),
                            Duration.ofMillis(i), false);
                }
            });
            assertEquals(key, fileKey(file), "appended to, never replaced");
        }

        List<String> lines = Files.readAllLines(file);
        assertEquals(1 + WRITERS * LINES_EACH, lines.size());
        JsonNode first = JSON.readTree(lines.get(0));
        assertEquals("recreate web\n(image a -> b)", first.path("message").asText(), "a line break stays inside its line");
        assertTrue(first.path("from").isMissingNode(), lines.get(0));
        Set<String> messages = new HashSet<>();
        for (String line : lines.subList(1, lines.size())) {
            JsonNode event = JSON.readTree(line);
            assertEquals(Set.of("time", "stack", "from", "to", "message", "durationMs"), fieldNames(event), line);
            messages.add(event.path("message").asText());
        }
        assertEquals(WRITERS * LINES_EACH, messages.size(), "every event written once");
    }

    @Test
    void ledgerLinesAreAppendedWhole() throws Exception {
        ReleaseLedger ledger = new ReleaseLedger(layout());

        concurrently(w -> {
            for (int i = 0; i < LINES_EACH; i++) {
                ledger.append("shop", new ReleaseLedger.Release("v" + w + "." + i,
                        Map.of("web", "localhost:5000/seisei/odoo@sha256:" + "a".repeat(64)), "sha256:9c1d0e5b7a3f2c84",
                        "2026-11-26T14:01:11.204Z", 6.2, false, null));
            }
        });

        List<String> lines = Files.readAllLines(root.resolve("releases/ledger/shop.jsonl"));
        assertEquals(WRITERS * LINES_EACH, lines.size());
        for (String line : lines) {
            JSON.readTree(line);
        }
        assertEquals(WRITERS * LINES_EACH, ledger.releases("shop").stream().map(ReleaseLedger.Release::version).distinct().count());
    }

    @Test
    void aHistoryLineTornByACrashIsEndedBeforeTheNextLineSoTheNextIsReadWhole() throws IOException {
        Path file = layout().history();
        Files.writeString(file, "2026-11-26 13:00:00 | shop | staging | deploy | sha-0a1b2c3 | success |\n2026-11-26 13:01:00 | sh");
        HistoryLog history = new HistoryLog(layout(), TOKYO_CLOCK);

        history.record("shop", "staging", HistoryLog.DEPLOY, "sha-1a2b3c4", HistoryLog.SUCCESS, "");

        assertEquals(List.of("sha-0a1b2c3", "sha-1a2b3c4"), history.read().stream().map(HistoryLog.Entry::version).toList());
        assertEquals("2026-11-26 13:12:14 | shop | staging | deploy | sha-1a2b3c4 | success |",
                Files.readAllLines(file).get(2), "the torn line stays as it was, on a line of its own");
    }

    @Test
    void aLedgerLineLeftWithoutItsEndDoesNotSwallowTheNextRelease() throws IOException {
        ReleaseLedger ledger = new ReleaseLedger(layout());
        ledger.append("shop", new ReleaseLedger.Release("v1", Map.of(), "r1", "2026-11-26T04:00:00Z", 1.0, false, null));
        Path file = root.resolve("releases/ledger/shop.jsonl");
        String whole = Files.readString(file);
        Files.writeString(file, whole.substring(0, whole.length() - 1)); // the line's end lost in a crash

        ledger.append("shop", new ReleaseLedger.Release("v2", Map.of(), "r2", "2026-11-26T04:01:00Z", 1.0, false, null));

        assertEquals(List.of("v1", "v2"), ledger.releases("shop").stream().map(ReleaseLedger.Release::version).toList());
        assertTrue(ledger.find("shop", "v2").isPresent(), "v2 is verified");
    }

    private static Set<String> fieldNames(JsonNode node) {
        Set<String> names = new HashSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
