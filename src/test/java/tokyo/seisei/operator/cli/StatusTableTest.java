package tokyo.seisei.operator.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tokyo.seisei.operator.app.RunningDaemons;
import tokyo.seisei.operator.model.Phase;
import tokyo.seisei.operator.model.StackStatus;
import tokyo.seisei.operator.store.StateLayout;
import tokyo.seisei.operator.store.StatusStore;

class StatusTableTest {

    @TempDir
    Path root;

    private static final String LONG_VERSION = "sha-1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b-build.20261201";

    @Test
    void aLongVersionWidensItsColumnAndEveryColumnStaysInLine() throws IOException {
        StatusStore statuses = new StatusStore(new StateLayout(root));
        statuses.write(status("web", LONG_VERSION, "sha-2b3c4d5", "deploying " + LONG_VERSION));
        statuses.write(status("odoo18-prod-with-a-long-name", "sha-1a2b3c4", "sha-1a2b3c4", "running sha-1a2b3c4"));

        Printed printed = status();

        assertEquals(0, printed.exit);
        List<String> lines = printed.out.lines().toList();
        assertEquals(3, lines.size(), printed.out);
        for (String column : List.of("ENV", "PHASE", "DESIRED", "CURRENT", "VERIFIED", "SINCE", "MESSAGE")) {
            int at = lines.get(0).indexOf(column);
            for (String line : lines.subList(1, 3)) {
                assertTrue(line.charAt(at - 1) == ' ' && line.charAt(at) != ' ',
                        column + " starts at column " + at + " on every line:\n" + printed.out);
            }
        }
        String web = lines.stream().filter(l -> l.startsWith("web ")).findFirst().orElseThrow();
        assertTrue(web.matches("web\\s+staging\\s+Progressing\\s+" + LONG_VERSION + "\\s+sha-2b3c4d5\\s+-\\s+\\d+[smhd]\\s+deploying "
                + LONG_VERSION), web);
        assertEquals("state dir: " + root.toAbsolutePath().normalize() + "\n", printed.err,
                "the state dir is named, on stderr");
    }

    @Test
    void machineOutputsLeaveTheStateDirOut() throws IOException {
        StatusStore statuses = new StatusStore(new StateLayout(root));
        statuses.write(status("web", "sha-1a2b3c4", "sha-1a2b3c4", "running"));
        StatusCommand command = command(root);
        command.output = StatusCommand.Format.json;
        Printed printed = run(command);
        assertTrue(printed.out.startsWith("[ {"), printed.out);
        assertEquals("", printed.err);
    }

    @Test
    void noRecordsHereWhileADaemonRunsOnAnotherStateDirSaysWhere(@TempDir Path runtime, @TempDir Path other) throws IOException {
        RunningDaemons daemons = new RunningDaemons(List.of(runtime));
        daemons.register(other); // this test process plays the daemon
        try {
            StatusCommand command = command(root);
            command.stateDir.daemons = daemons;
            Printed printed = run(command);
            assertEquals(0, printed.exit, "an empty state dir is no error");
            assertEquals("STACK  ENV  PHASE  DESIRED  CURRENT  VERIFIED  SINCE  MESSAGE\n", printed.out);
            assertTrue(printed.err.contains("no records in " + root.toAbsolutePath().normalize() + "; a daemon (pid "
                    + ProcessHandle.current().pid() + ") runs on " + other.toRealPath() + ": set operator.state-dir (env"
                    + " OPERATOR_STATE_DIR=" + other.toRealPath() + ")"), printed.err);

            StatusCommand here = command(other);
            here.stateDir.daemons = daemons;
            assertTrue(run(here).err.lines().noneMatch(l -> l.startsWith("no records")),
                    "the daemon's own state dir: nothing to point at");
        } finally {
            daemons.unregister();
        }
    }

    private static StackStatus status(String stack, String desired, String current, String message) {
        return new StackStatus(stack, "staging", desired.equals(current) ? Phase.Ready : Phase.Progressing,
                Instant.now().minusSeconds(90).toString(), message, desired, current, null, null, null, null, null, null,
                null, null, null, null, null);
    }

    private Printed status() {
        return run(command(root));
    }

    private StatusCommand command(Path dir) {
        StatusStore statuses = new StatusStore(new StateLayout(dir));
        StatusCommand command = new StatusCommand();
        command.statuses = statuses;
        command.output = StatusCommand.Format.table;
        command.stateDir = new StateDirNote();
        command.stateDir.layout = new StateLayout(dir);
        command.stateDir.daemons = new RunningDaemons(List.of(root.resolve("no-runtime")));
        return command;
    }

    private record Printed(int exit, String out, String err) {
    }

    private static Printed run(StatusCommand command) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream stdout = System.out;
        command.stateDir.err = new PrintStream(err, true, StandardCharsets.UTF_8);
        PrintStream stderr = System.err;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(command.stateDir.err);
            int exit = command.call();
            return new Printed(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(stdout);
            System.setErr(stderr);
        }
    }
}
