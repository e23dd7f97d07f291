package tokyo.seisei.operator.engine;

import java.nio.file.Path;
import java.time.Duration;
import tokyo.seisei.operator.engine.hold.HoldPoints;
import tokyo.seisei.operator.store.StateLayout;

/**
 * The settings the engine works with, whatever they are read from.
 *
 * @param keepPrevious how many stopped previous containers each service keeps for an instant rollback
 * @param smokeStableFor how long the containers must keep running once every smoke check passed
 * @param backupArchiveDir where a backup past its retention is packed before it is removed, or null for nowhere
 */
public record OperatorSettings(Path desiredStateDir, StateLayout layout, Duration dependencyTimeout,
                               int minFreeDiskPercent, int keepPrevious, Duration smokeStableFor, HoldPoints holds,
                               int maxConcurrent, Path backupArchiveDir) {

    public OperatorSettings(Path desiredStateDir, StateLayout layout, Duration dependencyTimeout, int minFreeDiskPercent,
                            int keepPrevious, Duration smokeStableFor, HoldPoints holds, int maxConcurrent) {
        this(desiredStateDir, layout, dependencyTimeout, minFreeDiskPercent, keepPrevious, smokeStableFor, holds,
                maxConcurrent, null);
    }

    /** Stacks converged at once by default: {@code operator.max-concurrent}. */
    public static final int MAX_CONCURRENT = 4;

    public OperatorSettings(Path desiredStateDir, StateLayout layout, Duration dependencyTimeout, int minFreeDiskPercent,
                            int keepPrevious, Duration smokeStableFor) {
        this(desiredStateDir, layout, dependencyTimeout, minFreeDiskPercent, keepPrevious, smokeStableFor, HoldPoints.NONE,
                MAX_CONCURRENT);
    }
}
