package tokyo.seisei.operator.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.UploadPack;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A repository served over ssh on the loopback (an Apache MINA sshd server that runs git-upload-pack in process):
 * fetched with the key of operator.git.ssh-key-file, and only from a host whose key is in known-hosts-file.
 */
@Timeout(60)
class GitSshTest {

    @TempDir
    Path root;

    GitUpstream upstream;
    SshServer server;
    KeyPair client;
    Path keyFile;

    @BeforeEach
    void serve() throws Exception {
        upstream = new GitUpstream(root.resolve("remote"));
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        client = generator.generateKeyPair();
        keyFile = root.resolve("id_ecdsa");
        try (OutputStream out = Files.newOutputStream(keyFile)) {
            // the OpenSSH form ssh-keygen writes
            new OpenSSHKeyPairResourceWriter().writePrivateKey(client, "operator@host", null, out);
        }

        server = SshServer.setUpDefaultServer();
        server.setHost("127.0.0.1");
        server.setPort(0);
        SimpleGeneratorHostKeyProvider hostKeys = new SimpleGeneratorHostKeyProvider(root.resolve("host-key"));
        hostKeys.setAlgorithm(KeyUtils.EC_ALGORITHM);
        server.setKeyPairProvider(hostKeys);
        server.setPublickeyAuthenticator((user, key, session) -> KeyUtils.compareKeys(key, client.getPublic()));
        server.setCommandFactory((channel, command) -> new UploadPackCommand(upstream.bare));
        server.start();
    }

    @AfterEach
    void stop() throws IOException {
        server.stop(true);
        upstream.close();
    }

    private String url() {
        return "ssh://git@127.0.0.1:" + server.getPort() + "/upstream.git";
    }

    private Path knownHosts(PublicKey hostKey) throws IOException {
        Path file = root.resolve("known_hosts-" + System.nanoTime());
        Files.writeString(file, "[127.0.0.1]:" + server.getPort() + " " + PublicKeyEntry.toString(hostKey) + "\n");
        return file;
    }

    private GitSource source(Path knownHosts) {
        return new GitSource(new GitSource.Settings(url(), "main", "desired-state", root.resolve("state-" + System.nanoTime()),
                Optional.empty(), Optional.empty(), Optional.of(keyFile), Optional.of(knownHosts)), Clock.systemUTC());
    }

    @Test
    void aTrustedHostIsFetchedWithTheKey() throws Exception {
        String sha = upstream.commit("shop", GitSourceTest.stack("shop", "v1"), "Shop v1");
        PublicKey hostKey = server.getKeyPairProvider().loadKeys(null).iterator().next().getPublic();
        GitSource source = source(knownHosts(hostKey));

        Source.Fetch fetch = source.refresh(Duration.ofSeconds(20));

        assertTrue(fetch.ok(), fetch.message());
        LoadedStack shop = new DesiredState(source, new DesiredStateLoader(Map.of())).find("shop").orElseThrow();
        assertEquals(sha, shop.source().commit());
    }

    @Test
    void aHostWhoseKeyIsNotInKnownHostsIsRefused() throws Exception {
        upstream.commit("shop", GitSourceTest.stack("shop", "v1"), "Shop v1");
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        GitSource source = source(knownHosts(generator.generateKeyPair().getPublic()));

        Source.Fetch fetch = source.refresh(Duration.ofSeconds(20));

        assertFalse(fetch.ok());
        assertTrue(fetch.message().contains("Server key did not validate"), fetch.message());
        assertFalse(source.health().orElseThrow().usable(), fetch.message());
        assertEquals(List.of(), new DesiredState(source, new DesiredStateLoader(Map.of())).names());
    }

    /** git-upload-pack of the one repository served, in process. */
    private static final class UploadPackCommand implements Command {
        private final Path repository;
        private InputStream in;
        private OutputStream out;
        private OutputStream err;
        private ExitCallback exit;

        UploadPackCommand(Path repository) {
            this.repository = repository;
        }

        @Override
        public void setInputStream(InputStream in) {
            this.in = in;
        }

        @Override
        public void setOutputStream(OutputStream out) {
            this.out = out;
        }

        @Override
        public void setErrorStream(OutputStream err) {
            this.err = err;
        }

        @Override
        public void setExitCallback(ExitCallback callback) {
            this.exit = callback;
        }

        @Override
        public void start(ChannelSession channel, Environment env) {
            Thread thread = new Thread(() -> {
                try (Repository repo = new FileRepositoryBuilder().setGitDir(repository.toFile()).build()) {
                    new UploadPack(repo).upload(in, out, err);
                    out.flush();
                    exit.onExit(0);
                } catch (IOException e) {
                    exit.onExit(1, e.getMessage());
                }
            }, "upload-pack");
            thread.setDaemon(true);
            thread.start();
        }

        @Override
        public void destroy(ChannelSession channel) {
        }
    }
}
