package tokyo.seisei.operator.engine.steps;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import tokyo.seisei.operator.docker.ContainerSummary;
import tokyo.seisei.operator.engine.backup.BackupFailure;
import tokyo.seisei.operator.engine.backup.DatabaseBackup;
import tokyo.seisei.operator.engine.plan.DesiredStack;
import tokyo.seisei.operator.engine.plan.StackPlan;
import tokyo.seisei.operator.model.Reason;

/**
 * Saves the stack's {@code spec.backup} databases before anything of it that runs is replaced; a backup that
 * fails stops the deploy, so nothing is replaced without one.
 */
public final class BackupStep implements Step {

    private final DatabaseBackup backup;

    public BackupStep(DatabaseBackup backup) {
        this.backup = backup;
    }

    @Override
    public StepName name() {
        return StepName.BACKUP;
    }

    @Override
    public String failureReason() {
        return Reason.BACKUP_FAILED;
    }

    @Override
    public StepOutcome run(Deployment deployment) {
        DesiredStack desired = deployment.desired();
        StackPlan plan = deployment.plan();
        if (desired.backup() == null) {
            return StepOutcome.done("no spec.backup: nothing to back up");
        }
        if (plan.changes().stream().noneMatch(StackPlan.ServiceAction::replacesRunning)) {
            boolean somethingRuns = plan.actions().stream().anyMatch(a -> a.current() != null && a.current().running())
                    || plan.undeclared().stream().anyMatch(ContainerSummary::running);
            return StepOutcome.done(somethingRuns ? "nothing that runs is replaced: no backup" : "nothing runs yet: no backup");
        }
        List<ContainerSummary> containers = new ArrayList<>();
        plan.actions().stream().map(StackPlan.ServiceAction::current).filter(Objects::nonNull).forEach(containers::add);
        containers.addAll(plan.undeclared());
        try {
            return StepOutcome.done(backup.backUp(desired, containers, deployment.docker()).describe(desired));
        } catch (BackupFailure e) {
            return StepOutcome.failed(Reason.BACKUP_FAILED, e.getMessage());
        }
    }
}
