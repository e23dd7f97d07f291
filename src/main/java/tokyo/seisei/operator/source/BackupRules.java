package tokyo.seisei.operator.source;

import tokyo.seisei.operator.model.StackSpec;

/** The rules of spec.backup. */
final class BackupRules {

    private final ProblemSink sink;

    BackupRules(ProblemSink sink) {
        this.sink = sink;
    }

    void validate(StackSpec spec) {
        if (spec.backup() == null) {
            return;
        }
    }
}
