package tokyo.seisei.operator.engine;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import tokyo.seisei.operator.docker.ContainerSummary;
import tokyo.seisei.operator.docker.DockerEngine;

/**
 * The managed containers as last listed, kept as an informer keeps its cache: while the engine's event stream is
 * connected and has told no change to a managed container since a list began, that list is still what runs, and a
 * pass that changes nothing needs no request. Without a connected stream, as in a one-shot command, every list is
 * asked of the engine.
 *
 * <p>A list begun within {@link #SETTLE} of a change is not kept: the engine may send an event a moment before its list
 * shows the change, and opens its stream a moment before it subscribes to its events.
 *
 * <p>A list is kept for {@link #RELIST} at most. An engine that hangs keeps its stream open and tells nothing; asked
 * again, it fails within the response timeout, and the stacks say so, rather than staying Ready on an old list.
 */
public final class ContainerListing {

    static final Duration SETTLE = Duration.ofSeconds(1);
    public static final Duration RELIST = Duration.ofMinutes(1);

    private final Clock clock;
    private final AtomicLong changes = new AtomicLong();
    private volatile Instant lastChange = Instant.MIN;
    private volatile boolean watched;
    private volatile Listed last;

    private record Listed(List<ContainerSummary> containers, long changesBefore, Instant begun) {
    }

    public ContainerListing(Clock clock) {
        this.clock = clock;
    }

    /** The engine's event stream is connected (true), or it ended (false: from now on every list is asked for). */
    public void watching(boolean connected) {
        changed();
        watched = connected;
    }

    /** The engine told that a managed container was made, changed or removed. */
    public void changed() {
        lastChange = clock.instant();
        changes.incrementAndGet();
    }

    /** The last list, while nothing told has changed it since it began, and for {@link #RELIST} at most. */
    Optional<List<ContainerSummary>> standing() {
        Listed listed = last;
        return watched && listed != null && listed.changesBefore() == changes.get()
                && clock.instant().isBefore(listed.begun().plus(RELIST))
                ? Optional.of(listed.containers()) : Optional.empty();
    }

    /** The managed containers, asked of the engine; kept for the passes after it when nothing changes meanwhile. */
    List<ContainerSummary> list(DockerEngine docker) {
        long changesBefore = changes.get();
        Instant begun = clock.instant();
        List<ContainerSummary> containers = docker.listManagedContainers();
        boolean settled = !begun.isBefore(lastChange.plus(SETTLE));
        last = settled ? new Listed(containers, changesBefore, begun) : null;
        return containers;
    }
}
