package tokyo.seisei.operator.engine.backup;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tokyo.seisei.operator.docker.ContainerSpec;
import tokyo.seisei.operator.docker.DockerEngine;
import tokyo.seisei.operator.docker.DockerFailure;
import tokyo.seisei.operator.docker.ExecResult;
import tokyo.seisei.operator.engine.plan.DesiredStack;
import tokyo.seisei.operator.engine.plan.Ownership;
import tokyo.seisei.operator.engine.smoke.SmokeRunner;
import tokyo.seisei.operator.store.BackupManifest;

/**
 * A backup restored where it can hurt nothing: for each database service of the backup, a throwaway container of
 * the service's image as the stack declares it, with its environment but no network, no published port, no volume
 * of the stack and no restart policy, labelled {@link #LABEL} and not {@link DockerEngine#STACK_LABEL}, so no pass
 * ever takes it for a container of the stack. Each dump goes in with the manifest's restore recipe, as
 * {@code stackctl restore} sends it; then spec.backup.verifyQuery runs there. The containers are removed in every
 * case, with their anonymous volumes.
 */
public final class ScratchDatabase {

    /** Carried by a throwaway container only; its value is the stack whose backup it checks. */
    public static final String LABEL = "tokyo.seisei.operator.verify-backup";
    /** How long a throwaway database may take to accept connections. */
    static final Duration READY_WITHIN = Duration.ofMinutes(2);
    /**
     * Its healthcheck must pass this many times in a row, a second apart: an image's first start may answer on a
     * temporary server that it stops again before the real one starts (PostgreSQL's entrypoint does).
     */
    static final int READY_IN_A_ROW = 3;
    static final Duration READY_POLL = Duration.ofSeconds(1);
    static final Duration CHECK_DEADLINE = Duration.ofSeconds(30);
    static final Duration QUERY_DEADLINE = Duration.ofMinutes(5);
    /** The answer of the verify query kept in verification.json, in characters. */
    public static final int ANSWER_LIMIT = 500;

    /** A backup that did not restore: the reason names the step and quotes the engine or the command. */
    public static final class Failed extends RuntimeException {
        Failed(String message) {
            super(message);
        }
    }

    private final DockerEngine docker;
    private final DumpRestore restore;
    private final SmokeRunner.Sleeper sleeper;
    private final Clock clock;
    private final Ownership ownership;

    public ScratchDatabase(DockerEngine docker, DumpRestore restore, SmokeRunner.Sleeper sleeper, Clock clock,
                           Ownership ownership) {
        this.docker = docker;
        this.ownership = ownership;
        this.restore = restore;
        this.sleeper = sleeper;
        this.clock = clock;
    }

    /**
     * Restores every dump of the backup into throwaway containers and runs the verify query in the one of the
     * first database.
     *
     * @param verifyQuery empty for none
     * @return the query's answer, trimmed and cut to {@link #ANSWER_LIMIT}; empty without a query
     * @throws Failed when a container cannot be started or made ready, a restore or the query fails
     */
    public Optional<String> check(DesiredStack desired, String backupId, Path folder, BackupManifest manifest,
                                  List<String> verifyQuery) {
        Map<String, List<BackupManifest.Database>> byService = new LinkedHashMap<>();
        manifest.databases().forEach(db -> byService.computeIfAbsent(db.service(), s -> new ArrayList<>()).add(db));
        List<String> started = new ArrayList<>();
        try {
            String first = null;
            for (Map.Entry<String, List<BackupManifest.Database>> entry : byService.entrySet()) {
                DesiredStack.DesiredService service = desired.service(entry.getKey());
                if (service == null) {
                    throw new Failed("service " + entry.getKey() + " of the backup is no longer in the stack");
                }
                String id = start(desired.name(), backupId, service.name(), service.spec(), started);
                awaitReady(service.spec(), id);
                for (BackupManifest.Database db : entry.getValue()) {
                    restore.restoreInto(id, folder, db).ifPresent(why -> {
                        throw new Failed(why);
                    });
                }
                first = first == null ? id : first;
            }
            return verifyQuery.isEmpty() || first == null ? Optional.empty() : Optional.of(query(first, verifyQuery));
        } finally {
            started.forEach(this::removeQuietly);
        }
    }

    /**
     * The throwaway containers this operator made that are still on the engine, by stack: a verification ends by
     * removing its own, so these are left by a process killed during one, or belong to a verification running now.
     */
    public Map<String, List<String>> leftovers() {
        Map<String, List<String>> byStack = new LinkedHashMap<>();
        docker.listContainersLabelled(LABEL).stream()
                .filter(c -> ownership.owns(c.labels(), List.of()))
                .forEach(c -> byStack.computeIfAbsent(c.labels().get(LABEL), s -> new ArrayList<>()).add(c.id()));
        return byStack;
    }

    /** Removes a throwaway container; a failure is logged, never thrown (it holds nothing of value). */
    public void remove(String id) {
        removeQuietly(id);
    }

    /** The name of the throwaway container of one service: a stack's own names never hold a '.' after the stack. */
    static String nameOf(String stack, String backupId, String service) {
        return "verify." + stack + "." + backupId + "." + service;
    }

    private String start(String stack, String backupId, String service, ContainerSpec live, List<String> started) {
        String name = nameOf(stack, backupId, service);
        docker.inspectContainer(name).filter(c -> stack.equals(c.labels().get(LABEL)))
                .ifPresent(leftover -> removeQuietly(leftover.id())); // a crash left it: it holds nothing of value
        if (docker.inspectImage(live.image()).isEmpty()) {
            docker.pull(live.image(), live.platform());
        }
        ContainerSpec scratch = ownership.label(new ContainerSpec(name, live.image(), live.command(), live.entrypoint(), live.env(),
                Map.of(LABEL, stack), List.of(), List.of(), List.of(new ContainerSpec.NetworkAttachment("none", List.of())),
                null, new ContainerSpec.Healthcheck(List.of("NONE"), null, null, null, null), live.user(),
                live.workingDir(), List.of(), live.stopGraceSeconds(), live.stopSignal(), null));
        String id;
        try {
            id = docker.createContainer(scratch);
        } catch (DockerFailure e) {
            throw new Failed("cannot create the throwaway container of " + live.image() + ": " + e.getMessage());
        }
        started.add(id);
        try {
            docker.startContainer(id);
        } catch (DockerFailure e) {
            throw new Failed("cannot start the throwaway container of " + live.image() + ": " + e.getMessage());
        }
        return id;
    }

    /** Runs the service's own healthcheck command in the container until it passes {@link #READY_IN_A_ROW} times. */
    private void awaitReady(ContainerSpec live, String id) {
        List<String> check = commandOf(live.healthcheck());
        Instant until = clock.instant().plus(READY_WITHIN);
        int inARow = 0;
        String last = "no answer yet";
        while (inARow < READY_IN_A_ROW) {
            if (clock.instant().isAfter(until)) {
                throw new Failed("the throwaway database did not accept connections within " + READY_WITHIN.toSeconds()
                        + "s: " + last);
            }
            if (docker.inspectContainer(id).filter(c -> c.running()).isEmpty()) {
                throw new Failed("the throwaway database stopped: " + docker.logs(id, 5).strip());
            }
            if (check.isEmpty()) {
                inARow++;
            } else {
                ExecResult result = docker.exec(id, check, null, null, CHECK_DEADLINE);
                inARow = result.succeeded() ? inARow + 1 : 0;
                last = String.join(" ", check) + " exited with code " + result.exitCode();
            }
            pause();
        }
    }

    /** The healthcheck as a command to exec: CMD's words, CMD-SHELL's text through sh; none for NONE or no check. */
    static List<String> commandOf(ContainerSpec.Healthcheck healthcheck) {
        if (healthcheck == null || healthcheck.test() == null || healthcheck.test().size() < 2) {
            return List.of();
        }
        List<String> test = healthcheck.test();
        return switch (test.get(0)) {
            case "CMD" -> List.copyOf(test.subList(1, test.size()));
            case "CMD-SHELL" -> List.of("/bin/sh", "-c", test.get(1));
            default -> List.of();
        };
    }

    private String query(String id, List<String> verifyQuery) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ExecResult result;
        try {
            result = docker.exec(id, verifyQuery, null, new Bounded(out), QUERY_DEADLINE);
        } catch (DockerFailure e) {
            throw new Failed("the verify query (" + verifyQuery.get(0) + "): " + e.getMessage());
        }
        if (!result.succeeded()) {
            throw new Failed("the verify query (" + verifyQuery.get(0) + ") exited with code " + result.exitCode() + ": "
                    + result.stderr().strip());
        }
        String answer = out.toString(StandardCharsets.UTF_8).strip();
        return answer.length() > ANSWER_LIMIT ? answer.substring(0, ANSWER_LIMIT) + "..." : answer;
    }

    private void pause() {
        try {
            sleeper.sleep(READY_POLL);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Failed("interrupted while waiting for the throwaway database");
        }
    }

    private void removeQuietly(String id) {
        try {
            docker.removeContainer(id);
        } catch (DockerFailure e) {
            org.jboss.logging.Logger.getLogger(ScratchDatabase.class).warnf("cannot remove the throwaway container %s"
                    + " (label %s): %s", id, LABEL, e.getMessage());
        }
    }

    /** Keeps the first bytes of a long answer and drops the rest, so a query that prints a table cannot fill memory. */
    private static final class Bounded extends java.io.OutputStream {
        private static final int LIMIT = ANSWER_LIMIT * 4 + 4;
        private final ByteArrayOutputStream out;

        Bounded(ByteArrayOutputStream out) {
            this.out = out;
        }

        @Override
        public void write(int b) {
            if (out.size() < LIMIT) {
                out.write(b);
            }
        }

        @Override
        public void write(byte[] b, int off, int len) {
            int room = Math.max(0, LIMIT - out.size());
            out.write(b, off, Math.min(room, len));
        }
    }
}
