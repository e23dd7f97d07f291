package tokyo.seisei.operator.engine.status;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import tokyo.seisei.operator.model.Phase;
import tokyo.seisei.operator.model.Reason;
import tokyo.seisei.operator.model.Secrets;
import tokyo.seisei.operator.model.StackStatus.Condition;
import tokyo.seisei.operator.model.StackStatus;
import tokyo.seisei.operator.source.SourceRevision;

/**
 * The next status of a stack, started from the previous one. What the converge observes (the desired state,
 * the verified version, the promotion) is set here as it is learned; where the stack ends is set only by
 * {@link StackRecorder#apply} from a {@link Transition}.
 */
public final class StatusDraft {

    /** the status as last saved: the one read at the start, then each one written */
    StackStatus previous;
    final String stack;
    String environment;
    Phase phase;
    String reason;
    String message;
    String desiredVersion;
    String currentVersion;
    String observedRevision;
    /** the revision being converged; taken as observed by any transition but a pause */
    String revisionSeen;
    /** the commit whose desired state runs, set when a converge ends Ready */
    StackStatus.SourceCommit source;
    /** the commit the revision being converged came from, or null for a plain folder */
    SourceRevision sourceSeen;
    String failedVersion;
    String verifiedVersion;
    StackStatus.PromotionStatus promotion;
    StackStatus.RetryStatus retry;
    List<StackStatus.ServiceStatus> services;
    StackStatus.Operation lastOperation;
    StackStatus.VerifiedBackup lastVerifiedBackup;
    final List<Condition> extraConditions = new ArrayList<>();
    /** values that must not appear in what is written (substituted secrets) */
    Set<String> secretValues = Set.of();
    /** the reason of a force that took this revision past the promotion gate, or null */
    String forceReason;

    /** the revision the status had acted on when this draft began */
    private final String revisionBefore;

    StatusDraft(String stack, StackStatus previous) {
        this.previous = previous;
        this.stack = stack;
        this.revisionBefore = previous == null ? null : previous.observedRevision();
        if (previous != null) {
            environment = previous.environment();
            phase = previous.phase();
            reason = readyCondition(previous).map(Condition::reason).orElse(null);
            message = previous.message();
            desiredVersion = previous.desiredVersion();
            currentVersion = previous.currentVersion();
            observedRevision = previous.observedRevision();
            source = previous.source();
            failedVersion = previous.failedVersion();
            verifiedVersion = previous.verifiedVersion();
            promotion = previous.promotion();
            retry = previous.retry();
            services = previous.services();
            lastOperation = previous.lastOperation();
            lastVerifiedBackup = previous.lastVerifiedBackup();
        }
    }

    /** What the desired state says, as converged now. */
    public void observe(String environment, String desiredVersion, String revision, Set<String> secretValues) {
        this.environment = environment;
        this.desiredVersion = desiredVersion;
        this.revisionSeen = revision;
        this.secretValues = secretValues;
    }

    /** The same, with the commit the file came from when the desired state is a git repository (else null). */
    public void observe(String environment, String desiredVersion, String revision, Set<String> secretValues,
                        SourceRevision from) {
        observe(environment, desiredVersion, revision, secretValues);
        this.sourceSeen = from;
        if (from != null && from.unreachable() != null) {
            extraConditions.add(new Condition(Condition.SOURCE_UNREACHABLE, "True", Reason.SOURCE_UNREACHABLE,
                    from.unreachable(), null));
        }
    }

    public void observeVerified(String version) {
        this.verifiedVersion = version;
    }

    public void observePromotion(StackStatus.PromotionStatus promotion, String forceReason) {
        this.promotion = promotion;
        this.forceReason = forceReason;
    }

    public Phase phase() {
        return phase;
    }

    public String reason() {
        return reason;
    }

    public String message() {
        return message;
    }

    public String desiredVersion() {
        return desiredVersion;
    }

    public String currentVersion() {
        return currentVersion;
    }

    public String failedVersion() {
        return failedVersion;
    }

    public StackStatus.RetryStatus retry() {
        return retry;
    }

    public List<StackStatus.ServiceStatus> services() {
        return services;
    }

    public StackStatus.Operation lastOperation() {
        return lastOperation;
    }

    /** True when the revision converged now is the one the status last acted on. */
    public boolean sameRevision() {
        return Objects.equals(revisionBefore, revisionSeen);
    }

    public String redact(String text) {
        return Secrets.redact(text, secretValues);
    }

    /** Text a container wrote, to quote: this stack's secrets masked first, then cut to max characters and escaped. */
    public String quoted(String text, int max) {
        return Secrets.quoted(text, secretValues, max);
    }

    /** A Blocked stack's message, naming the commit that brought the desired state it refuses. */
    String blockedMessage(String text) {
        if (sourceSeen == null || text == null) {
            return text;
        }
        String from = "; from " + sourceSeen.describe();
        return text.endsWith(from) ? text : text + from;
    }

    /** The full sha of the commit being converged, for the events journal; null for a plain folder. */
    String commitSeen() {
        return sourceSeen == null ? null : sourceSeen.commit();
    }

    StackStatus build(String now) {
        String since = previous != null && previous.phase() == phase && previous.phaseSince() != null
                ? previous.phaseSince() : now;
        return new StackStatus(stack, environment, phase, since, message, desiredVersion, currentVersion,
                observedRevision, source, failedVersion, verifiedVersion, promotion, phase == Phase.Progressing ? retry : null,
                PhaseConditions.of(phase, reason, message, extraConditions, previous, now), services, lastOperation,
                lastVerifiedBackup, now);
    }

    private static Optional<Condition> readyCondition(StackStatus status) {
        return status.conditions().stream().filter(c -> Condition.READY.equals(c.type())).findFirst();
    }
}
