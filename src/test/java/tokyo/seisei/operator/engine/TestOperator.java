package tokyo.seisei.operator.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import tokyo.seisei.operator.app.Operator;
import tokyo.seisei.operator.app.OperatorBeans;
import tokyo.seisei.operator.engine.hold.HoldPoints;
import tokyo.seisei.operator.model.Phase;
import tokyo.seisei.operator.model.StackStatus;
import tokyo.seisei.operator.source.DesiredStateLoader;
import tokyo.seisei.operator.source.Source;
import tokyo.seisei.operator.store.NetworkPool;
import tokyo.seisei.operator.store.StateLayout;
import tokyo.seisei.operator.store.StatusStore;

/**
 * The real operator, wired by {@link OperatorBeans#wire} as the daemon is, on a {@link FakeDockerEngine}, a
 * {@link MovableClock} and folders of the test's own; and what a person would read afterwards.
 */
public final class TestOperator {

    /** When every test starts; the history lines read it in UTC. */
    public static final String START = "2026-11-26T13:12:14Z";
    public static final String START_LOCAL = "2026-11-26 13:12:14";

    private static final ObjectMapper JSON = new ObjectMapper();

    public final Path desiredDir;
    public final Path stateDir;
    public final FakeDockerEngine docker = new FakeDockerEngine();
    public final MovableClock clock = new MovableClock(START);
    public final RecordingEvents events = new RecordingEvents();
    public final Operator operator;
    private final StatusStore statuses;

    public TestOperator(Path root) {
        this(root, 1);
    }

    public TestOperator(Path root, int keepPrevious) {
        this(root, keepPrevious, null);
    }

    /** Reading the desired state from the source the function makes of the state dir (a git repository's checkout). */
    public TestOperator(Path root, Function<Path, Source> source) {
        this(root, 1, source);
    }

    private TestOperator(Path root, int keepPrevious, Function<Path, Source> sourceOf) {
        this(root, keepPrevious, sourceOf, OperatorSettings.MAX_CONCURRENT, Map.of());
    }

    /** Converging one stack at a time, in the pass's order: a test of that order is then not left to timing. */
    public static TestOperator oneAtATime(Path root) {
        return new TestOperator(root, 1, null, 1, Map.of());
    }

    /** With the environment {@code ${VAR}} in the stack files reads, as the operator's own would be. */
    public static TestOperator withEnvironment(Path root, Map<String, String> environment) {
        return new TestOperator(root, 1, null, OperatorSettings.MAX_CONCURRENT, environment);
    }

    private TestOperator(Path root, int keepPrevious, Function<Path, Source> sourceOf, int maxConcurrent,
                         Map<String, String> environment) {
        Source source;
        try {
            stateDir = Files.createDirectories(root.resolve("state"));
            source = sourceOf == null ? Source.folder(Files.createDirectories(root.resolve("desired-state")))
                    : sourceOf.apply(stateDir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        desiredDir = source.folder();
        StateLayout layout = new StateLayout(stateDir);
        statuses = new StatusStore(layout);
        operator = OperatorBeans.wire(new OperatorSettings(desiredDir, layout, Duration.ofSeconds(5), 0, keepPrevious,
                Duration.ZERO, HoldPoints.NONE, maxConcurrent, OperatorSettings.ROLLBACK_STOP_TIMEOUT, NetworkPool.DEFAULT_POOL,
                null), source, new DesiredStateLoader(environment, true), docker, clock, events);
    }

    // ---- what the test does ----

    public TestOperator write(StackYaml stack) {
        return write(stack.name() + ".yaml", stack.yaml());
    }

    public TestOperator write(String file, String text) {
        try {
            Files.writeString(desiredDir.resolve(file), text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    public void delete(String file) {
        try {
            Files.delete(desiredDir.resolve(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One full pass over every stack, as the daemon makes it. */
    public PassResult pass() {
        return operator.reconciler().reconcile(List.of());
    }

    /** One full pass; the phase the stack ended in. */
    public Phase pass(String stack) {
        return pass().phases().get(stack);
    }

    /** Moves the clock on, then makes a full pass. */
    public Phase passAfter(Duration wait, String stack) {
        clock.advance(wait);
        return pass(stack);
    }

    // ---- what a person reads ----

    public StackStatus status(String stack) {
        return statuses.read(stack).orElseThrow(() -> new AssertionError("no status file for " + stack));
    }

    public Path statusFile(String stack) {
        return stateDir.resolve("status").resolve(stack + ".yaml");
    }

    public String condition(String stack, String type) {
        return status(stack).conditions().stream().filter(c -> c.type().equals(type)).findFirst()
                .map(c -> c.status() + " " + c.reason()).orElse(null);
    }

    /** Every line of deploy-history.log, as written. */
    public List<String> history() {
        return lines(stateDir.resolve("deploy-history.log"));
    }

    /** The events journal of a stack, one JSON object a line. */
    public List<JsonNode> events(String stack) {
        return lines(stateDir.resolve("events").resolve(stack + ".jsonl")).stream().map(TestOperator::json).toList();
    }

    /** The events journal as "from -> to reason", the way stackctl events shows it. */
    public List<String> eventLines(String stack) {
        return events(stack).stream().map(e -> e.path("from").asText("-") + " -> " + e.path("to").asText()
                + (e.has("reason") ? " " + e.get("reason").asText() : "")).toList();
    }

    public String verified(String stack) {
        Path file = stateDir.resolve("releases").resolve("verified").resolve(stack + ".txt");
        return Files.exists(file) ? read(file) : null;
    }

    public List<JsonNode> ledger(String stack) {
        return lines(stateDir.resolve("releases").resolve("ledger").resolve(stack + ".jsonl")).stream()
                .map(TestOperator::json).toList();
    }

    public boolean exists(String relativeToState) {
        return Files.exists(stateDir.resolve(relativeToState));
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> lines(Path file) {
        try {
            return Files.exists(file) ? Files.readAllLines(file) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode json(String line) {
        try {
            return JSON.readTree(line);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
