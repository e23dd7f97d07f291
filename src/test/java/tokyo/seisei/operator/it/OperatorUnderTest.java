package tokyo.seisei.operator.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import tokyo.seisei.operator.app.Operator;
import tokyo.seisei.operator.app.OperatorBeans;
import tokyo.seisei.operator.docker.DockerEngine;
import tokyo.seisei.operator.docker.DockerJavaEngine;
import tokyo.seisei.operator.engine.OperatorSettings;
import tokyo.seisei.operator.engine.PassResult;
import tokyo.seisei.operator.engine.Reconciler;
import tokyo.seisei.operator.engine.status.OperatorEvents;
import tokyo.seisei.operator.model.Phase;
import tokyo.seisei.operator.model.StackStatus;
import tokyo.seisei.operator.source.DesiredStateLoader;
import tokyo.seisei.operator.source.Source;
import tokyo.seisei.operator.store.StateLayout;
import tokyo.seisei.operator.store.StatusStore;

/** The operator's real classes on the lab's real engine, with a desired-state dir and a state dir of the test's own. */
public final class OperatorUnderTest implements AutoCloseable {

    /*
     * The log levels of application.properties, which Quarkus sets as it starts, and an operator in this JVM starts
     * no Quarkus: every logger would be at ALL, and httpclient5 would render each byte of the engine's answers for a
     * wire log nobody reads (most of the CPU of a pass). Held here, as JUL keeps its loggers only weakly.
     */
    private static final Logger ROOT_LOG = levelled("", Level.WARNING);
    private static final Logger OPERATOR_LOG = levelled("tokyo.seisei", Level.INFO);

    public final Path desiredStateDir;
    public final Path stateDir;
    public final DockerEngine docker;
    public final Operator operator;
    public final Reconciler reconciler;
    private final StatusStore statuses;

    public OperatorUnderTest(Path root) throws IOException {
        this(Files.createDirectories(root.resolve("desired-state")), Files.createDirectories(root.resolve("state")));
    }

    public OperatorUnderTest(Path desiredStateDir, Path stateDir) {
        // 1% free disk is enough here: the tests must not depend on how full the machine's disk is
        this(desiredStateDir, stateDir, 1);
    }

    public OperatorUnderTest(Path desiredStateDir, Path stateDir, int minFreeDiskPercent) {
        this(desiredStateDir, stateDir, minFreeDiskPercent, true);
    }

    public OperatorUnderTest(Path desiredStateDir, Path stateDir, int minFreeDiskPercent, boolean promotionRequired) {
        this(Source.folder(desiredStateDir), stateDir, minFreeDiskPercent, promotionRequired);
    }

    /** Reading the desired state from the source given: a folder, or a git repository's checkout. */
    public OperatorUnderTest(Source source, Path stateDir) {
        this(source, stateDir, 1, true);
    }

    /** On the engine given, e.g. one pulling with the registry credentials of a test's own Docker config. */
    public OperatorUnderTest(Path desiredStateDir, Path stateDir, DockerEngine docker) {
        this(Source.folder(desiredStateDir), stateDir, 1, true, docker);
    }

    private OperatorUnderTest(Source source, Path stateDir, int minFreeDiskPercent, boolean promotionRequired) {
        this(source, stateDir, minFreeDiskPercent, promotionRequired, DockerJavaEngine.connect());
    }

    private OperatorUnderTest(Source source, Path stateDir, int minFreeDiskPercent, boolean promotionRequired,
                              DockerEngine docker) {
        this.desiredStateDir = source.folder();
        this.stateDir = stateDir;
        this.docker = docker;
        StateLayout layout = new StateLayout(stateDir);
        this.statuses = new StatusStore(layout);
        this.operator = OperatorBeans.wire(new OperatorSettings(desiredStateDir, layout, Duration.ofSeconds(90),
                        minFreeDiskPercent, 1, Duration.ofSeconds(2)), source,
                new DesiredStateLoader(System.getenv(), promotionRequired), docker, Clock.systemDefaultZone(), OperatorEvents.NONE);
        this.reconciler = operator.reconciler();
    }

    private static Logger levelled(String name, Level level) {
        Logger logger = Logger.getLogger(name);
        logger.setLevel(level);
        return logger;
    }

    public PassResult reconcile(String... stacks) {
        return reconciler.reconcile(List.of(stacks));
    }

    public Phase reconcileOne(String stack) {
        return reconcile(stack).phases().get(stack);
    }

    public void write(String stack, String yaml) {
        Lab.write(desiredStateDir, stack, yaml);
    }

    /** Deletes desired-state/<stack>.yaml, as a person removing the stack from git does. */
    public void remove(String stack) throws IOException {
        Files.delete(desiredStateDir.resolve(stack + ".yaml"));
    }

    public StackStatus status(String stack) {
        return statuses.read(stack).orElseThrow(() -> new AssertionError("no status file for " + stack));
    }

    public Optional<String> containerId(String containerName) {
        return docker.inspectContainer(containerName).map(c -> c.id());
    }

    public List<String> history() throws IOException {
        Path log = stateDir.resolve("deploy-history.log");
        return Files.exists(log) ? Files.readAllLines(log) : List.of();
    }

    public List<String> historyOf(String stack) throws IOException {
        return history().stream().filter(l -> l.contains(" | " + stack + " | ")).toList();
    }

    public List<String> events(String stack) throws IOException {
        Path file = stateDir.resolve("events").resolve(stack + ".jsonl");
        return Files.exists(file) ? Files.readAllLines(file) : List.of();
    }

    public Map<String, String> labels(String containerName) {
        return docker.inspectContainer(containerName).orElseThrow().labels();
    }

    @Override
    public void close() {
        docker.close();
    }
}
