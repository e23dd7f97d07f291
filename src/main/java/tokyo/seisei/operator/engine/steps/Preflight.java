package tokyo.seisei.operator.engine.steps;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import tokyo.seisei.operator.docker.DockerEngine;
import tokyo.seisei.operator.docker.EngineInfo;
import tokyo.seisei.operator.engine.plan.DesiredStack;
import tokyo.seisei.operator.model.Reason;
import tokyo.seisei.operator.store.NetworkPool;

/**
 * Refuses a deploy before anything is touched, listing every check that fails, not only the first: the
 * engine answers, external networks and volumes exist, the networks to create can have a subnet of the pool,
 * and both the Docker data root and the state dir have enough free disk. (The policy checks, no build and no
 * moving tag, are part of validation, which ran before.)
 */
public final class Preflight implements Step {

    private final Path stateDir;
    private final int minFreeDiskPercent;
    private final NetworkPool pool;

    public Preflight(Path stateDir, int minFreeDiskPercent, NetworkPool pool) {
        this.stateDir = stateDir;
        this.minFreeDiskPercent = minFreeDiskPercent;
        this.pool = pool;
    }

    @Override
    public StepName name() {
        return StepName.PREFLIGHT;
    }

    @Override
    public String failureReason() {
        return Reason.PREFLIGHT_FAILED;
    }

    @Override
    public boolean changesSomething() {
        return false;
    }

    @Override
    public StepOutcome run(Deployment deployment) {
        List<String> failures = check(deployment.desired(), deployment.docker());
        return failures.isEmpty()
                ? StepOutcome.done("preflight passed")
                : StepOutcome.blocked(Reason.PREFLIGHT_FAILED, String.join("; ", failures));
    }

    /** Every failing check, each as one phrase that names what to fix; empty when all pass. */
    public List<String> check(DesiredStack desired, DockerEngine docker) {
        EngineInfo engine = docker.info();
        List<String> failures = new ArrayList<>();
        desired.networks().stream().filter(DesiredStack.Resource::external)
                .filter(n -> !docker.networkExists(n.name()))
                .forEach(n -> failures.add(Reason.NETWORK_MISSING + ": external network " + n.name()
                        + " does not exist (docker network create " + n.name() + ")"));
        desired.volumes().stream().filter(DesiredStack.Resource::external)
                .filter(v -> !docker.volumeExists(v.name()))
                .forEach(v -> failures.add(Reason.VOLUME_MISSING + ": external volume " + v.name()
                        + " does not exist (docker volume create " + v.name() + ")"));
        List<String> needSubnets = desired.networks().stream().filter(n -> !n.external() && n.ipam() == null)
                .map(DesiredStack.Resource::name).filter(n -> !docker.networkExists(n)).toList();
        if (!needSubnets.isEmpty()) {
            pool.shortage(desired.name(), needSubnets, () -> PrepareResources.subnetsInUse(docker))
                    .ifPresent(why -> failures.add(Reason.NETWORK_POOL_EXHAUSTED + ": " + why));
        }
        freeDisk("the Docker data root", engine.dockerRootDir() == null ? null : Path.of(engine.dockerRootDir()), failures);
        freeDisk("the state dir", stateDir, failures);
        return failures;
    }

    /**
     * A data root this host cannot see (a remote engine's) is not checked here; a state dir not made yet is
     * checked where it will be made.
     */
    private void freeDisk(String what, Path path, List<String> failures) {
        if (path == null || (!Files.exists(path) && !path.equals(stateDir))) {
            return;
        }
        Path existing = path;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return;
        }
        try {
            FileStore store = Files.getFileStore(existing);
            long percent = store.getTotalSpace() == 0 ? 100 : store.getUsableSpace() * 100 / store.getTotalSpace();
            if (percent < minFreeDiskPercent) {
                failures.add(Reason.DISK_LOW + ": " + what + " " + path + " has " + percent + "% free, needs "
                        + minFreeDiskPercent + "% (operator.preflight.min-free-disk-percent)");
            }
        } catch (IOException e) {
            failures.add(Reason.DISK_LOW + ": cannot read the free space of " + what + " " + path + ": " + e.getMessage());
        }
    }
}
