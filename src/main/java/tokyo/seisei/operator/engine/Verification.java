package tokyo.seisei.operator.engine;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import tokyo.seisei.operator.docker.ContainerSummary;
import tokyo.seisei.operator.docker.DockerEngine;
import tokyo.seisei.operator.engine.gates.StackContext;
import tokyo.seisei.operator.engine.plan.ComposeTakeover;
import tokyo.seisei.operator.engine.plan.DesiredStack;
import tokyo.seisei.operator.engine.plan.KeptContainers;
import tokyo.seisei.operator.engine.plan.Planner;
import tokyo.seisei.operator.engine.plan.StackPlan;
import tokyo.seisei.operator.engine.status.HistoryLine;
import tokyo.seisei.operator.engine.status.Transition;
import tokyo.seisei.operator.engine.steps.ReplaceContainers;
import tokyo.seisei.operator.model.ImageReference;
import tokyo.seisei.operator.source.DesiredStateLoader;
import tokyo.seisei.operator.model.StackStatus.ServiceStatus;
import tokyo.seisei.operator.store.HistoryLog;
import tokyo.seisei.operator.store.ReleaseFiles;
import tokyo.seisei.operator.store.ReleaseLedger;

/**
 * A deploy whose smoke passed: undeclared services pruned when asked, kept containers beyond the limit removed,
 * the desired state recorded as applied, and the version verified (verified file and ledger, with the digests
 * that ran). A heal or a manual rollback verifies nothing new.
 */
public final class Verification {

    private final DockerEngine docker;
    private final ReleaseFiles releases;
    private final ReleaseLedger ledger;
    private final Clock clock;
    private final int keepPrevious;
    private final Planner planner = new Planner();

    public Verification(DockerEngine docker, ReleaseFiles releases, ReleaseLedger ledger, Clock clock, int keepPrevious) {
        this.docker = docker;
        this.releases = releases;
        this.ledger = ledger;
        this.clock = clock;
        this.keepPrevious = keepPrevious;
    }

    Transition verified(StackContext stack, StackPlan plan, boolean heal, Duration smokeTook) {
        DesiredStack desired = plan.desired();
        boolean manual = stack.intent().manual();
        if (desired.prune()) {
            // only once the new version is verified: a rollback could not bring a pruned service back
            for (ContainerSummary container : plan.undeclared()) {
                docker.stopContainer(container.id(), ReplaceContainers.DEFAULT_GRACE);
                docker.removeContainer(container.id());
            }
        }
        removeKeptBeyondLimit(desired, docker.listStackContainers(desired.name()));
        List<ContainerSummary> after = docker.listStackContainers(desired.name());
        List<ServiceStatus> services = stack.observedServices(after, docker);
        Transition ready = stack.ready(planner.plan(desired, after)).observed(services);
        if (!manual) {
            // the bytes deployed, not the file as it is now: a checkout or an edit during the smoke may have changed it
            DesiredStateLoader.contentAt(stack.loaded().file(), stack.loaded().revision()).ifPresentOrElse(
                    deployed -> releases.applied(desired.name(), deployed), () -> releases.forgetApplied(desired.name()));
            ready = ready.latch(null);
        } else {
            // the file of the version gone back to is not known: a later rollback checks its containers alone
            releases.forgetApplied(desired.name());
        }
        if (manual && ledger.find(desired.name(), desired.version()).isPresent()) {
            // a person went back to a version verified here before: the verified file says what runs again
            releases.verified(desired.name(), desired.version());
            ready = ready.verified(desired.version());
        }
        if (!heal && !manual) {
            releases.verified(desired.name(), desired.version());
            ledger.append(desired.name(), new ReleaseLedger.Release(desired.version(), digests(services), desired.revision(),
                    Instant.now(clock).toString(), smokeTook.toMillis() / 1000.0, stack.forceReason() != null,
                    stack.forceReason(), stack.loaded().commit()));
            ready = ready.verified(desired.version());
        }
        HistoryLine line = heal ? HistoryLine.of(HistoryLog.HEAL, desired.version(), HistoryLog.SUCCESS, plan.describe())
                : manual ? HistoryLine.of(stack.intent().action(), desired.version(), HistoryLog.SUCCESS, stack.intent().note())
                : HistoryLine.of(HistoryLog.DEPLOY, desired.version(), HistoryLog.SUCCESS, "").forcedBy(stack.forceReason());
        return adopted(plan).map(ready::record).orElse(ready).record(line);
    }

    /** A deploy that took containers over from docker compose says so first, with the version they ran. */
    private static java.util.Optional<HistoryLine> adopted(StackPlan plan) {
        List<StackPlan.ServiceAction> adoptions = plan.adoptions();
        if (adoptions.isEmpty()) {
            return java.util.Optional.empty();
        }
        String version = ComposeTakeover.versionOf(plan.desired(), adoptions);
        return java.util.Optional.of(HistoryLine.of(HistoryLog.ADOPT, version == null ? HistoryLog.UNKNOWN_VERSION : version,
                HistoryLog.SUCCESS, "from docker compose: " + adoptions.stream()
                        .map(a -> a.service().name() + " " + a.current().name() + " (" + a.current().image() + ")")
                        .collect(java.util.stream.Collectors.joining(", "))));
    }

    /** Keeps the newest {@code keepPrevious} stopped previous containers of each service for rollback. */
    private void removeKeptBeyondLimit(DesiredStack desired, List<ContainerSummary> containers) {
        for (DesiredStack.DesiredService service : desired.services()) {
            KeptContainers.of(containers, service.name()).stream().skip(keepPrevious)
                    .forEach(old -> docker.removeContainer(old.id()));
        }
    }

    /** By service, the image that runs as name@digest, as another stack can pin it. */
    private static Map<String, String> digests(List<ServiceStatus> services) {
        Map<String, String> digests = new TreeMap<>();
        services.stream().filter(s -> s.imageDigest() != null).forEach(s -> digests.put(s.name(),
                ImageReference.parse(s.image()).name() + "@" + s.imageDigest()));
        return digests;
    }
}
