package tokyo.seisei.operator.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * stackctl import-compose as a person switching a host over runs it: a Compose project's file becomes a stack file in
 * the desired-state folder, which validates and converges to what the Compose file described; a Compose file with
 * something a stack file cannot hold gets every such key listed, and no file.
 */
class ImportComposeIT {

    @RegisterExtension
    final LabExtension lab = new LabExtension();
    final Path desired = lab.desiredStateDir();
    final Stackctl stackctl = lab.stackctl();
    final String stack = lab.stack("imp");
    final int port = Lab.freePort();

    Path project(String compose) throws IOException {
        Path folder = Files.createDirectories(lab.root().resolve(stack));
        Files.writeString(folder.resolve("web.env"), "GREETING=from-env-file\nAPI_TOKEN=t0ken-of-the-env-file\n");
        return Files.writeString(folder.resolve("docker-compose.yml"), compose);
    }

    String compose(String extraLines) {
        return """
                # the web of this project
                services:
                  web:
                    image: %s:sha-1a2b3c4
                    ports: ["127.0.0.1:%d:8080"]
                    restart: unless-stopped
                    env_file: ./web.env
                    extra_hosts: ["db.internal:10.1.2.3"]
                    logging: {driver: json-file, options: {max-size: 1m}}
                    volumes: ["./data:/data"]
                %s""".formatted(Lab.APP, port, extraLines);
    }

    @Test
    void aComposeFileBecomesAStackFileThatValidatesAndConverges() throws IOException {
        Path compose = project(compose(""));
        Path target = desired.resolve(stack + ".yaml");

        Lab.Result imported = stackctl.run("import-compose", compose.getParent().toString(), "-o", target.toString());

        assertEquals(0, imported.exitCode(), imported.errors());
        assertTrue(imported.errors().contains("note: spec.version is sha-1a2b3c4, the tag of web: their images name"
                + " ${VERSION} instead"), imported.errors());
        String file = Files.readString(target);
        assertTrue(file.contains("  name: " + stack + "\n") && file.contains("image: " + Lab.APP + ":${VERSION}\n")
                && file.contains("- " + compose.getParent().resolve("data") + ":/data\n")
                && file.contains("env_file: " + compose.getParent().resolve("web.env") + "\n"), file);
        assertFalse(file.contains("t0ken-of-the-env-file") || file.contains("#"), file);

        Lab.Result validate = stackctl.run("validate", target.toString());
        assertEquals(0, validate.exitCode(), validate.output());
        Lab.Result reconcile = stackctl.run("reconcile", stack);
        assertEquals(0, reconcile.exitCode(), reconcile.output() + reconcile.errors());
        assertEquals("200 sha-1a2b3c4", Lab.get(port, "/version"));
        String container = stack + "-web";
        assertEquals(compose.getParent().resolve("data") + ":/data",
                Lab.docker("inspect", "-f", "{{range .Mounts}}{{.Source}}:{{.Destination}}{{end}}", container).strip());
        assertEquals("[db.internal:10.1.2.3] json-file", Lab.docker("inspect", "-f",
                "{{.HostConfig.ExtraHosts}} {{.HostConfig.LogConfig.Type}}", container).strip());
        assertTrue(Lab.docker("inspect", "-f", "{{range .Config.Env}}{{println .}}{{end}}", container)
                .contains("GREETING=from-env-file"));

        Lab.Result stdout = stackctl.run("import-compose", compose.toString(), "--name", stack + "-b");
        assertEquals(0, stdout.exitCode(), stdout.errors());
        assertTrue(stdout.output().startsWith("apiVersion: operator.seisei.tokyo/v1\nkind: Stack\nmetadata:\n  name: "
                + stack + "-b\n"), stdout.output());
    }

    @Test
    void everyKeyAStackFileCannotHoldIsListedAndNoFileIsWritten() throws IOException {
        Path compose = project(compose("""
                    privileged: true
                    secrets: [token]
                secrets:
                  token: {file: ./token.txt}
                """));
        Path target = desired.resolve(stack + ".yaml");

        Lab.Result refused = stackctl.run("import-compose", compose.toString(), "-o", target.toString());

        assertEquals(1, refused.exitCode(), refused.errors());
        assertEquals("", refused.output());
        assertEquals(compose + ":13:1: secrets is not supported: the stack file has no secrets; pass the value through"
                + " environment or env_file\n"
                + compose + ":11:5: services.web.privileged is not supported: the stack file has no such field\n"
                + compose + ":12:5: services.web.secrets is not supported: the stack file has no secrets; pass the value"
                + " through environment or env_file\n"
                + "3 problem(s): no stack file written\n", refused.errors().replaceAll("(?m)^state dir: .*\n", ""));
        assertFalse(Files.exists(target));

        Lab.Result usage = stackctl.run("import-compose", compose.toString(), "--env", "production");
        assertEquals(2, usage.exitCode(), usage.errors());
        assertTrue(usage.errors().contains("error: --env must be staging or prod, not 'production'"), usage.errors());
    }
}
