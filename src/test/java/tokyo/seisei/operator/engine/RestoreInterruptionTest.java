package tokyo.seisei.operator.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static tokyo.seisei.operator.engine.StackYaml.stack;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tokyo.seisei.operator.model.Phase;
import tokyo.seisei.operator.model.Reason;
import tokyo.seisei.operator.store.HistoryLog;
import tokyo.seisei.operator.store.OperationRecord;
import tokyo.seisei.operator.store.OperationRecords;
import tokyo.seisei.operator.store.StateLayout;

/** A restore's record left behind by a kill: cut short only when its closing line was never written. */
class RestoreInterruptionTest {

    @TempDir
    Path root;

    TestOperator op;
    OperationRecords records;

    /** shop Ready on v1, then a restore of it begun at 13:12:15 whose record is left behind. */
    void restoreLeftItsRecord() {
        op = new TestOperator(root).write(stack("shop"));
        op.pass("shop");
        records = new OperationRecords(new StateLayout(op.stateDir));
        records.write(OperationRecord.begun(OperationRecord.RESTORE, "shop", HistoryLog.RESTORE, "v1", "v1", null, null,
                "2026-11-26T13:12:15Z").restoring("20261126_131000", "20261126_131215", "pipe the dump(s) into the database(s)"));
    }

    @Test
    void aRestoreKilledBeforeItsClosingLineIsReportedCutShort() {
        restoreLeftItsRecord();

        assertEquals(Phase.Failed, op.passAfter(Duration.ofMinutes(1), "shop"));

        assertEquals("False " + Reason.RESTORE_INTERRUPTED, op.condition("shop", "Ready"));
    }

    @Test
    void aRestoreKilledAfterItsClosingLineIsNotReportedCutShort() throws IOException {
        restoreLeftItsRecord();
        // the restore wrote its success line and status; the kill came before its record was removed
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        ObjectNode status = (ObjectNode) yaml.readTree(op.statusFile("shop").toFile());
        status.putObject("lastOperation").put("action", HistoryLog.RESTORE).put("version", "v1")
                .put("result", HistoryLog.SUCCESS).put("message", "20261126_131000").put("finishedAt", "2026-11-26T13:12:40Z");
        Files.writeString(op.statusFile("shop"), yaml.writeValueAsString(status));

        assertEquals(Phase.Ready, op.passAfter(Duration.ofMinutes(1), "shop"), op.status("shop").message());

        assertEquals(Optional.empty(), records.read("shop"), "the record is settled");
        assertTrue(op.history().stream().noneMatch(line -> line.contains("interrupted")), op.history().toString());
    }
}
