package tokyo.seisei.operator.engine.status;

import java.util.Optional;
import java.util.function.Consumer;
import tokyo.seisei.operator.engine.steps.Deployment;
import tokyo.seisei.operator.store.OperationRecord;
import tokyo.seisei.operator.store.OperationRecords;

/** The operation records of the stacks: written before each action that changes the engine, read at a restart. */
public final class OperationLog {

    private final OperationRecords records;

    public OperationLog(OperationRecords records) {
        this.records = records;
    }

    /** What a deploy writes before each action it takes. */
    public Consumer<Deployment> of(OperationRecord begun) {
        return deployment -> records.write(begun.at(deployment.step() == null ? null : deployment.step().label(),
                deployment.next(), deployment.replacements(), deployment.failureReason(), deployment.failureMessage(),
                deployment.versionAtFault()));
    }

    public void write(OperationRecord record) {
        records.write(record);
    }

    public Optional<OperationRecord> open(String stack) {
        return records.read(stack);
    }

    /** The operation is closed in the status and the history: nothing is left to settle. */
    public void closed(String stack) {
        records.clear(stack);
    }
}
