package tokyo.seisei.operator.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which registry an image is pulled from, and which credentials a Docker config gives it, as Docker decides. */
class RegistryCredentialsTest {

    private static final String SECRET = "s3cret-pass";

    @TempDir
    Path dir;

    @Test
    void theRegistryOfAnImageIsNamedAsDockerNamesIt() {
        assertEquals("docker.io", RegistryHost.ofImage("nginx:1.27").name());
        assertEquals("docker.io", RegistryHost.ofImage("library/nginx:1.27").name());
        assertEquals("docker.io", RegistryHost.ofImage("docker.io/library/nginx:1.27").name());
        assertEquals("docker.io", RegistryHost.ofImage("index.docker.io/team/app:1").name());
        assertEquals("ghcr.io", RegistryHost.ofImage("ghcr.io/team/app:1").name());
        assertEquals("localhost:5000", RegistryHost.ofImage("localhost:5000/lab/app:sha-1a2b3c4").name());
        assertEquals("localhost", RegistryHost.ofImage("localhost/app:1").name());
        assertEquals("127.0.0.1:5001", RegistryHost.ofImage("127.0.0.1:5001/lab/app@sha256:" + "ab".repeat(32)).name());
        assertEquals("Registry", RegistryHost.ofImage("Registry/app:1").name());

        assertEquals("https://index.docker.io/v1/", RegistryHost.ofImage("nginx:1").configKey());
        assertEquals("ghcr.io", RegistryHost.ofImage("ghcr.io/team/app:1").configKey());
        assertEquals(RegistryHost.DOCKER_HUB, RegistryHost.of("https://index.docker.io/v1/"));
        assertEquals(new RegistryHost("reg.example.com:8443"), RegistryHost.of("https://reg.example.com:8443/v2/"));
    }

    @Test
    void authsGiveTheUserAndPasswordOfTheRegistry() throws IOException {
        config("""
                {"auths": {
                  "127.0.0.1:5001": {"auth": "%s"},
                  "https://index.docker.io/v1/": {"username": "hubuser", "password": "hubpass"},
                  "https://reg.example.com/v1/": {"auth": "%s", "username": "ignored"},
                  "ghcr.io": {"identitytoken": "tok-123"},
                  "quay.io": {}
                }, "HttpHeaders": {"User-Agent": "x"}}
                """.formatted(base64("lab:" + SECRET), base64("robot:pa:ss")));
        RegistryCredentials credentials = credentials();

        RegistryLogin lab = credentials.forImage("127.0.0.1:5001/lab/app:sha-1a2b3c4").login().orElseThrow();
        assertEquals(new RegistryLogin("127.0.0.1:5001", "lab", SECRET, null), lab);
        assertEquals(new RegistryLogin("https://index.docker.io/v1/", "hubuser", "hubpass", null),
                credentials.forImage("nginx:1.27").login().orElseThrow());
        assertEquals(new RegistryLogin("reg.example.com", "robot", "pa:ss", null),
                credentials.forImage("reg.example.com/team/app:1").login().orElseThrow(), "auth wins, split at its first ':'");
        assertEquals(new RegistryLogin("ghcr.io", null, null, "tok-123"), credentials.forImage("ghcr.io/a/b:1").login().orElseThrow());
        assertEquals(Optional.empty(), credentials.forImage("quay.io/a/b:1").login(), "an empty entry is no credentials");
        assertEquals(Optional.empty(), credentials.forImage("localhost:5000/lab/app:1").login());
        assertEquals("auths of " + dir.resolve("config.json"), credentials.forImage("localhost:5000/lab/app:1").source());
        assertFalse(lab.toString().contains(SECRET), lab.toString());
    }

    @Test
    void noConfigFileIsAnAnonymousPull() {
        assertEquals(Optional.empty(), credentials().forImage("127.0.0.1:5001/lab/app:1").login());
    }

    @Test
    void aChangedFileIsReadAgainAtTheNextPull() throws IOException {
        RegistryCredentials credentials = credentials();
        assertEquals(Optional.empty(), credentials.forImage("127.0.0.1:5001/lab/app:1").login());
        config("{\"auths\": {\"127.0.0.1:5001\": {\"auth\": \"" + base64("lab:" + SECRET) + "\"}}}");
        assertEquals("lab", credentials.forImage("127.0.0.1:5001/lab/app:1").login().orElseThrow().username());
        config("{\"auths\": {\"127.0.0.1:5001\": {\"auth\": \"" + base64("other:" + SECRET) + "\"}}}");
        assertEquals("other", credentials.forImage("127.0.0.1:5001/lab/app:1").login().orElseThrow().username());
    }

    @Test
    void credsStoreAsksItsHelperWithTheServerAddressOnStdin() throws IOException {
        Path bin = helper("labstore");
        config("{\"credsStore\": \"labstore\", \"auths\": {\"127.0.0.1:5001\": {}}}");
        RegistryCredentials credentials = new RegistryCredentials(dir, List.of(dir.resolve("nothing-here"), bin));

        RegistryCredentials.Lookup lookup = credentials.forImage("127.0.0.1:5001/lab/app:1");
        assertEquals(new RegistryLogin("127.0.0.1:5001", "lab", SECRET, null), lookup.login().orElseThrow());
        assertEquals("docker-credential-labstore (credsStore of " + dir.resolve("config.json") + ")", lookup.source());
        assertEquals("get 127.0.0.1:5001", Files.readString(bin.resolve("asked")));

        assertEquals(Optional.empty(), credentials.forImage("localhost:5000/lab/app:1").login(),
                "the helper holds nothing for it: anonymous");
        assertEquals(new RegistryLogin("https://index.docker.io/v1/", null, null, "hub-identity-token"),
                credentials.forImage("nginx:1").login().orElseThrow(), "the <token> user means an identity token");
        assertEquals("get https://index.docker.io/v1/", Files.readString(bin.resolve("asked")));
    }

    @Test
    void credHelpersNameTheHelperOfOneRegistryBeforeCredsStore() throws IOException {
        Path bin = helper("labhelper");
        config("""
                {"credsStore": "absent", "credHelpers": {"127.0.0.1:5001": "labhelper"},
                 "auths": {"127.0.0.1:5001": {"auth": "%s"}}}
                """.formatted(base64("stale:old")));
        RegistryCredentials credentials = new RegistryCredentials(dir, List.of(bin));

        RegistryCredentials.Lookup lookup = credentials.forImage("127.0.0.1:5001/lab/app:1");
        assertEquals(new RegistryLogin("127.0.0.1:5001", "lab", SECRET, null), lookup.login().orElseThrow(),
                "a helper's answer wins over auths");
        assertEquals("docker-credential-labhelper (credHelpers.\"127.0.0.1:5001\" of " + dir.resolve("config.json") + ")",
                lookup.source());

        CredentialsUnavailable absent = assertThrows(CredentialsUnavailable.class,
                () -> credentials.forImage("ghcr.io/a/b:1"));
        assertEquals("docker-credential-absent (credsStore) is not on the operator's PATH", absent.getMessage());
    }

    @Test
    void aHelperThatFailsIsReportedWithoutWhatItAnswered() throws IOException {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        script(bin.resolve("docker-credential-broken"), """
                #!/bin/sh
                echo "the keychain is locked" >&2
                exit 3
                """);
        script(bin.resolve("docker-credential-garbled"), """
                #!/bin/sh
                echo "not json %s"
                """.formatted(SECRET));
        script(bin.resolve("docker-credential-halfway"), """
                #!/bin/sh
                printf '{"ServerURL":"c.example","Username":"u","Secret":"%s"}\\n'
                echo "the session then failed" >&2
                exit 1
                """.formatted(SECRET));
        config("{\"credHelpers\": {\"a.example\": \"broken\", \"b.example\": \"garbled\", \"c.example\": \"halfway\"}}");
        RegistryCredentials credentials = new RegistryCredentials(dir, List.of(bin));

        assertEquals("docker-credential-broken get failed (exit code 3): the keychain is locked",
                assertThrows(CredentialsUnavailable.class, () -> credentials.forImage("a.example/app:1")).getMessage());
        String garbled = assertThrows(CredentialsUnavailable.class, () -> credentials.forImage("b.example/app:1")).getMessage();
        assertEquals("docker-credential-garbled get answered something that is not JSON", garbled);
        assertEquals("docker-credential-halfway get failed (exit code 1): the session then failed",
                assertThrows(CredentialsUnavailable.class, () -> credentials.forImage("c.example/app:1")).getMessage(),
                "an answer printed before a failure is never quoted");
    }

    @Test
    void aBrokenConfigIsRefusedNamingTheFileAndTheField() throws IOException {
        Path file = dir.resolve("config.json");
        assertEquals(file + ": is not valid JSON (line 1, column 38)", refusal("{\"auths\": {\"x\": {\"auth\": \"" + SECRET),
                "Jackson's own message would quote the secret");
        assertEquals(file + ": auths.\"127.0.0.1:5001\".auth: must be the base64 of user:password",
                refusal("{\"auths\": {\"127.0.0.1:5001\": {\"auth\": \"%%%\"}}}"));
        assertEquals(file + ": auths.\"127.0.0.1:5001\".auth: must be the base64 of user:password (it has no ':')",
                refusal("{\"auths\": {\"127.0.0.1:5001\": {\"auth\": \"" + base64(SECRET) + "\"}}}"));
        assertEquals(file + ": auths: must be an object of registries", refusal("{\"auths\": []}"));
        assertEquals(file + ": auths.\"x\".password: must be a string", refusal("{\"auths\": {\"x\": {\"password\": 1}}}"));
        assertEquals(file + ": credsStore: '../../bin/sh' must be a helper name (letters, digits, '.', '_', '-'), run as"
                + " docker-credential-<name>", refusal("{\"credsStore\": \"../../bin/sh\"}"));
        assertEquals(file + ": credHelpers.\"x\": must be a string", refusal("{\"credHelpers\": {\"x\": {}}}"));
        assertEquals(file + ": must be a JSON object", refusal("[]"));
    }

    @Test
    void theRefusalSaysWhoLogsInWhereAndWhichFileWasRead() throws IOException {
        RegistryCredentials credentials = credentials();
        String user = System.getProperty("user.name");
        Path file = dir.resolve("config.json");
        assertEquals("no credentials for 127.0.0.1:5001 from auths of " + file + ": run docker login 127.0.0.1:5001 as " + user
                        + " (the user the operator runs as), or name a credential helper for it in " + file,
                credentials.refusalAdvice(credentials.forImage("127.0.0.1:5001/lab/app:1")));
        config("{\"auths\": {\"https://index.docker.io/v1/\": {\"auth\": \"" + base64("me:" + SECRET) + "\"}}}");
        String advice = credentials.refusalAdvice(credentials.forImage("team/app:1"));
        assertEquals("the credentials for docker.io from auths of " + file + " were refused: run docker login as " + user
                + " (the user the operator runs as) again", advice);
    }

    @Test
    void theConfigDirIsTheSettingElseDockerConfigElseHome() {
        Map<String, String> env = Map.of("DOCKER_CONFIG", "/etc/docker-config", "PATH", "/usr/local/bin:/usr/bin");
        assertEquals(Path.of("/opt/creds/config.json"),
                RegistryCredentials.fromEnvironment(Optional.of("/opt/creds"), env, "/home/op").configFile());
        assertEquals(Path.of("/etc/docker-config/config.json"),
                RegistryCredentials.fromEnvironment(Optional.empty(), env, "/home/op").configFile());
        assertEquals(Path.of("/home/op/.docker/config.json"),
                RegistryCredentials.fromEnvironment(Optional.of(""), Map.of(), "/home/op").configFile());
    }

    private String refusal(String json) throws IOException {
        config(json);
        return assertThrows(CredentialsUnavailable.class, () -> credentials().forImage("127.0.0.1:5001/lab/app:1")).getMessage();
    }

    private RegistryCredentials credentials() {
        return new RegistryCredentials(dir, List.of());
    }

    private void config(String json) throws IOException {
        Path temp = dir.resolve("config.json.tmp");
        Files.writeString(temp, json);
        Files.move(temp, dir.resolve("config.json"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    /**
     * A credential helper as the protocol has it: the lab's user for 127.0.0.1:5001, an identity token for Docker Hub,
     * "credentials not found" for any other; what it was asked is kept in bin/asked.
     */
    private Path helper(String name) throws IOException {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        script(bin.resolve("docker-credential-" + name), """
                #!/bin/sh
                read -r server
                printf '%%s %%s' "$1" "$server" > "$(dirname "$0")/asked"
                case "$server" in
                  127.0.0.1:5001) printf '{"ServerURL":"%%s","Username":"lab","Secret":"%s"}\\n' "$server" ;;
                  https://index.docker.io/v1/) printf '{"ServerURL":"%%s","Username":"<token>","Secret":"hub-identity-token"}' "$server" ;;
                  *) echo "credentials not found in native keychain"; exit 1 ;;
                esac
                """.formatted(SECRET));
        return bin;
    }

    private static void script(Path path, String text) throws IOException {
        Files.writeString(path, text);
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
