package tokyo.seisei.operator.engine;

import tokyo.seisei.operator.engine.status.OperationLog;
import tokyo.seisei.operator.store.OperationRecord;

/**
 * A request refused before anything was changed: an unknown stack, a stack that is not paused, no earlier
 * version. The message says what to do instead.
 */
public final class Refused extends RuntimeException {

    public Refused(String message) {
        super(message);
    }

    /** A deploy or rollback that a restart cut short is settled by the next converge of the stack, before anything else. */
    static void unlessSettled(OperationLog operations, String stack) {
        operations.open(stack).filter(r -> r.stage() != OperationRecord.Stage.RESTORING).ifPresent(r -> {
            throw new Refused("an interrupted " + r.kind() + " of " + stack + " is not settled yet; stackctl reconcile "
                    + stack + " settles it first");
        });
    }
}
