package tokyo.seisei.operator.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code stackctl maintenance} on the real engine: a stack deployed through four versions of images of its own
 * (their own image ids, so no other test's image is ever at stake) keeps the image of its running container, of its
 * kept previous container and of its last verified releases; the oldest goes, after a dry run that lists it. An
 * image no stack names, even unused, and another name of the lab's PostgreSQL are left alone.
 */
class ImageCleanupIT {

    @RegisterExtension
    final LabExtension lab = new LabExtension();
    final String stack = lab.stack("imgs");
    final String repository = "localhost:5000/" + stack + "/app";
    final int port = Lab.freePort();

    @Test
    void maintenanceRemovesOnlyTheOldImageNothingNeeds() throws Exception {
        for (String version : List.of("v1", "v2", "v3", "v4")) {
            build(repository + ":" + version);
            Lab.docker("push", "-q", repository + ":" + version);
            Lab.docker("rmi", repository + ":" + version); // the operator pulls it, as from any registry
        }
        String tool = "localhost:5000/" + stack + "/tool:1";
        build(tool); // unused, and its own image: but no stack names it
        String otherPostgres = "localhost:5000/" + stack + "/pg:15";
        Lab.docker("pull", "-q", Lab.POSTGRES);
        Lab.docker("tag", Lab.POSTGRES, otherPostgres);

        Stackctl stackctl = lab.stackctl().with("OPERATOR_SMOKE_STABLE_FOR", "1s")
                .with("OPERATOR_MAINTENANCE_KEEP_RELEASES", "3");
        for (String version : List.of("v1", "v2", "v3", "v4")) {
            lab.write(stack, StackFixtures.inRepository(StackFixtures.smokedApp(stack, version, port, "30s"), repository));
            Lab.Result deployed = stackctl.run("reconcile", stack);
            assertEquals(0, deployed.exitCode(), deployed.output() + deployed.errors());
        }
        assertEquals(repository + ":v4", Lab.docker("inspect", "-f", "{{.Config.Image}}", stack + "-web"));
        assertTrue(present(repository + ":v1"), "the first version's image is still on the engine, unused");
        String kept = Lab.docker("ps", "-a", "--filter", "label=tokyo.seisei.operator.stack=" + stack, "--format", "{{.Image}}");
        assertEquals(List.of(repository + ":v3", repository + ":v4"), kept.lines().sorted().toList(),
                "v4 runs and v3 is kept for rollback");

        Lab.Result dryRun = stackctl.run("maintenance", "--dry-run");
        assertEquals(0, dryRun.exitCode(), dryRun.errors());
        List<String> wouldGo = dryRun.output().lines().filter(l -> l.startsWith("would remove image")).toList();
        assertEquals(1, wouldGo.size(), dryRun.output());
        assertTrue(wouldGo.get(0).startsWith("would remove image " + repository + ":v1 ("), dryRun.output());
        assertTrue(dryRun.output().contains("image cleanup would free up to "), dryRun.output());
        assertTrue(present(repository + ":v1"), "a dry run removes nothing");

        Lab.Result cleaned = stackctl.run("maintenance");
        assertEquals(0, cleaned.exitCode(), cleaned.errors());
        assertTrue(cleaned.output().contains("removed image " + repository + ":v1 ("), cleaned.output());
        assertTrue(cleaned.output().contains("image cleanup freed up to "), cleaned.output());
        assertFalse(present(repository + ":v1"), "the old unused version is gone");
        for (String stays : List.of(repository + ":v2", repository + ":v3", repository + ":v4", tool, otherPostgres,
                Lab.POSTGRES)) {
            assertTrue(present(stays), stays + " stays");
        }
        assertEquals("running", Lab.docker("inspect", "-f", "{{.State.Status}}", stack + "-web"));
        assertEquals("200 ok", Lab.get(port, "/health"));

        Lab.Result again = stackctl.run("maintenance", "--dry-run");
        assertFalse(again.output().contains("would remove image"), again.output());
    }

    /** An image of its own: the lab app with a label naming it, so its id is no other image's. */
    private void build(String image) {
        String lab = Lab.APP + ":sha-1a2b3c4";
        Lab.docker("pull", "-q", lab);
        String container = Lab.docker("create", lab);
        try {
            Lab.docker("commit", "--change", "LABEL tokyo.seisei.test.image=" + image, container, image);
        } finally {
            Lab.docker("rm", container);
        }
        assertNotEquals(Lab.docker("image", "inspect", "-f", "{{.Id}}", lab), Lab.docker("image", "inspect", "-f", "{{.Id}}", image));
    }

    private static boolean present(String image) {
        return Lab.run(List.of(Files.isExecutable(Path.of("/usr/bin/docker")) ? "/usr/bin/docker" : "docker",
                "image", "inspect", image)).exitCode() == 0;
    }
}
