package tokyo.seisei.operator.app;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import tokyo.seisei.operator.docker.DockerFailure;
import tokyo.seisei.operator.engine.status.OperatorEvents;
import tokyo.seisei.operator.model.ByteSize;
import tokyo.seisei.operator.model.Reason;

/**
 * The free space of the Docker data root, the state dir and the backup dirs, as the gauges
 * {@code stack_operator_disk_free_bytes{disk,path}} and {@code stack_operator_disk_free_percent{disk,path}}, and the
 * host's {@code DiskPressure} condition while any has less than {@code operator.preflight.min-free-disk-percent} free.
 * The listeners hear once when it starts and once when it clears, not at every poll. A disk this process cannot
 * read (a remote engine's data root) has no gauge: its entry says why instead.
 */
public final class DiskWatch {

    /** One watched place: its free space, or why it cannot be read. */
    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
    public record Disk(String disk, String path, Long freeBytes, Long totalBytes, Integer freePercent, String unreadable) {

        boolean low(int minFreePercent) {
            return freePercent != null && freePercent < minFreePercent;
        }
    }

    /** A host condition while it holds: {@code DiskPressure} since when, and why. */
    public record Condition(String type, String reason, String message, String since) {
    }

    /** Reads the space of a file system: total and usable bytes. */
    public interface SpaceReader {
        long[] totalAndUsable(Path path) throws IOException;
    }

    /**
     * The file system's own figures for the path (statvfs). Not {@link Files#getFileStore}: it reads and looks at
     * every mount of the host to name the store, hundreds once containers run, and that at each poll was most of an
     * idle daemon's CPU. A size of 0 is asked again through the store, which says why it cannot be read.
     */
    static final SpaceReader FILE_SYSTEMS = path -> {
        java.io.File dir = path.toFile();
        long total = dir.getTotalSpace();
        if (total > 0) {
            return new long[] {total, dir.getUsableSpace()};
        }
        FileStore store = Files.getFileStore(path);
        return new long[] {store.getTotalSpace(), store.getUsableSpace()};
    };

    private final Map<String, Path> fixed;
    private final Supplier<String> dockerRoot;
    private final int minFreePercent;
    private final SpaceReader reader;
    private final OperatorEvents listeners;
    private final MeterRegistry registry;
    private final Clock clock;
    private final Map<String, Disk> latest = new LinkedHashMap<>();
    private final Map<String, Gauge> registered = new LinkedHashMap<>();
    private volatile String dockerRootDir;
    private volatile Condition pressure;

    /**
     * @param fixed      the watched dirs by name ("state-dir", "backups", ...)
     * @param dockerRoot asks the engine for its data root (DockerRootDir); a {@link DockerFailure} leaves it unknown
     */
    public DiskWatch(Map<String, Path> fixed, Supplier<String> dockerRoot, int minFreePercent, SpaceReader reader,
                     OperatorEvents listeners, MeterRegistry registry, Clock clock) {
        this.fixed = fixed;
        this.dockerRoot = dockerRoot;
        this.minFreePercent = minFreePercent;
        this.reader = reader;
        this.listeners = listeners;
        this.registry = registry;
        this.clock = clock;
    }

    /** Reads every disk, updates the gauges and the condition; tells the listeners when the condition starts or clears. */
    public synchronized void poll() {
        Map<String, Disk> disks = new LinkedHashMap<>();
        disks.put("docker-root", dockerRootDisk());
        fixed.forEach((name, path) -> disks.put(name, read(name, path)));
        disks.values().forEach(this::gauge);
        latest.clear();
        latest.putAll(disks);
        List<String> low = disks.values().stream().filter(d -> d.low(minFreePercent))
                .map(d -> d.disk() + " " + d.path() + " has " + d.freePercent() + "% free (" + ByteSize.human(d.freeBytes())
                        + "), needs " + minFreePercent + "%").toList();
        if (!low.isEmpty()) {
            String message = String.join("; ", low) + " (operator.preflight.min-free-disk-percent)";
            if (pressure == null) {
                pressure = new Condition(Reason.DISK_PRESSURE, Reason.DISK_PRESSURE, message, clock.instant().toString());
                listeners.hostConditionChanged(Reason.DISK_PRESSURE, true, message);
            } else {
                pressure = new Condition(Reason.DISK_PRESSURE, Reason.DISK_PRESSURE, message, pressure.since());
            }
        } else if (pressure != null) {
            pressure = null;
            listeners.hostConditionChanged(Reason.DISK_PRESSURE, false, "every watched disk has "
                    + minFreePercent + "% free or more again");
        }
    }

    /** {@code DiskPressure} while it holds. */
    public Optional<Condition> pressure() {
        return Optional.ofNullable(pressure);
    }

    /** The disks as last read; empty before the first poll. */
    public synchronized List<Disk> disks() {
        return new ArrayList<>(latest.values());
    }

    private Disk dockerRootDisk() {
        if (dockerRootDir == null) {
            try {
                dockerRootDir = dockerRoot.get();
            } catch (DockerFailure e) {
                return new Disk("docker-root", null, null, null, null, "the engine did not answer: " + e.getMessage());
            }
        }
        if (dockerRootDir == null || dockerRootDir.isBlank()) {
            return new Disk("docker-root", null, null, null, null, "the engine did not name its data root");
        }
        return read("docker-root", Path.of(dockerRootDir));
    }

    /** A dir of the operator's not made yet is read where it will be made; the data root must be here as it is. */
    private Disk read(String name, Path path) {
        Path existing = path;
        while (!name.equals("docker-root") && existing != null && !Files.isDirectory(existing)) {
            existing = existing.getParent();
        }
        if (existing == null || !Files.isDirectory(existing)) {
            return new Disk(name, path.toString(), null, null, null, "not readable from this process (no such directory here)");
        }
        try {
            long[] space = reader.totalAndUsable(existing);
            int percent = space[0] == 0 ? 100 : (int) (space[1] * 100 / space[0]);
            return new Disk(name, path.toString(), space[1], space[0], percent, null);
        } catch (IOException | SecurityException e) {
            return new Disk(name, path.toString(), null, null, null, "not readable from this process: " + e.getMessage());
        }
    }

    /** One gauge pair per readable disk, reading the latest poll; a disk that turns unreadable loses its gauges. */
    private void gauge(Disk disk) {
        String key = disk.disk() + "|" + disk.path();
        if (disk.unreadable() != null) {
            registered.entrySet().removeIf(e -> {
                if (e.getKey().startsWith(disk.disk() + "|")) {
                    registry.remove(e.getValue());
                    return true;
                }
                return false;
            });
            return;
        }
        if (registered.containsKey(key + "|bytes")) {
            return;
        }
        Tags tags = Tags.of("disk", disk.disk(), "path", disk.path());
        registered.put(key + "|bytes", Gauge.builder("stack_operator_disk_free_bytes", this, w -> w.free(disk.disk(), false))
                .description("Free bytes of a disk the operator needs").tags(tags).register(registry));
        registered.put(key + "|percent", Gauge.builder("stack_operator_disk_free_percent", this, w -> w.free(disk.disk(), true))
                .description("Free percent of a disk the operator needs").tags(tags).register(registry));
    }

    private synchronized double free(String disk, boolean percent) {
        Disk d = latest.get(disk);
        if (d == null || d.unreadable() != null) {
            return Double.NaN;
        }
        return percent ? d.freePercent() : d.freeBytes();
    }
}
