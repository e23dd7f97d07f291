package tokyo.seisei.operator.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InstanceIdTest {

    @TempDir
    Path stateDir;

    @Test
    void workersStartingAtOnceOnANewStateDirAgreeOnOneId() throws Exception {
        StateLayout layout = new StateLayout(stateDir);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<String>> starts = IntStream.range(0, 8).<Callable<String>>mapToObj(i -> () -> InstanceId.of(layout)).toList();
            List<String> ids = pool.invokeAll(starts).stream().map(InstanceIdTest::get).distinct().toList();
            assertEquals(1, ids.size(), ids.toString());
            assertEquals(ids.get(0) + "\n", Files.readString(stateDir.resolve("instance-id")));
            assertEquals(ids.get(0), InstanceId.of(layout), "read back, not made again");
        } finally {
            pool.shutdownNow();
        }
    }

    private static String get(Future<String> id) {
        try {
            return id.get();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
