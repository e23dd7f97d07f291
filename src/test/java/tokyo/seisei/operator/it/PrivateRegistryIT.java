package tokyo.seisei.operator.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static tokyo.seisei.operator.it.StackFixtures.app;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tokyo.seisei.operator.docker.DockerJavaEngine;
import tokyo.seisei.operator.docker.RegistryCredentials;
import tokyo.seisei.operator.model.Phase;
import tokyo.seisei.operator.model.StackStatus;

/**
 * Pulls from the lab's registry that wants a password (127.0.0.1:5001), with the credentials a Docker config gives:
 * {@code auths}, {@code credsStore} and {@code credHelpers} with a credential helper of the test's own; and without
 * any, a deploy that fails with {@code PullUnauthorized}, saying what to do, while the running version stays.
 */
class PrivateRegistryIT {

    /** As src/lab/lab.sh pushes them: two lab app tags, behind the lab's user and password. */
    private static final String PRIVATE_APP = "127.0.0.1:5001/lab/app";
    private static final String USER = "lab";
    private static final String PASSWORD = "lab-private-5001";

    @RegisterExtension
    final LabExtension lab = new LabExtension();
    final String stack = lab.stack("private");
    final int port = Lab.freePort();

    @Test
    void authsOfTheDockerConfigLetThePullThrough() throws IOException {
        Path configDir = dockerConfig("{\"auths\": {\"127.0.0.1:5001\": {\"auth\": \"" + base64(USER + ":" + PASSWORD) + "\"}}}");
        OperatorUnderTest operator = operatorWith(configDir, List.of());

        operator.write(stack, privateApp("sha-1a2b3c4"));
        assertEquals(Phase.Ready, operator.reconcileOne(stack), () -> operator.status(stack).message());
        assertEquals("200 sha-1a2b3c4", Lab.get(port, "/version"));
        assertPasswordNowhereUnder(operator.stateDir);
    }

    @Test
    void credsStoreAsksItsHelperForTheRegistry() throws IOException {
        Path bin = helper("labstore");
        OperatorUnderTest operator = operatorWith(dockerConfig("{\"credsStore\": \"labstore\", \"auths\": {\"127.0.0.1:5001\": {}}}"),
                List.of(bin));

        operator.write(stack, privateApp("sha-1a2b3c4"));
        assertEquals(Phase.Ready, operator.reconcileOne(stack), () -> operator.status(stack).message());
        assertEquals("200 sha-1a2b3c4", Lab.get(port, "/version"));
        assertEquals("get 127.0.0.1:5001", Files.readString(bin.resolve("asked")));
        assertPasswordNowhereUnder(operator.stateDir);
    }

    @Test
    void credHelpersNameTheHelperOfThisRegistry() throws IOException {
        Path bin = helper("labhelper");
        // the default helper does not exist: only the registry's own is asked
        OperatorUnderTest operator = operatorWith(dockerConfig(
                "{\"credsStore\": \"absent\", \"credHelpers\": {\"127.0.0.1:5001\": \"labhelper\"}}"), List.of(bin));

        operator.write(stack, privateApp("sha-2b3c4d5"));
        assertEquals(Phase.Ready, operator.reconcileOne(stack), () -> operator.status(stack).message());
        assertEquals("200 sha-2b3c4d5", Lab.get(port, "/version"));
        assertEquals("get 127.0.0.1:5001", Files.readString(bin.resolve("asked")));
    }

    @Test
    void withoutCredentialsTheDeployFailsSayingWhatToDoAndTheRunningVersionStays() throws IOException {
        Path configDir = dockerConfig("{\"auths\": {\"127.0.0.1:5001\": {\"auth\": \"" + base64(USER + ":" + PASSWORD) + "\"}}}");
        OperatorUnderTest operator = operatorWith(configDir, List.of());
        operator.write(stack, privateApp("sha-1a2b3c4"));
        assertEquals(Phase.Ready, operator.reconcileOne(stack), () -> operator.status(stack).message());
        String runningId = operator.containerId(stack + "-web").orElseThrow();

        // the person logged out (docker logout leaves the file without the registry)
        writeConfig(configDir, "{\"auths\": {}}");
        operator.write(stack, privateApp("sha-2b3c4d5"));
        assertEquals(Phase.Degraded, operator.reconcileOne(stack));

        assertEquals(runningId, operator.containerId(stack + "-web").orElseThrow(), "nothing was replaced");
        assertEquals("200 sha-1a2b3c4", Lab.get(port, "/version"));
        StackStatus status = operator.status(stack);
        assertEquals("PullUnauthorized", status.conditions().get(0).reason());
        assertEquals("sha-1a2b3c4", status.currentVersion());
        String configFile = configDir.resolve("config.json").toString();
        assertEquals("pull " + PRIVATE_APP + ":sha-2b3c4d5 failed: Cannot pull image " + PRIVATE_APP + ":sha-2b3c4d5: the registry"
                + " refused it: Head \"http://127.0.0.1:5001/v2/lab/app/manifests/sha-2b3c4d5\": no basic auth credentials;"
                + " no credentials for 127.0.0.1:5001 from auths of " + configFile + ": run docker login 127.0.0.1:5001 as "
                + System.getProperty("user.name") + " (the user the operator runs as), or name a credential helper for it in "
                + configFile + "; then stackctl retry " + stack, status.message());
        List<String> failed = operator.historyOf(stack).stream().filter(l -> l.contains("| fail |")).toList();
        assertEquals(1, failed.size(), failed::toString);
        assertTrue(failed.get(0).contains(" | deploy | sha-2b3c4d5 | fail | pull " + PRIVATE_APP + ":sha-2b3c4d5 failed"),
                failed.get(0));
        assertTrue(operator.events(stack).stream().anyMatch(e -> e.contains("\"PullUnauthorized\"")), "the step's event");

        // a wrong password is told apart from none
        writeConfig(configDir, "{\"auths\": {\"127.0.0.1:5001\": {\"auth\": \"" + base64(USER + ":not-" + PASSWORD) + "\"}}}");
        operator.operator.operations().retry(stack);
        assertEquals(Phase.Degraded, operator.reconcileOne(stack));
        assertTrue(operator.status(stack).message().contains("unauthorized: authentication required; the credentials for"
                + " 127.0.0.1:5001 from auths of " + configFile + " were refused: run docker login 127.0.0.1:5001 as "),
                operator.status(stack).message());

        // logged in again: the next pull reads the file again, and the retry deploys
        writeConfig(configDir, "{\"auths\": {\"127.0.0.1:5001\": {\"auth\": \"" + base64(USER + ":" + PASSWORD) + "\"}}}");
        operator.operator.operations().retry(stack);
        assertEquals(Phase.Ready, operator.reconcileOne(stack), () -> operator.status(stack).message());
        assertEquals("200 sha-2b3c4d5", Lab.get(port, "/version"));
        assertPasswordNowhereUnder(operator.stateDir);
    }

    @Test
    void stackctlReadsDockerConfigOrItsSettingAndFindsTheHelperOnItsPath() throws IOException {
        Path bin = helper("labstore");
        Path configDir = dockerConfig("{\"credsStore\": \"labstore\"}");
        String path = bin + ":" + System.getenv("PATH");

        lab.write(stack, privateApp("sha-1a2b3c4"));
        Lab.Result first = lab.stackctl().with("DOCKER_CONFIG", configDir.toString()).with("PATH", path).run("reconcile", stack);
        assertEquals(0, first.exitCode(), first.output() + first.errors());
        assertEquals("200 sha-1a2b3c4", Lab.get(port, "/version"));

        // the setting wins over DOCKER_CONFIG, here a folder without any config
        lab.write(stack, privateApp("sha-2b3c4d5"));
        Lab.Result second = lab.stackctl().with("DOCKER_CONFIG", lab.root().resolve("nothing").toString())
                .with("OPERATOR_DOCKER_CONFIG", configDir.toString()).with("PATH", path).run("reconcile", stack);
        assertEquals(0, second.exitCode(), second.output() + second.errors());
        assertEquals("200 sha-2b3c4d5", Lab.get(port, "/version"));
        assertFalse((first.output() + first.errors() + second.output() + second.errors()).contains(PASSWORD));
        assertPasswordNowhereUnder(lab.stateDir());

        Lab.Result file = lab.stackctl().with("OPERATOR_DOCKER_CONFIG", configDir.resolve("config.json").toString()).run("status");
        assertEquals(2, file.exitCode(), file.output() + file.errors());
        assertTrue(file.errors().contains("operator.docker.config must be the folder that holds config.json (as DOCKER_CONFIG),"
                + " not the file " + configDir.resolve("config.json")), file.errors());
    }

    private OperatorUnderTest operatorWith(Path configDir, List<Path> helperPath) {
        return lab.operator(DockerJavaEngine.connect(new RegistryCredentials(configDir, helperPath)));
    }

    private String privateApp(String version) {
        return app(stack, version, port).replace(Lab.APP + ":", PRIVATE_APP + ":");
    }

    private Path dockerConfig(String json) throws IOException {
        Path dir = Files.createDirectories(lab.root().resolve("docker-config"));
        writeConfig(dir, json);
        return dir;
    }

    /** As docker login writes it: a whole new file in place of the old one. */
    private static void writeConfig(Path dir, String json) throws IOException {
        Path temp = dir.resolve("config.json.tmp");
        Files.writeString(temp, json);
        Files.move(temp, dir.resolve("config.json"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** A credential helper that gives the lab's user and password for 127.0.0.1:5001; what it was asked goes to bin/asked. */
    private Path helper(String name) throws IOException {
        Path bin = Files.createDirectories(lab.root().resolve("bin"));
        Path script = bin.resolve("docker-credential-" + name);
        Files.writeString(script, """
                #!/bin/sh
                read -r server
                printf '%%s %%s' "$1" "$server" > "$(dirname "$0")/asked"
                if [ "$1" = get ] && [ "$server" = 127.0.0.1:5001 ]; then
                  printf '{"ServerURL":"%%s","Username":"%s","Secret":"%s"}\\n' "$server"
                else
                  echo "credentials not found in native keychain"; exit 1
                fi
                """.formatted(USER, PASSWORD));
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        return bin;
    }

    /** Status, history, events and every other file the operator wrote: the password is in none of them. */
    private static void assertPasswordNowhereUnder(Path stateDir) throws IOException {
        try (Stream<Path> files = Files.walk(stateDir)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                assertFalse(Files.readString(file, StandardCharsets.ISO_8859_1).contains(PASSWORD), file::toString);
            }
        }
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
