package tokyo.seisei.operator.engine;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import tokyo.seisei.operator.docker.ContainerSummary;
import tokyo.seisei.operator.model.Phase;
import tokyo.seisei.operator.source.LoadedStack;

/**
 * The stacks a pass may leave alone: those its last converge found Ready without a retry, whose desired-state file,
 * containers and state files have not changed since. Their converge would read the same inputs and change nothing,
 * so it is not run: a no-op pass costs the list of containers and little more.
 *
 * <p>Changes to the state files (status, operation, pause, verified releases) are told by a watch on their folders
 * ({@link StateFileWatch}); without one, as in a one-shot command, no stack is ever left alone. A converge notes the
 * count of changes told before it began, so a change told while it ran is never taken as seen by it. A stack that
 * reads an env_file is always converged, as that file may change on its own; and every stack is converged in full at
 * least every {@link #RESYNC}, in case a change went unseen.
 */
public final class QuietStacks {

    static final Duration RESYNC = Duration.ofMinutes(5);

    private final Clock clock;
    private final AtomicLong changes = new AtomicLong();
    private final Map<String, Long> lastChangeOf = new ConcurrentHashMap<>();
    private final Map<String, Quiet> quiet = new ConcurrentHashMap<>();
    private volatile long lastChangeOfAll;
    private volatile boolean watched;

    /** What a converge that ended Ready had read: the containers as listed, and as far as it reads them. */
    private record Quiet(LoadedStack loaded, List<ContainerSummary> listed, List<Seen> containers, long changesBefore,
                         Instant at) {

        /** The very objects of that list: kept while the engine tells no change. */
        boolean sameObjects(List<ContainerSummary> now) {
            if (now.size() != listed.size()) {
                return false;
            }
            for (int i = 0; i < now.size(); i++) {
                if (now.get(i) != listed.get(i)) {
                    return false;
                }
            }
            return true;
        }

        Quiet listedAs(List<ContainerSummary> now) {
            return new Quiet(loaded, List.copyOf(now), containers, changesBefore, at);
        }
    }

    /** A container as far as a converge reads it: its uptime, which the status line also tells, is left out. */
    private record Seen(String id, String name, String image, String imageId, String state, String health,
                        Map<String, String> labels, List<String> publishedPorts) {

        static List<Seen> of(List<ContainerSummary> containers) {
            return containers.stream().map(c -> new Seen(c.id(), c.name(), c.image(), c.imageId(), c.state(), c.health(),
                    c.labels(), c.publishedPorts())).toList();
        }
    }

    public QuietStacks(Clock clock) {
        this.clock = clock;
    }

    /**
     * The state files are watched from now on (true), or no longer (false: every stack is converged at every pass).
     * Either way what was noted before no longer stands: changes may have gone untold in between.
     */
    public void watching(boolean on) {
        watched = on;
        allChanged();
        quiet.clear();
    }

    /** A state file of the stack changed. */
    public void changed(String stack) {
        lastChangeOf.put(stack, changes.incrementAndGet());
    }

    /** A state file that every stack may read changed, or changes may have been missed. */
    public void allChanged() {
        lastChangeOfAll = changes.incrementAndGet();
    }

    /** True when the stack's converge would read what its last one read, and that one ended Ready. */
    boolean unchanged(LoadedStack loaded, List<ContainerSummary> containers) {
        Quiet last = quiet.get(loaded.name());
        if (!watched || last == null
                || last.changesBefore() < Math.max(lastChangeOfAll, lastChangeOf.getOrDefault(loaded.name(), 0L))
                || !clock.instant().isBefore(last.at().plus(RESYNC))
                || !last.loaded().equals(loaded)) {
            return false;
        }
        if (last.sameObjects(containers)) {
            return true;
        }
        if (!last.containers().equals(Seen.of(containers))) {
            return false;
        }
        // alike, from a list taken since: the next pass over that same list then compares objects only
        quiet.replace(loaded.name(), last, last.listedAs(containers));
        return true;
    }

    /** A converge of the stack begins: what was noted of it no longer stands. @return the changes told so far */
    long converging(String stack) {
        quiet.remove(stack);
        return changes.get();
    }

    /** A converge ended; Ready without a retry, and with the stack reading no env_file, it may be left alone from now. */
    void converged(LoadedStack loaded, List<ContainerSummary> containers, long changesBefore, StackConverger.Result result) {
        boolean readsEnvFiles = loaded.valid() && loaded.document().spec().readsEnvFiles();
        if (watched && result.phase() == Phase.Ready && !result.retry() && !readsEnvFiles) {
            quiet.put(loaded.name(), new Quiet(loaded, List.copyOf(containers), Seen.of(containers), changesBefore,
                    clock.instant()));
        }
    }
}
