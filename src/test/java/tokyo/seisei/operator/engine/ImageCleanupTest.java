package tokyo.seisei.operator.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static tokyo.seisei.operator.engine.StackYaml.image;
import static tokyo.seisei.operator.engine.StackYaml.stack;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tokyo.seisei.operator.store.ReleaseLedger;
import tokyo.seisei.operator.store.StackLocks;
import tokyo.seisei.operator.store.StateLayout;

/** Which images maintenance removes: only a stack's, used by no container, and older than its last verified releases. */
class ImageCleanupTest {

    @TempDir
    Path root;

    @Test
    void keepsTheImagesOfContainersAndOfTheLastReleasesAndRemovesAnOldUnusedOne() {
        TestOperator op = deployed("v1", "v2", "v3", "v4", "v5");
        op.docker.tag(image("v2"), "localhost:5000/tools/copy:1"); // also someone else's now
        op.docker.foreignImage("localhost:5000/tools/lint:7");
        op.docker.foreignImage(StackYaml.APP + ":latest"); // the stack's repository, but no stack's reference

        ImageCleanup cleanup = cleanup(op, 3);
        String v1 = image("v1") + " (" + shortId(op, "v1") + ", 47.7 MiB, stack shop)";

        assertEquals(List.of(image("v1")), cleanup.unused().stream().map(ImageCleanup.Unused::name).toList(),
                "v5 runs, v4 is the kept container, v3 is among the last 3 releases, v2 is also tagged elsewhere");
        List<String> dryRun = cleanup.run(true);
        assertEquals(List.of("would remove image " + v1,
                "image cleanup would free up to 47.7 MiB (layers shared with kept images stay)"), dryRun);
        assertTrue(op.docker.hasImage(image("v1")), "a dry run removes nothing");

        List<String> removed = cleanup.run(false);

        assertEquals("removed image " + v1, removed.get(0));
        assertEquals("image cleanup freed up to 47.7 MiB (layers shared with kept images stay)", removed.get(1));
        assertFalse(op.docker.hasImage(image("v1")));
        for (String kept : List.of(image("v2"), image("v3"), image("v4"), image("v5"), "localhost:5000/tools/copy:1",
                "localhost:5000/tools/lint:7", StackYaml.APP + ":latest")) {
            assertTrue(op.docker.hasImage(kept), kept);
        }
        assertEquals(List.of(), cleanup.run(false), "nothing more to do");
    }

    @Test
    void aKeptContainerKeepsItsImageOutsideTheLastReleases() {
        TestOperator op = deployed("v1", "v2", "v3");

        assertEquals(List.of(image("v1")), cleanup(op, 1).unused().stream().map(ImageCleanup.Unused::name).toList(),
                "v2 is no longer among the last release, but its container is kept for rollback");
    }

    @Test
    void theImageTheDesiredStateNamesStaysBeforeItsDeployRuns() {
        TestOperator op = deployed("v1", "v2");
        op.write(stack("shop").version("v3"));
        op.docker.pull(image("v3")); // pulled, the container not made yet

        assertEquals(List.of(), cleanup(op, 0).unused().stream().map(ImageCleanup.Unused::name)
                .filter(n -> n.equals(image("v3"))).toList());
    }

    @Test
    void theScheduleIsDailyWeeklyOrNever() {
        assertEquals(ImageCleanupSchedule.WEEKLY, ImageCleanupSchedule.parse("Weekly"));
        assertEquals(java.util.Optional.empty(), ImageCleanupSchedule.parse("never").every());
        IllegalArgumentException wrong = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> ImageCleanupSchedule.parse("hourly"));
        assertEquals("operator.maintenance.image-cleanup must be daily, weekly or never, not hourly", wrong.getMessage());
    }

    @Test
    void theDaemonCleansOncePerPeriod() {
        TestOperator op = deployed("v1", "v2", "v3", "v4", "v5");
        Maintenance maintenance = op.operator.maintenance(); // weekly, keeping 3 releases

        assertTrue(maintenance.cleanImagesIfDue(op.clock.instant()).get(0).startsWith("removed image " + image("v1")));
        op.docker.pull(image("v1"));
        op.clock.advance(Duration.ofDays(6));
        assertEquals(List.of(), maintenance.cleanImagesIfDue(op.clock.instant()), "not due before a week");
        assertTrue(op.docker.hasImage(image("v1")));
        op.clock.advance(Duration.ofDays(1));
        assertFalse(maintenance.cleanImagesIfDue(op.clock.instant()).isEmpty());
        assertFalse(op.docker.hasImage(image("v1")));
    }

    private TestOperator deployed(String... versions) {
        TestOperator op = new TestOperator(root);
        for (String version : versions) {
            op.write(stack("shop").version(version));
            op.passAfter(Duration.ofMinutes(1), "shop");
            assertEquals(version, op.verified("shop").strip());
        }
        return op;
    }

    private static ImageCleanup cleanup(TestOperator op, int keepReleases) {
        StateLayout layout = new StateLayout(op.stateDir);
        return new ImageCleanup(op.operator.desiredState(), new ReleaseLedger(layout), op.docker, new StackLocks(layout),
                keepReleases);
    }

    private static String shortId(TestOperator op, String version) {
        return op.docker.inspectImage(image(version)).orElseThrow().id().replace("sha256:", "").substring(0, 12);
    }
}
