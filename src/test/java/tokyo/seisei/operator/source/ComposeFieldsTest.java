package tokyo.seisei.operator.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tokyo.seisei.operator.Fixtures;
import tokyo.seisei.operator.model.Service;

/** The Compose fields for limits, capabilities, kernel settings and network mode: each form read, each bad value refused. */
class ComposeFieldsTest {

    @TempDir
    Path dir;

    LoadedStack load(String yaml) throws IOException {
        return new DesiredStateLoader(Map.of()).load(Files.writeString(dir.resolve("shop.yaml"), yaml));
    }

    /** The web service of the shop with these lines added; its networks and ports stay unless removed. */
    String withWeb(String lines) {
        return Fixtures.SHOP.replace("      command: httpd -f -p \"8080\"\n", "      command: httpd -f -p \"8080\"\n" + lines);
    }

    String withoutNetworksAndPorts(String lines) {
        return withWeb(lines).replace("      ports: [\"127.0.0.1:18069:8080\"]\n", "")
                .replace("      networks: [edge, default]\n", "");
    }

    Service web(LoadedStack stack) {
        assertTrue(stack.valid(), () -> stack.problems().toString());
        return stack.document().spec().services().get("web");
    }

    /** The one error, which must name the file and end with the message. */
    void refused(String yaml, String message) throws IOException {
        LoadedStack stack = load(yaml);
        assertEquals(1, stack.errors().size(), () -> stack.problems().toString());
        String error = stack.errors().get(0).toString();
        assertTrue(error.contains("shop.yaml:") && error.endsWith(message), error);
    }

    @Test
    void everyFieldIsReadInEachOfItsForms() throws IOException {
        Service web = web(load(withWeb("""
                      expose: [9000, "9100/udp", "9200-9201"]
                      mem_limit: 512m
                      cpus: 0.5
                      cap_add: [NET_ADMIN, CAP_SYS_PTRACE]
                      cap_drop: [ALL]
                      ulimits:
                        nofile: 65535
                        nproc: {soft: 1024, hard: 2048}
                      sysctls:
                        net.core.somaxconn: 1024
                """)));
        assertEquals(List.of("9000", "9100/udp", "9200-9201"), web.expose());
        assertEquals("512m", web.memoryLimit());
        assertEquals("0.5", web.cpuLimit());
        assertEquals(List.of("NET_ADMIN", "CAP_SYS_PTRACE"), web.capAdd());
        assertEquals(List.of("ALL"), web.capDrop());
        assertEquals(Map.of("nofile", new Service.Ulimit(65535, 65535), "nproc", new Service.Ulimit(1024, 2048)),
                web.ulimits());
        assertEquals(Map.of("net.core.somaxconn", "1024"), web.sysctls());

        Service listForm = web(load(withWeb("      sysctls: [net.core.somaxconn=512, net.ipv4.tcp_syncookies=0]\n")));
        assertEquals(Map.of("net.core.somaxconn", "512", "net.ipv4.tcp_syncookies", "0"), listForm.sysctls());
    }

    @Test
    void deployResourcesLimitsGiveMemoryAndCpus() throws IOException {
        Service web = web(load(withWeb("""
                      deploy:
                        resources:
                          limits: {memory: 1g, cpus: "1.5"}
                """)));
        assertEquals("1g", web.memoryLimit());
        assertEquals("1.5", web.cpuLimit());
        web(load(withWeb("      mem_limit: 1g\n      deploy: {resources: {limits: {memory: 1g}}}\n")));
    }

    @Test
    void otherDeployKeysAreRefusedByName() throws IOException {
        refused(withWeb("      deploy: {replicas: 2}\n"), "spec.services.web.deploy: deploy.replicas is not supported:"
                + " only deploy.resources.limits (memory, cpus) applies to a single container");
        refused(withWeb("      deploy: {resources: {reservations: {memory: 1g}}}\n"),
                "spec.services.web.deploy: deploy.resources.reservations is not supported:"
                + " only deploy.resources.limits (memory, cpus) applies to a single container");
        refused(withWeb("      deploy: {resources: {limits: {pids: 10}}}\n"),
                "deploy.resources.limits.pids is not supported:"
                + " only deploy.resources.limits (memory, cpus) applies to a single container");
    }

    @Test
    void badSizesAndCpusAreRefusedWithTheRule() throws IOException {
        refused(withWeb("      mem_limit: 12x\n"), "spec.services.web.mem_limit: '12x' is not a byte size such as 512m or 2g");
        refused(withWeb("      mem_limit: 1k\n"), "spec.services.web.mem_limit: '1k' is below the engine's minimum of 6m");
        refused(withWeb("      deploy: {resources: {limits: {memory: lots}}}\n"),
                "spec.services.web.deploy.resources.limits.memory: 'lots' is not a byte size such as 512m or 2g");
        refused(withWeb("      cpus: half\n"), "spec.services.web.cpus: 'half' is not a number of CPUs such as 0.5 or 2");
        refused(withWeb("      cpus: 0\n"), "spec.services.web.cpus: '0' must be more than 0");
        refused(withWeb("      mem_limit: 512m\n      deploy: {resources: {limits: {memory: 1g}}}\n"),
                "spec.services.web.mem_limit: '512m' differs from deploy.resources.limits.memory '1g': write one of them");
    }

    @Test
    void unknownCapabilitiesUlimitsAndSysctlsAreRefused() throws IOException {
        refused(withWeb("      cap_add: [NET_ADMN]\n"),
                "spec.services.web.cap_add[0]: 'NET_ADMN' is not a capability name such as NET_ADMIN, SYS_PTRACE or ALL");
        refused(withWeb("      ulimits: {nofiles: 10}\n"), "spec.services.web.ulimits.nofiles: 'nofiles' is not a ulimit"
                + " name (core, cpu, data, fsize, locks, memlock, msgqueue, nice, nofile, nproc, rss, rtprio, rttime,"
                + " sigpending, stack)");
        refused(withWeb("      ulimits: {nofile: {soft: 2048, hard: 1024}}\n"),
                "spec.services.web.ulimits.nofile: soft 2048 is above hard 1024");
        refused(withWeb("      ulimits: {nofile: {soft: 10}}\n"),
                "spec.services.web.ulimits: ulimits.nofile must be a whole number or a map with soft and hard");
        refused(withWeb("      sysctls: {somaxconn: 10}\n"),
                "spec.services.web.sysctls: 'somaxconn' is not a kernel parameter name such as net.core.somaxconn");
        refused(withWeb("      expose: [\"80/xyz\"]\n"),
                "spec.services.web.expose[0]: '80/xyz' is not a port such as 8080, 8080/udp or 8000-8010");
    }

    @Test
    void networkModeReplacesNetworksAndPortsAsInCompose() throws IOException {
        assertEquals("host", web(load(withoutNetworksAndPorts("      network_mode: host\n"))).networkMode());
        assertEquals("bridge", web(load(withWeb("      network_mode: bridge\n").replace(
                "      networks: [edge, default]\n", ""))).networkMode());
        refused(withoutNetworksAndPorts("      network_mode: service:db\n"),
                "spec.services.web.network_mode: 'service:db' is not supported: write host, none or bridge");
        refused(withWeb("      network_mode: bridge\n"),
                "spec.services.web.networks cannot be combined with network_mode bridge");
        refused(withWeb("      network_mode: host\n").replace("      networks: [edge, default]\n", ""),
                "spec.services.web.ports cannot be published with network_mode host:"
                + " the container listens on the host's ports directly");
        refused(withoutNetworksAndPorts("      network_mode: host\n      sysctls: {net.core.somaxconn: 1024}\n"),
                "spec.services.web.sysctls.net.core.somaxconn cannot be set with network_mode host:"
                + " the engine does not change the host's own network settings");
    }

    @Test
    void theListOfValidFieldsLeavesOutTheFieldsThatAreRefused() throws IOException {
        LoadedStack stack = load(withWeb("      zzzzzzzzzzzz: 1\n"));
        String error = stack.errors().get(0).toString();
        assertTrue(error.contains("valid fields: cap_add, cap_drop, command,"), error);
        assertFalse(error.contains("build"), error);
    }

    @Test
    void extraHostsAreReadInTheListAndMapFormsAndCheckedAsAddresses() throws IOException {
        assertEquals(List.of("db.internal:10.0.0.5", "gw:host-gateway", "v6:::1", "v6b:fd00::2"), web(load(withWeb(
                "      extra_hosts: [\"db.internal:10.0.0.5\", \"gw=host-gateway\", \"v6=::1\", \"v6b:[fd00::2]\"]\n")))
                .extraHosts());
        assertEquals(List.of("db.internal:10.0.0.5", "v6:::1"), web(load(withWeb(
                "      extra_hosts:\n        db.internal: 10.0.0.5\n        v6: \"::1\"\n"))).extraHosts());
        refused(withWeb("      extra_hosts: [\"db.internal\"]\n"), "spec.services.web.extra_hosts[0] 'db.internal' must"
                + " be HOST:IP (or HOST=IP), the IP an IPv4 or IPv6 address or host-gateway");
        refused(withWeb("      extra_hosts: {db: example.com}\n"), "spec.services.web.extra_hosts[0] 'db:example.com'"
                + " must be HOST:IP (or HOST=IP), the IP an IPv4 or IPv6 address or host-gateway");
        refused(withWeb("      extra_hosts: [\"db:10.0.0.300\"]\n"), "spec.services.web.extra_hosts[0] 'db:10.0.0.300'"
                + " must be HOST:IP (or HOST=IP), the IP an IPv4 or IPv6 address or host-gateway");
    }

    @Test
    void loggingNeedsADriverTheOperatorCanSet() throws IOException {
        Service web = web(load(withWeb("      logging:\n        driver: json-file\n        options: [max-size=10m, max-file=3]\n")));
        assertEquals("json-file", web.logging().driver());
        assertEquals(Map.of("max-size", "10m", "max-file", "3"), web.logging().options());
        refused(withWeb("      logging: {options: {max-size: 10m}}\n"), "spec.services.web.logging.driver is required:"
                + " one of json-file, local, journald, syslog, gelf, fluentd, awslogs, splunk, gcplogs, etwlogs, loki, db, none");
        refused(withWeb("      logging: {driver: jsonfile}\n"), "spec.services.web.logging.driver 'jsonfile' is not a"
                + " driver the operator can set: one of json-file, local, journald, syslog, gelf, fluentd, awslogs, splunk,"
                + " gcplogs, etwlogs, loki, db, none");
        refused(withWeb("      logging: {driver: local, labels: [a]}\n"), "unknown field 'labels' in spec.services.web.logging;"
                + " valid fields: driver, options");
    }

    @Test
    void anEnvFileIsCheckedLineByLineWithoutShowingALineAndItsSecretsAreMasked() throws IOException {
        Files.writeString(dir.resolve("web.env"), "# the web's settings\nexport API_TOKEN=\"s3cr3t-t0ken\"\n\nhunter2 hunter2\nLANG=C\n");
        LoadedStack stack = load(withWeb("      env_file: web.env\n").replace("POSTGRES_PASSWORD: secret",
                "POSTGRES_PASSWORD: pg-s3cret")); // a literal secret that is a word of the message would mask the word too

        assertEquals(1, stack.errors().size(), () -> stack.problems().toString());
        String error = stack.errors().get(0).toString();
        assertTrue(error.endsWith("spec.services.web.env_file[0]: " + dir.resolve("web.env") + " line 4 is not KEY=VALUE"
                + " with a name of letters, digits, '_', '.' or '-' (the line is not shown: it may hold a secret)"), error);
        assertFalse(error.contains("hunter2"), error);

        Files.writeString(dir.resolve("web.env"), "API_TOKEN=s3cr3t-t0ken\n");
        LoadedStack masked = load(withWeb("      env_file: web.env\n      image: localhost:5000/lab/app:s3cr3t-t0ken x\n")
                .replace("      image: localhost:5000/seisei/odoo:${VERSION}\n", ""));
        assertTrue(masked.errors().stream().map(Object::toString).noneMatch(e -> e.contains("s3cr3t-t0ken")),
                () -> masked.errors().toString());
        assertEquals(EnvFile.parse(List.of("export A='1'", "B=\"x y\"", "C")).values(), Map.of("A", "1", "B", "x y", "C", ""));
    }

    @Test
    void aMissingEnvFileIsNamedWithItsPath() throws IOException {
        refused(withWeb("      env_file: [missing.env]\n"), "spec.services.web.env_file: " + dir.resolve("missing.env")
                + " does not exist or cannot be read");
    }

    @Test
    void anEnvFileThatIsNoRegularFileIsRefusedUnopened() throws Exception {
        refused(withWeb("      env_file: /dev/zero\n"), "spec.services.web.env_file: /dev/zero is a special file (FIFO,"
                + " socket or device): an env_file must be a regular file; it is not read");
        Path fifo = dir.resolve("app.env");
        new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start().waitFor();
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> refused(withWeb("      env_file: app.env\n"),
                "spec.services.web.env_file: " + fifo + " is a special file (FIFO, socket or device): an env_file must"
                        + " be a regular file; it is not read"));
        Files.createDirectory(dir.resolve("conf.env"));
        refused(withWeb("      env_file: conf.env\n"), "spec.services.web.env_file: " + dir.resolve("conf.env")
                + " is a folder: an env_file must be a regular file; it is not read");
    }

    @Test
    void anEnvFileLargerThanTheFileSizeLimitIsRefusedAndALinkToARegularFileIsRead() throws IOException {
        Path big = dir.resolve("big.env");
        Files.writeString(big, "A=" + "x".repeat((int) DesiredStateLoader.DEFAULT_MAX_FILE_SIZE - 2) + "\n");
        refused(withWeb("      env_file: big.env\n"), "spec.services.web.env_file: " + big + " is 1048577 bytes, more than"
                + " operator.max-file-size (1048576 bytes), the most read from an env_file; it is not read");

        Path outside = Files.createDirectories(dir.resolve("host-secrets")).resolve("web.env");
        Files.writeString(outside, "LANG=C\n");
        Files.createSymbolicLink(dir.resolve("linked.env"), outside);
        assertEquals(List.of("linked.env"), web(load(withWeb("      env_file: linked.env\n"))).envFile());
        assertEquals(List.of(outside.toString()), web(load(withWeb("      env_file: " + outside + "\n"))).envFile());
    }

    @Test
    void shmSizeTtyAndStdinOpenAreReadAndABadSizeIsRefused() throws IOException {
        Service web = web(load(withWeb("      shm_size: 128mb\n      tty: true\n      stdin_open: true\n")));
        assertEquals("128mb", web.shmSize());
        assertEquals(Boolean.TRUE, web.tty());
        assertEquals(Boolean.TRUE, web.stdinOpen());
        assertEquals("268435456", web(load(withWeb("      shm_size: 268435456\n"))).shmSize());
        refused(withWeb("      shm_size: lots\n"), "spec.services.web.shm_size: 'lots' is not a byte size such as 128m or 1g");
        refused(withWeb("      shm_size: 0\n"), "spec.services.web.shm_size: '0' must be more than 0");
        refused(withWeb("      tty: sometimes\n"), "spec.services.web.tty: must be true or false");
    }

    @Test
    void platformIsOsArchAndAVariantAtMost() throws IOException {
        assertEquals("linux/amd64", web(load(withWeb("      platform: linux/amd64\n"))).platform());
        assertEquals("linux/arm/v7", web(load(withWeb("      platform: linux/arm/v7\n"))).platform());
        for (String bad : List.of("amd64", "linux/amd64/v3/x", "Linux/AMD64", "linux/", "linux amd64")) {
            refused(withWeb("      platform: \"" + bad + "\"\n"), "spec.services.web.platform '" + bad
                    + "' must be OS/ARCH or OS/ARCH/VARIANT in lowercase, such as linux/amd64 or linux/arm/v7");
        }
    }

    @Test
    void volumesFromNamesAServiceOfTheStackOrAContainerOutsideIt() throws IOException {
        Service web = web(load(withWeb("      volumes_from: [db, \"db:ro\", \"container:backup-agent:rw\"]\n")));
        assertEquals(List.of("db", "db:ro", "container:backup-agent:rw"), web.volumesFrom());
        assertEquals(java.util.Set.of("db"), web.createdAfter());

        refused(withWeb("      volumes_from: [cache]\n"), "spec.services.web.volumes_from[0] names 'cache', which is not a"
                + " service of this stack (a container outside the stack is written container:NAME)");
        refused(withWeb("      volumes_from: [web]\n"),
                "spec.services.web.volumes_from[0] names the service itself: a container cannot take volumes from itself");
        for (String bad : List.of("db:rx", "container:", "container:/x", ":ro")) {
            refused(withWeb("      volumes_from: [\"" + bad + "\"]\n"), "spec.services.web.volumes_from[0] '" + bad
                    + "' must be SERVICE[:ro|rw] or container:NAME[:ro|rw]");
        }
    }

    @Test
    void volumesFromMakesAServiceWaitForTheOtherSoACycleWithDependsOnIsRefused() throws IOException {
        String cycle = withWeb("").replace("      depends_on: []\n", "      volumes_from: [web]\n");
        refused(cycle, "depends_on and volumes_from form a cycle (each service is created after those it names): "
                + "web -> db -> web");
    }
}
