package tokyo.seisei.operator.cli;

import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import tokyo.seisei.operator.app.RunningDaemons;
import tokyo.seisei.operator.store.StateLayout;

/**
 * What a command that reads or writes the records says about the state dir, on stderr so that stdout stays
 * what it was (a table, the history's lines, JSON): which state dir it used, and, when a daemon runs on another
 * one and none on this, that the person is most likely looking in the wrong place.
 */
@Dependent
public class StateDirNote {

    @Inject
    StateLayout layout;

    RunningDaemons daemons = new RunningDaemons();
    PrintStream err = System.err;

    /** {@code state dir: /srv}, the first line a person sees. */
    void name() {
        err.println("state dir: " + dir());
    }

    /** Nothing was found here: says where a daemon does record, when one runs elsewhere and none here. */
    void noRecords() {
        elsewhere().ifPresent(others -> err.println("no records in " + dir() + "; " + describe(others)));
    }

    /** A pause, resume or retry written here does not reach a daemon that runs on another state dir. */
    void unheard(String what) {
        elsewhere().ifPresent(others -> err.println("warning: " + what + " is recorded in " + dir()
                + ", which no daemon reads; " + describe(others)));
    }

    /** The daemons on other state dirs, when none runs on this one. */
    Optional<List<RunningDaemons.Entry>> elsewhere() {
        List<RunningDaemons.Entry> running = daemons.running();
        if (running.isEmpty() || running.stream().anyMatch(d -> d.holds(dir()))) {
            return Optional.empty();
        }
        return Optional.of(running);
    }

    private static String describe(List<RunningDaemons.Entry> others) {
        if (others.size() == 1) {
            return describe(others.get(0));
        }
        return "daemons run on other state dirs: " + String.join(", ", others.stream()
                .map(d -> d.stateDir() + " (pid " + d.pid() + ")").toList())
                + "; set operator.state-dir (env OPERATOR_STATE_DIR) to the one meant";
    }

    private static String describe(RunningDaemons.Entry other) {
        String hint = "set operator.state-dir (env OPERATOR_STATE_DIR=" + other.stateDir() + ")";
        if (other.workingDir() != null && Files.isRegularFile(Path.of(other.workingDir(), "config", "application.properties"))) {
            hint += " or run stackctl from " + other.workingDir() + ", whose config/application.properties it reads";
        }
        return "a daemon (pid " + other.pid() + ") runs on " + other.stateDir() + ": " + hint;
    }

    Path dir() {
        return layout.root().toAbsolutePath().normalize();
    }
}
