package tokyo.seisei.operator.store;

import java.nio.file.Path;
import java.util.regex.Pattern;
import tokyo.seisei.operator.model.Printable;
import tokyo.seisei.operator.model.StackName;

/**
 * The files under the state dir, laid out as the runbook had them, so its habits keep working:
 * {@code deploy-history.log}, {@code releases/verified/<stack>.txt}, {@code backups/<stack>/<stamp>/}.
 * A path is built only from a name that keeps the stack name rule ({@link StackName}); any other name is
 * refused with an {@link IllegalArgumentException}, so no name can reach a file outside its folder.
 */
public record StateLayout(Path root) {

    /** The service name rule of the stack file: a name that keeps it is one plain file name. */
    private static final Pattern SERVICE = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]*");

    public Path status(String stack) {
        return root.resolve("status").resolve(checked(stack) + ".yaml");
    }

    public Path statusDir() {
        return root.resolve("status");
    }

    public Path history() {
        return root.resolve("deploy-history.log");
    }

    public Path events(String stack) {
        return root.resolve("events").resolve(checked(stack) + ".jsonl");
    }

    /** {@code backups/<stack>/}: one folder per backup, named {@code YYYYMMDD_HHMMSS}. */
    public Path backups(String stack) {
        return root.resolve("backups").resolve(checked(stack));
    }

    /** The desired-state file of the version that runs, saved at each successful deploy; backups copy it. */
    public Path applied(String stack) {
        return root.resolve("applied").resolve(checked(stack) + ".yaml");
    }

    /** The runbook's file: the latest version verified by a successful smoke. */
    public Path verified(String stack) {
        return verifiedDir().resolve(checked(stack) + ".txt");
    }

    public Path verifiedDir() {
        return root.resolve("releases").resolve("verified");
    }

    /** Every verified release of the stack, one JSON line each. */
    public Path ledger(String stack) {
        return ledgerDir().resolve(checked(stack) + ".jsonl");
    }

    public Path ledgerDir() {
        return root.resolve("releases").resolve("ledger");
    }

    /** The operation under way on a stack, written before each action that changes the engine, so a restart can settle it. */
    public Path operation(String stack) {
        return operationsDir().resolve(checked(stack) + ".json");
    }

    public Path operationsDir() {
        return root.resolve("operations");
    }

    /** The host-local pause of a stack, or of the whole host for {@link PauseStore#ALL}. */
    public Path pause(String stack) {
        return pauseDir().resolve(PauseStore.ALL.equals(stack) ? stack : checked(stack));
    }

    public Path pauseDir() {
        return root.resolve("pause");
    }

    /** {@code git/}: the clone of the desired-state repository, when the desired state is followed from git. */
    public Path git() {
        return root.resolve("git");
    }

    /** The file lock that keeps two processes from working on one stack at once. */
    public Path lock(String stack) {
        return root.resolve("locks").resolve(checked(stack) + ".lock");
    }

    /** {@code failed/<stack>/}: what the containers of the stack's last failed version wrote, one file per service. */
    public Path failedLogs(String stack) {
        return root.resolve("failed").resolve(checked(stack));
    }

    /** {@code failed/<stack>/<service>.log}: the last lines a service's container of a failed version wrote. */
    public Path failedLog(String stack, String service) {
        if (service == null || service.length() > 200 || !SERVICE.matcher(service).matches()) {
            throw new IllegalArgumentException("'" + Printable.excerpt(String.valueOf(service))
                    + "' is not a service name: letters, digits, '_', '.' and '-', starting with a letter or a digit");
        }
        return failedLogs(stack).resolve(service + ".log");
    }

    /** The subnet given to each network the operator created, by stack ({@link NetworkPool}). */
    public Path networkPool() {
        return root.resolve("network-pool.json");
    }

    /** Held while the network subnets are read and replaced; the file itself is renamed over, so it cannot hold a lock. */
    public Path networkPoolLock() {
        return root.resolve("locks").resolve(".network-pool.lock");
    }

    /** When the daemon's last scheduled maintenance run started, as an ISO instant. */
    public Path maintenanceRun() {
        return root.resolve("maintenance").resolve("last-run");
    }

    /** When the images nothing needs were last removed, as an ISO instant. */
    public Path imageCleanup() {
        return root.resolve("maintenance").resolve("image-cleanup.last");
    }

    private static String checked(String stack) {
        return StackName.require(stack);
    }
}
