package tokyo.seisei.operator.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tokyo.seisei.operator.model.Phase;

/** A service's platform reaches the pull; a service that takes another's volumes is created after it. */
@Timeout(30)
class PlatformAndVolumesFromTest {

    static final String APP = "localhost:5000/lab/app:sha-1a2b3c4";
    static final String DB = "localhost:5000/lab/postgres:15";

    @TempDir
    Path root;

    @Test
    void thePlatformIsPulledAndTheServiceWhoseVolumesAreTakenIsCreatedFirst() {
        TestOperator op = new TestOperator(root).write("crm.yaml", """
                apiVersion: operator.seisei.tokyo/v1
                kind: Stack
                metadata:
                  name: crm
                spec:
                  environment: staging
                  version: sha-1a2b3c4
                  services:
                    daemon:
                      image: %s
                      volumes_from: [app]
                    app:
                      image: %s
                      platform: linux/amd64
                      volumes: [/var/www/html/data]
                """.formatted(APP, DB));

        assertEquals(Phase.Ready, op.pass("crm"));

        assertEquals(Map.of(DB, "linux/amd64"), op.docker.pulledPlatforms);
        assertEquals(List.of("create crm-app", "create crm-daemon"),
                op.docker.calls.stream().filter(c -> c.startsWith("create crm-")).toList());
        assertEquals(List.of("crm-app:rw"), op.docker.containers().stream()
                .filter(c -> c.name.equals("crm-daemon")).findFirst().orElseThrow().spec.volumesFrom());
    }
}
