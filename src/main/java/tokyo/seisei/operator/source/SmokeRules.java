package tokyo.seisei.operator.source;

import tokyo.seisei.operator.model.StackSpec;

/** The rules of spec.smoke. */
final class SmokeRules {

    private final ProblemSink sink;

    SmokeRules(ProblemSink sink) {
        this.sink = sink;
    }

    void validate(StackSpec spec) {
        if (spec.smoke() == null) {
            return;
        }
    }
}
