package tokyo.seisei.operator.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tokyo.seisei.operator.docker.DockerFailure;
import tokyo.seisei.operator.engine.status.OperatorEvents;

/** DiskPressure starts and clears once each, whatever the number of polls; a disk not readable here has no gauge. */
class DiskWatchTest {

    static final long TOTAL = 100_000_000_000L;

    @TempDir
    Path root;

    final List<String> heard = new ArrayList<>();
    final OperatorEvents listener = new OperatorEvents() {
        @Override
        public void hostConditionChanged(String condition, boolean active, String message) {
            heard.add(condition + " " + (active ? "started" : "cleared") + ": " + message);
        }
    };
    final AtomicLong free = new AtomicLong(TOTAL / 2);
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @Test
    void diskPressureIsToldOnceWhenItStartsAndOnceWhenItClears() throws Exception {
        Path state = Files.createDirectories(root.resolve("state"));
        DiskWatch watch = new DiskWatch(Map.of("state-dir", state, "backups", state.resolve("backups")), () -> root.toString(), 20,
                path -> new long[] {TOTAL, free.get()}, listener, registry, Clock.systemUTC());

        watch.poll();
        assertEquals(List.of(), heard);
        assertEquals(50.0, registry.get("stack_operator_disk_free_percent").tag("disk", "state-dir").gauge().value());
        assertEquals(50.0, registry.get("stack_operator_disk_free_percent").tag("disk", "backups").gauge().value(),
                "a backup dir not made yet is read where it will be");
        assertEquals(TOTAL / 2.0, registry.get("stack_operator_disk_free_bytes").tag("disk", "docker-root").gauge().value());

        free.set(TOTAL / 10);
        watch.poll();
        watch.poll();
        watch.poll();
        assertEquals(1, heard.size(), heard.toString());
        assertTrue(heard.get(0).startsWith("DiskPressure started: docker-root " + root + " has 10% free"), heard.get(0));
        assertTrue(heard.get(0).contains("state-dir " + state + " has 10% free"), heard.get(0));
        assertTrue(watch.pressure().isPresent());
        assertEquals(10.0, registry.get("stack_operator_disk_free_percent").tag("disk", "state-dir").gauge().value());

        free.set(TOTAL / 4);
        watch.poll();
        watch.poll();
        assertEquals(List.of("DiskPressure cleared: every watched disk has 20% free or more again"), heard.subList(1, heard.size()));
        assertTrue(watch.pressure().isEmpty());

        free.set(TOTAL / 10);
        watch.poll();
        assertEquals(3, heard.size(), "a new pressure is told again");
    }

    @Test
    void theSpaceReadIsTheFileSystemsOwn() throws Exception {
        java.nio.file.FileStore store = Files.getFileStore(root);
        long[] space = DiskWatch.FILE_SYSTEMS.totalAndUsable(root);
        assertEquals(store.getTotalSpace(), space[0]);
        assertTrue(space[1] > 0 && space[1] <= space[0], space[1] + " of " + space[0]);
    }

    @Test
    void aDataRootThisProcessCannotReadHasNoGaugeAndSaysWhy() throws Exception {
        Path state = Files.createDirectories(root.resolve("state"));
        DiskWatch remote = new DiskWatch(Map.of("state-dir", state), () -> "/no/such/docker/root", 20,
                path -> new long[] {TOTAL, free.get()}, listener, registry, Clock.systemUTC());
        remote.poll();

        assertNull(registry.find("stack_operator_disk_free_bytes").tag("disk", "docker-root").gauge());
        DiskWatch.Disk root = remote.disks().get(0);
        assertEquals("docker-root", root.disk());
        assertEquals("not readable from this process (no such directory here)", root.unreadable());

        DiskWatch down = new DiskWatch(Map.of(), () -> {
            throw new DockerFailure(DockerFailure.Kind.UNREACHABLE, "Cannot read engine info: connection refused");
        }, 20, path -> new long[] {TOTAL, free.get()}, listener, new SimpleMeterRegistry(), Clock.systemUTC());
        down.poll();
        assertEquals("the engine did not answer: Cannot read engine info: connection refused", down.disks().get(0).unreadable());
        assertEquals(List.of(), heard);
    }
}
