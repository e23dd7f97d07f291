package tokyo.seisei.operator.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import tokyo.seisei.operator.docker.DockerEngine;

/**
 * What an integration test on the lab needs, made on demand and removed after the test: its own folders
 * (desired-state and state), unique stack names, the operator's classes on those folders, stackctl and daemons
 * run as people run them; afterwards every command still running is stopped and every container, network and volume of the
 * test's stacks removed. Register it on an instance field, before the fields that use it:
 *
 * <pre>
 * &#64;RegisterExtension
 * final LabExtension lab = new LabExtension();
 * final String stack = lab.stack("web");
 * final OperatorUnderTest operator = lab.operator();
 * </pre>
 */
public final class LabExtension implements AfterEachCallback {

    private final List<String> stacks = new ArrayList<>();
    private final List<AutoCloseable> operators = new ArrayList<>();
    private final List<Running> started = new ArrayList<>();
    private Path root;
    private OperatorUnderTest operator;

    /** A stack name no other test run uses, e.g. it-3f9a1c-web; its containers, networks and volumes go after the test. */
    public String stack(String suffix) {
        return adopt(Lab.uniqueStack(suffix));
    }

    /** A stack name chosen by the test (e.g. a shipped stack); cleaned up after the test like the unique ones. */
    public String adopt(String stack) {
        stacks.add(stack);
        return stack;
    }

    /** The test's own folder, removed after the test (kept when the test failed, for a look). */
    public Path root() {
        if (root == null) {
            try {
                root = Files.createTempDirectory("it-lab-");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return root;
    }

    public Path desiredStateDir() {
        return folder("desired-state");
    }

    public Path stateDir() {
        return folder("state");
    }

    private Path folder(String name) {
        try {
            return Files.createDirectories(root().resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The operator's real classes on the test's folders, made once per test and closed after it. */
    public OperatorUnderTest operator() {
        if (operator == null) {
            operator = closedAfter(new OperatorUnderTest(desiredStateDir(), stateDir()));
        }
        return operator;
    }

    /** Another operator on the test's state folder, with its own desired-state folder and settings. */
    public OperatorUnderTest operator(Path desiredStateDir, int minFreeDiskPercent, boolean promotionRequired) {
        return closedAfter(new OperatorUnderTest(desiredStateDir, stateDir(), minFreeDiskPercent, promotionRequired));
    }

    /** Another operator on the test's folders, on the engine given (closed after the test with the operator). */
    public OperatorUnderTest operator(DockerEngine docker) {
        return closedAfter(new OperatorUnderTest(desiredStateDir(), stateDir(), docker));
    }

    private OperatorUnderTest closedAfter(OperatorUnderTest made) {
        operators.add(made);
        return made;
    }

    /** The packaged application on the test's folders, as a person runs stackctl; a new one each call. */
    public Stackctl stackctl() {
        return new Stackctl(desiredStateDir(), stateDir());
    }

    /** Writes desired-state/<stack>.yaml of the test. */
    public void write(String stack, String yaml) {
        Lab.write(desiredStateDir(), stack, yaml);
    }

    /** Starts stackctl run on the test's folders; stopped after the test at the latest. */
    public Running daemon(Stackctl stackctl) {
        return start(stackctl, "run");
    }

    /** Starts a stackctl command and returns at once; it is stopped after the test at the latest. */
    public Running start(Stackctl stackctl, String... args) {
        Path log = root().resolve(args[0] + "-" + (started.size() + 1) + ".log");
        try {
            Running running = new Running(stackctl.start(log, args), log);
            started.add(running);
            return running;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A stackctl command started in the background, and its output (stdout and stderr). */
    public static final class Running {
        private final Process process;
        private final Path log;

        Running(Process process, Path log) {
            this.process = process;
            this.log = log;
        }

        public Process process() {
            return process;
        }

        /** Stops the command as a person would (SIGTERM) and waits for it to end. */
        public void stop() {
            if (process.isAlive()) {
                process.destroy();
                try {
                    if (!process.waitFor(30, TimeUnit.SECONDS)) {
                        process.destroyForcibly().waitFor();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        public String log() {
            try {
                return Files.readString(log, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        // first what could still change the engine, then what the test made on it, then its folders;
        // each step is taken even when one before it failed
        List<Exception> failures = new ArrayList<>();
        for (Running command : started) {
            attempt(failures, command::stop);
        }
        for (AutoCloseable made : operators) {
            attempt(failures, made::close);
        }
        attempt(failures, () -> Lab.cleanUp(stacks.toArray(String[]::new)));
        if (root != null) {
            if (context.getExecutionException().isPresent()) {
                System.out.println(context.getDisplayName() + " failed; its folders are kept: " + root);
            } else {
                attempt(failures, () -> delete(root));
            }
        }
        if (!failures.isEmpty()) {
            Exception first = failures.get(0);
            failures.subList(1, failures.size()).forEach(first::addSuppressed);
            throw first;
        }
    }

    private interface Step {
        void run() throws Exception;
    }

    private static void attempt(List<Exception> failures, Step step) {
        try {
            step.run();
        } catch (Exception e) {
            failures.add(e);
        }
    }

    private static void delete(Path folder) throws IOException {
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
