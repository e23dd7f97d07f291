package tokyo.seisei.operator.app;

import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.jboss.logging.Logger;
import tokyo.seisei.operator.engine.status.HistoryLine;
import tokyo.seisei.operator.engine.status.OperatorEvents;
import tokyo.seisei.operator.engine.steps.StepResult;
import tokyo.seisei.operator.model.Phase;
import tokyo.seisei.operator.model.StackName;
import tokyo.seisei.operator.model.StackStatus;
import tokyo.seisei.operator.source.Source;
import tokyo.seisei.operator.store.StateLayout;
import tokyo.seisei.operator.store.StatusStore;

/**
 * The live feed of the status page: an {@link OperatorEvents} listener that, after the operator tells of a
 * stack's phase, step or finished action, reads that stack's status file again and hands it to the subscribers
 * when it differs from the one they were last given; after each pass it looks at every status file (which also
 * catches what a {@code stackctl} command changed from another process) and hands on the pass's time and
 * duration, and, when the desired state is a git repository, what the repository looks like now.
 *
 * <p>Every change gets the next id of this daemon's sequence ({@code <boot>-<n>}). A subscriber that comes with the
 * id it last saw gets a snapshot of every status only when something changed since. All reading and delivering
 * happens on the feed's own thread, in order, so the operator's thread never waits for a browser and a subscriber
 * sees the changes in the order they were read. With no subscriber, nothing is read.
 */
@Singleton
public class StatusFeed implements OperatorEvents {

    private static final Logger LOG = Logger.getLogger(StatusFeed.class);

    /** A status file is written right after the history line that announces it: the check waits this long. */
    static final Duration SETTLE = Duration.ofMillis(150);
    /** A comment on an idle stream, so a connection that died without a word is noticed and let go. */
    static final Duration KEEPALIVE = Duration.ofSeconds(20);

    /** The last pass: when it ended, how long it took, whether it reached every stack it meant to. */
    public record Pass(String finishedAt, long tookMs, boolean complete) {
    }

    /**
     * Every status as read now, the id of the feed at that moment, the last pass (null before the first), and the git
     * repository followed (null for a plain folder).
     */
    public record Snapshot(String id, List<StackStatus> stacks, Pass pass, Source.Remote source) {
    }

    /**
     * What a subscriber is handed; {@code data} is a {@link StackStatus}, a stack name, a {@link Pass}, a
     * {@link Source.Remote} or a {@link Snapshot}.
     */
    public record Update(Kind kind, String id, Object data) {
    }

    public enum Kind {
        /** first on every subscription: the feed's id now */
        HELLO,
        /** every status, when the subscriber's id is not the feed's */
        SNAPSHOT,
        /** one stack's new status */
        STACK,
        /** a stack whose status file is gone */
        REMOVED,
        /** a pass ended */
        PASS,
        /** after a pass, when the desired state is a git repository: its last fetched commit and whether it answers */
        SOURCE,
        /** nothing happened for a while */
        KEEPALIVE
    }

    /** A subscriber of the feed, told on the feed's thread. */
    public interface Subscriber {
        /** @return false when the subscriber is gone and wants nothing more */
        boolean deliver(Update update);
    }

    @Inject
    StateLayout layout;

    @Inject
    Clock clock;

    /** Looked up at its first use: the source is made with the operator, which is made with this feed. */
    @Inject
    Instance<Source> sources;

    private Source source;

    private final String boot = UUID.randomUUID().toString().substring(0, 8);
    private final List<Subscriber> subscribers = new CopyOnWriteArrayList<>();
    private final Set<String> pending = new LinkedHashSet<>();
    /** What the subscribers were last given, by stack; touched on the feed's thread only. */
    private final Map<String, StackStatus> known = new HashMap<>();
    private final Map<String, Stamp> stamps = new HashMap<>();
    private volatile Pass lastPass;
    private long sequence;
    private ScheduledExecutorService thread;
    private StatusStore statuses;

    StatusFeed() {
    }

    /** A feed on a state dir, outside CDI. */
    public StatusFeed(StateLayout layout, Clock clock, Source source) {
        this.layout = layout;
        this.clock = clock;
        this.source = source;
    }

    @Override
    public void phaseChanged(String stack, String environment, Phase phase, String version, String reason, String message) {
        changed(stack);
    }

    @Override
    public void actionFinished(String stack, String environment, HistoryLine line) {
        changed(stack);
    }

    @Override
    public void stepFinished(String stack, StepResult step) {
        changed(stack);
    }

    @Override
    public void passFinished(Duration took, boolean complete) {
        Pass pass = new Pass(Instant.now(clock).truncatedTo(ChronoUnit.MILLIS).toString(), took.toMillis(), complete);
        lastPass = pass;
        if (!subscribers.isEmpty()) {
            executor().execute(() -> {
                scan();
                deliver(new Update(Kind.PASS, id(), pass));
                Source.Remote remote = remote();
                if (remote != null) {
                    deliver(new Update(Kind.SOURCE, id(), remote));
                }
            });
        }
    }

    public Pass lastPass() {
        return lastPass;
    }

    /** Every status as the files hold it now; subscribers are told of any difference first. */
    public Snapshot snapshot() {
        return onFeedThread(() -> {
            scan();
            return current();
        });
    }

    /**
     * Adds a subscriber: it is first handed {@link Kind#HELLO}, then {@link Kind#SNAPSHOT} when {@code since} is not
     * the feed's id after a look at the files, then every change.
     */
    public void subscribe(Subscriber subscriber, String since) {
        executor().execute(() -> {
            scan();
            String now = id();
            if (!subscriber.deliver(new Update(Kind.HELLO, now, now))) {
                return;
            }
            if (!now.equals(since) && !subscriber.deliver(new Update(Kind.SNAPSHOT, now, current()))) {
                return;
            }
            subscribers.add(subscriber);
        });
    }

    public int subscribers() {
        return subscribers.size();
    }

    private void changed(String stack) {
        if (subscribers.isEmpty()) {
            return; // nobody looks: whoever subscribes next is given what the files hold then
        }
        synchronized (pending) {
            if (!pending.add(stack) || pending.size() > 1) {
                return; // a check is already due
            }
        }
        executor().schedule(this::checkPending, SETTLE.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void checkPending() {
        List<String> stacks;
        synchronized (pending) {
            stacks = new ArrayList<>(pending);
            pending.clear();
        }
        stacks.forEach(this::check);
    }

    /** Reads one stack's status and hands it on when it differs from what was handed on last. */
    private void check(String stack) {
        if (!StackName.isValid(stack)) {
            return;
        }
        try {
            Path file = layout.status(stack);
            if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
                forget(stack);
                return;
            }
            read(stack, stamp(file));
        } catch (IOException | RuntimeException e) {
            LOG.debugf("status of %s not readable now: %s", stack, e.getMessage());
        }
    }

    /**
     * Looks at every status file: those new or changed since they were last read (by time and size) are read and
     * handed on when they say something new; stacks whose file is gone are removed. A host of 300 stacks that did
     * not change costs 300 looks at a file's attributes, not 300 reads.
     */
    private void scan() {
        Set<String> seen = new LinkedHashSet<>();
        Path dir = layout.statusDir();
        if (Files.isDirectory(dir)) {
            List<Path> files;
            try (Stream<Path> listing = Files.list(dir)) {
                files = listing.sorted().toList();
            } catch (IOException | RuntimeException e) {
                LOG.debugf("status files not readable now: %s", e.getMessage());
                return;
            }
            for (Path file : files) {
                String name = file.getFileName().toString();
                String stack = name.endsWith(".yaml") ? name.substring(0, name.length() - ".yaml".length()) : "";
                if (!StackName.isValid(stack)) {
                    continue;
                }
                seen.add(stack);
                try {
                    Stamp stamp = stamp(file);
                    if (!stamp.equals(stamps.get(stack)) || !known.containsKey(stack)) {
                        read(stack, stamp);
                    }
                } catch (IOException | RuntimeException e) {
                    LOG.debugf("status of %s not readable now: %s", stack, e.getMessage());
                }
            }
        }
        new ArrayList<>(known.keySet()).stream().filter(s -> !seen.contains(s)).forEach(this::forget);
    }

    /** The file's attributes are taken before it is read: a write in between is read again at the next look. */
    private void read(String stack, Stamp stamp) {
        statuses().read(stack).ifPresent(status -> {
            stamps.put(stack, stamp);
            offer(status);
        });
    }

    private static Stamp stamp(Path file) throws IOException {
        BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        return new Stamp(attributes.lastModifiedTime(), attributes.size());
    }

    /** When a status file was last written, and its size. */
    private record Stamp(FileTime modified, long size) {
    }

    private void offer(StackStatus status) {
        if (Objects.equals(known.get(status.stack()), status)) {
            return;
        }
        known.put(status.stack(), status);
        sequence++;
        deliver(new Update(Kind.STACK, id(), status));
    }

    private void forget(String stack) {
        stamps.remove(stack);
        if (known.remove(stack) != null) {
            sequence++;
            deliver(new Update(Kind.REMOVED, id(), stack));
        }
    }

    private void deliver(Update update) {
        for (Subscriber subscriber : subscribers) {
            boolean stays;
            try {
                stays = subscriber.deliver(update);
            } catch (RuntimeException e) {
                stays = false;
            }
            if (!stays) {
                subscribers.remove(subscriber);
            }
        }
    }

    private Snapshot current() {
        return new Snapshot(id(), known.values().stream().sorted(Comparator.comparing(StackStatus::stack)).toList(), lastPass,
                remote());
    }

    /** The git repository followed, or null for a plain folder or when it cannot be told now. */
    private Source.Remote remote() {
        try {
            if (source == null && sources != null && sources.isResolvable()) {
                source = sources.get();
            }
            return source == null ? null : source.remote().orElse(null);
        } catch (RuntimeException e) {
            LOG.debugf("the desired-state repository cannot be described now: %s", e.getMessage());
            return null;
        }
    }

    private String id() {
        return boot + "-" + sequence;
    }

    private StatusStore statuses() {
        if (statuses == null) {
            statuses = new StatusStore(layout);
        }
        return statuses;
    }

    /** The feed's one thread, started at the first need: one-shot commands never start it. */
    private synchronized ScheduledExecutorService executor() {
        if (thread == null) {
            thread = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "status-feed");
                t.setDaemon(true);
                return t;
            });
            thread.scheduleAtFixedRate(() -> {
                if (!subscribers.isEmpty()) {
                    deliver(new Update(Kind.KEEPALIVE, id(), null));
                }
            }, KEEPALIVE.toMillis(), KEEPALIVE.toMillis(), TimeUnit.MILLISECONDS);
        }
        return thread;
    }

    private <T> T onFeedThread(java.util.concurrent.Callable<T> task) {
        try {
            return executor().submit(task).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading the statuses", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot read the statuses: " + e.getCause().getMessage(), e.getCause());
        }
    }
}
