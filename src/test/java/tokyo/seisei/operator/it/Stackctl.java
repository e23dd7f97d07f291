package tokyo.seisei.operator.it;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The packaged application, run as a person runs stackctl, with its own desired-state and state dirs. */
final class Stackctl {

    static final String JAR = System.getProperty("operator.jar", "target/quarkus-app/quarkus-run.jar");

    private final Map<String, String> env = new HashMap<>();

    Stackctl(Path desiredStateDir, Path stateDir) {
        env.put("OPERATOR_DESIRED_STATE_DIR", desiredStateDir.toString());
        env.put("OPERATOR_STATE_DIR", stateDir.toString());
        env.put("OPERATOR_PREFLIGHT_MIN_FREE_DISK_PERCENT", "1");
        // as for the operator under test: containers must keep running 2s once the smoke checks pass
        env.put("OPERATOR_SMOKE_STABLE_FOR", "2s");
    }

    Stackctl with(String name, String value) {
        env.put(name, value);
        return this;
    }

    Lab.Result run(String... args) {
        return Lab.run(command(args), env);
    }

    /** Starts a long-running command (the daemon); the caller stops it. */
    Process start(Path log, String... args) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command(args)).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(env);
        return builder.start();
    }

    private static List<String> command(String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", JAR));
        command.addAll(List.of(args));
        return command;
    }
}
