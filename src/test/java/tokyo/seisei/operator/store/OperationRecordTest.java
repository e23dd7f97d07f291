package tokyo.seisei.operator.store;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import tokyo.seisei.operator.model.StackStatus;

/** Whether the status's last operation closed a record left behind by a crash, with times to the second. */
class OperationRecordTest {

    static OperationRecord deploy(String version, String revision, String startedAt) {
        return OperationRecord.begun(OperationRecord.DEPLOY, "shop", HistoryLog.DEPLOY, version, "1.1", revision, null,
                startedAt);
    }

    static StackStatus.Operation finished(String action, String version, String revision, String at) {
        return new StackStatus.Operation(action, version, HistoryLog.SUCCESS, revision, "", at);
    }

    @Test
    void aDeployIsClosedByItsOwnLineWrittenInTheSecondItBeganOrLater() {
        assertTrue(deploy("1.2", "rev-a", "2026-11-26T10:00:05Z")
                .closedBy(finished(HistoryLog.DEPLOY, "1.2", "rev-a", "2026-11-26T10:00:05Z")));
        assertTrue(deploy("1.2", "rev-a", "2026-11-26T10:00:05Z")
                .closedBy(finished(HistoryLog.DEPLOY, "1.2", "rev-a", "2026-11-26T10:00:12Z")));
        assertTrue(deploy("1.2", "rev-a", "2026-11-26T10:00:05Z")
                .closedBy(finished(HistoryLog.ROLLBACK, "1.1", "rev-a", "2026-11-26T10:00:05Z")), "failed and rolled back");
    }

    @Test
    void aDeployOfTheSameVersionBegunInTheSecondTheLastOneClosedIsStillOpen() {
        assertFalse(deploy("1.2", "rev-b", "2026-11-26T10:00:05Z")
                .closedBy(finished(HistoryLog.DEPLOY, "1.2", "rev-a", "2026-11-26T10:00:05Z")), "another revision");
        OperationRecord heal = OperationRecord.begun(OperationRecord.DEPLOY, "shop", HistoryLog.HEAL, "1.2", "1.2", "rev-a",
                null, "2026-11-26T10:00:05Z");
        assertFalse(heal.closedBy(finished(HistoryLog.DEPLOY, "1.2", "rev-a", "2026-11-26T10:00:05Z")), "a heal after the deploy");
    }

    @Test
    void anOperationIsNotClosedByALineWrittenBeforeItBegan() {
        assertFalse(deploy("1.2", "rev-a", "2026-11-26T10:00:05Z")
                .closedBy(finished(HistoryLog.DEPLOY, "1.2", "rev-a", "2026-11-26T10:00:04Z")));
        assertFalse(deploy("1.3", "rev-a", "2026-11-26T10:00:05Z")
                .closedBy(finished(HistoryLog.DEPLOY, "1.2", "rev-a", "2026-11-26T10:00:09Z")), "another version");
    }
}
