package tokyo.seisei.operator.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code <state-dir>/failed/<stack>/<service>.log}: the last lines each container of a stack's last failed version
 * wrote, saved before the rollback stopped it, for {@code stackctl logs STACK --failed}. Each file is replaced
 * atomically and created 0600; the logs of an earlier failure go when a new one is saved.
 */
public final class FailedLogs {

    private final StateLayout layout;

    public FailedLogs(StateLayout layout) {
        this.layout = layout;
    }

    /**
     * Saves the logs of a failed version, by service, in place of those an earlier failure saved.
     *
     * @return the file of each service
     */
    public Map<String, Path> replace(String stack, Map<String, String> logsByService) {
        Map<String, Path> saved = new LinkedHashMap<>();
        logsByService.keySet().forEach(service -> saved.put(service, layout.failedLog(stack, service)));
        for (Path file : files(stack)) {
            if (!saved.containsValue(file)) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot remove " + file + ": " + e.getMessage(), e);
                }
            }
        }
        logsByService.forEach((service, log) -> AtomicFiles.write(saved.get(service), log));
        return saved;
    }

    /** The saved logs of the stack's last failed version, by service, in name order; empty when none was saved. */
    public Map<String, String> read(String stack) {
        Map<String, String> logs = new LinkedHashMap<>();
        for (Path file : files(stack)) {
            String name = file.getFileName().toString();
            try {
                logs.put(name.substring(0, name.length() - ".log".length()), Files.readString(file, StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
            }
        }
        return logs;
    }

    private List<Path> files(String stack) {
        Path folder = layout.failedLogs(stack);
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".log")
                            && Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + folder + ": " + e.getMessage(), e);
        }
    }
}
