package tokyo.seisei.operator.engine;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tokyo.seisei.operator.docker.ContainerDetails;
import tokyo.seisei.operator.docker.DockerEngine;
import tokyo.seisei.operator.engine.backup.DumpRestore;
import tokyo.seisei.operator.engine.plan.DesiredStack;
import tokyo.seisei.operator.engine.smoke.SmokeResult;
import tokyo.seisei.operator.engine.smoke.SmokeRunner;
import tokyo.seisei.operator.engine.steps.ReplaceContainers;
import tokyo.seisei.operator.store.BackupManifest;

/**
 * The restore itself: the services that depend on the backup's databases are stopped, each dump is piped into
 * its database, they are started again, and the stack's smoke must pass. A container a person had stopped before
 * (the stack is paused for hand work) is left stopped; the smoke then checks the containers that run, alone.
 */
public final class RestoreRun {

    /** @param problems what went wrong, empty when it worked; {@code stopped} the containers stopped and started again */
    record Result(List<String> problems, List<String> stopped) {
    }

    private final DockerEngine docker;
    private final DumpRestore dumps;
    private final SmokeRunner smoke;

    public RestoreRun(DockerEngine docker, DumpRestore dumps, SmokeRunner smoke) {
        this.docker = docker;
        this.dumps = dumps;
        this.smoke = smoke;
    }

    Result run(DesiredStack desired, Path folder, BackupManifest manifest) {
        List<String> problems = new ArrayList<>();
        Set<String> dependents = new LinkedHashSet<>();
        manifest.databases().forEach(db -> dependents.addAll(desired.dependentsOf(db.service())));
        Map<String, String> running = new LinkedHashMap<>();
        desired.services().forEach(s -> docker.inspectContainer(s.spec().name()).filter(ContainerDetails::running)
                .ifPresent(c -> running.put(s.name(), s.spec().name())));
        List<String> stopped = new ArrayList<>();
        try {
            for (String service : dependents) {
                String container = running.get(service);
                if (container != null) {
                    stopped.add(container);
                    docker.stopContainer(container, ReplaceContainers.DEFAULT_GRACE);
                }
            }
            for (BackupManifest.Database db : manifest.databases()) {
                dumps.restore(desired, folder, db).ifPresent(problems::add);
            }
        } finally {
            stopped.forEach(docker::startContainer);
        }
        if (problems.isEmpty()) {
            boolean allRan = running.size() == desired.services().size();
            SmokeResult verdict = allRan ? smoke.run(desired, desired.smoke()) : smoke.run(desired.containersOnly(running), null);
            if (!verdict.passed()) {
                problems.add(verdict.message());
            }
        }
        return new Result(problems, stopped);
    }
}
