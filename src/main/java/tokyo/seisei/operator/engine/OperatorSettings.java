package tokyo.seisei.operator.engine;

import java.nio.file.Path;
import java.time.Duration;
import tokyo.seisei.operator.engine.hold.HoldPoints;
import tokyo.seisei.operator.model.Ipv4Subnet;
import tokyo.seisei.operator.store.NetworkPool;
import tokyo.seisei.operator.store.StateLayout;

/**
 * The settings the engine works with, whatever they are read from.
 *
 * @param keepPrevious how many stopped previous containers each service keeps for an instant rollback
 * @param smokeStableFor how long the containers must keep running once every smoke check passed
 * @param rollbackStopTimeout how long a rollback gives a container of the failed version to stop, unless its
 *                            service declares its own stop_grace_period
 * @param networkPool where the networks the operator creates take their subnets from, unless they declare ipam
 * @param backupArchiveDir where a backup past its retention is packed before it is removed, or null for nowhere
 * @param imageCleanup how often the daemon removes the images nothing needs: daily, weekly or never
 * @param keepReleases how many of each stack's last verified releases keep their images
 */
public record OperatorSettings(Path desiredStateDir, StateLayout layout, Duration dependencyTimeout,
                               int minFreeDiskPercent, int keepPrevious, Duration smokeStableFor, HoldPoints holds,
                               int maxConcurrent, Duration rollbackStopTimeout, Ipv4Subnet networkPool,
                               Path backupArchiveDir, ImageCleanupSchedule imageCleanup, int keepReleases) {

    /** Verified releases of each stack whose images stay by default: {@code operator.maintenance.keep-releases}. */
    public static final int KEEP_RELEASES = 3;

    /** Stacks deploying at once by default, smokes left out: {@code operator.max-concurrent}. */
    public static final int MAX_CONCURRENT = 4;

    /** How long a rollback lets a failed container stop by default: {@code operator.rollback.stop-timeout}. */
    public static final Duration ROLLBACK_STOP_TIMEOUT = Duration.ofSeconds(1);

    public OperatorSettings(Path desiredStateDir, StateLayout layout, Duration dependencyTimeout, int minFreeDiskPercent,
                            int keepPrevious, Duration smokeStableFor) {
        this(desiredStateDir, layout, dependencyTimeout, minFreeDiskPercent, keepPrevious, smokeStableFor, HoldPoints.NONE,
                MAX_CONCURRENT, ROLLBACK_STOP_TIMEOUT, NetworkPool.DEFAULT_POOL, null);
    }

    public OperatorSettings(Path desiredStateDir, StateLayout layout, Duration dependencyTimeout, int minFreeDiskPercent,
                            int keepPrevious, Duration smokeStableFor, HoldPoints holds, int maxConcurrent,
                            Duration rollbackStopTimeout, Ipv4Subnet networkPool, Path backupArchiveDir) {
        this(desiredStateDir, layout, dependencyTimeout, minFreeDiskPercent, keepPrevious, smokeStableFor, holds,
                maxConcurrent, rollbackStopTimeout, networkPool, backupArchiveDir, ImageCleanupSchedule.WEEKLY, KEEP_RELEASES);
    }
}
