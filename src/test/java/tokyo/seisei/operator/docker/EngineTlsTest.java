package tokyo.seisei.operator.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.transport.SSLConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What TLS each kind of engine address gets from {@link DockerJavaEngine#tlsOf}. */
class EngineTlsTest {

    private static DockerClientConfig config(String host) {
        return DefaultDockerClientConfig.createDefaultConfigBuilder().withDockerHost(host).withDockerTlsVerify(false).build();
    }

    @Test
    void aUnixSocketGetsAContextNeverInitialised() throws Exception {
        SSLConfig tls = DockerJavaEngine.tlsOf(config("unix:///var/run/docker.sock"));

        SSLContext context = tls.getSSLContext();
        assertNotNull(context);
        assertEquals("TLS", context.getProtocol());
        // never set up, so it cannot have read the CA store; and any use of it would fail, not speak TLS unchecked
        assertThrows(IllegalStateException.class, context::getSocketFactory);
    }

    @Test
    void aTcpHostWithoutTlsStaysPlainHttp() {
        // docker-java speaks https to a tcp host whenever it is given a TLS context
        assertNull(DockerJavaEngine.tlsOf(config("tcp://127.0.0.1:2375")));
    }

    @Test
    void aTcpHostWithTlsKeepsItsSettings(@TempDir Path certs) throws Exception {
        Files.createFile(certs.resolve("ca.pem"));
        DockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder()
                .withDockerHost("tcp://127.0.0.1:2376").withDockerTlsVerify(true).withDockerCertPath(certs.toString()).build();

        assertSame(config.getSSLConfig(), DockerJavaEngine.tlsOf(config));
    }
}
