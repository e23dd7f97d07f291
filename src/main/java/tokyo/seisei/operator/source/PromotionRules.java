package tokyo.seisei.operator.source;

import tokyo.seisei.operator.model.StackName;
import tokyo.seisei.operator.model.StackSpec;

/** The rules of spec.promotion and spec.force within one file; those that need other stacks are in CrossStackChecks. */
final class PromotionRules {

    private final ProblemSink sink;
    private final boolean promotionRequired;

    PromotionRules(ProblemSink sink, boolean promotionRequired) {
        this.sink = sink;
        this.promotionRequired = promotionRequired;
    }

    void validate(StackSpec spec) {
        if (StackSpec.PROD.equals(spec.environment()) && spec.promotion() == null && promotionRequired) {
            sink.error("spec", "spec.promotion is required for a prod stack: name the staging stack whose verified"
                    + " versions it takes (promotion: {from: <stack>}), or say it has none (promotion: {required: false})");
        }
        if (spec.promotion() != null && spec.promotion().optedOut()) {
            if (spec.promotion().from() != null) {
                sink.error("spec.promotion.from", "spec.promotion.from and required: false contradict each other: a stack"
                        + " that takes versions from another one requires them verified there");
            }
        } else if (spec.promotion() != null && (spec.promotion().from() == null || spec.promotion().from().isBlank())) {
            sink.error("spec.promotion", "spec.promotion.from is required: the stack whose verified versions this one takes");
        } else if (spec.promotion() != null && !StackName.isValid(spec.promotion().from())) {
            sink.error("spec.promotion.from", "spec.promotion.from " + StackName.problem(spec.promotion().from()).orElseThrow());
        }
        if (spec.force() != null) {
            validateForce(spec);
        }
    }

    private void validateForce(StackSpec spec) {
        if (spec.force().version() == null || spec.force().version().isBlank()) {
            sink.error("spec.force", "spec.force.version is required: the version to deploy without the promotion gate");
        }
        if (spec.force().reason() == null || spec.force().reason().isBlank()) {
            sink.error("spec.force", "spec.force.reason is required: say why this deploy skips the promotion gate");
        }
        if (spec.force().version() != null && spec.version() != null && !spec.force().version().equals(spec.version())) {
            sink.warning("spec.force.version", "spec.force.version " + spec.force().version() + " differs from spec.version "
                    + spec.version() + ": the force is ignored");
        }
    }
}
