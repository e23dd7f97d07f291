package tokyo.seisei.operator.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A pass parses, interpolates and validates only the files whose content changed since the pass before. */
class UnchangedFilesTest {

    @TempDir
    Path dir;

    final DesiredStateLoader loader = new DesiredStateLoader(Map.of("GREETING", "hi"));

    static String stack(String name, String version, int port) {
        return """
                apiVersion: operator.seisei.tokyo/v1
                kind: Stack
                metadata:
                  name: %s
                spec:
                  environment: staging
                  version: %s
                  services:
                    web:
                      image: localhost:5000/lab/app:${VERSION}
                      ports: ["127.0.0.1:%d:8080"]
                      environment:
                        GREETING: ${GREETING}
                """.formatted(name, version, port);
    }

    Path write(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name + ".yaml"), text);
    }

    /** Sets the file's time well in the past, as for a file written long before the pass. */
    static void age(Path file) throws IOException {
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().minusSeconds(60)));
    }

    @Test
    void twoPassesOverUnchangedFilesParseEachFileOnce() throws IOException {
        for (int i = 0; i < 5; i++) {
            write("s" + i, stack("s" + i, "v1", 18000 + i));
        }
        List<LoadedStack> first = loader.loadDirectory(dir);
        List<LoadedStack> second = loader.loadDirectory(dir);

        assertEquals(5, loader.filesParsed(), "the second pass parsed none");
        assertEquals(first.stream().map(LoadedStack::revision).toList(), second.stream().map(LoadedStack::revision).toList());
        assertTrue(second.stream().allMatch(LoadedStack::valid));
        assertEquals("hi", second.get(0).document().spec().services().get("web").environment().get("GREETING"));
    }

    @Test
    void aChangedFileIsParsedAgainAndATouchedOneIsNot() throws IOException {
        Path changed = write("shop", stack("shop", "v1", 18000));
        Path touched = write("blog", stack("blog", "v1", 18001));
        age(changed);
        age(touched);
        loader.loadDirectory(dir);
        loader.loadDirectory(dir);
        assertEquals(2, loader.filesParsed());

        write("shop", stack("shop", "v2", 18000));
        Files.setLastModifiedTime(touched, FileTime.from(Instant.now()));
        List<LoadedStack> stacks = loader.loadDirectory(dir);

        assertEquals(3, loader.filesParsed(), "only the changed file");
        assertEquals("v2", stacks.stream().filter(s -> s.name().equals("shop")).findFirst().orElseThrow().desiredVersion());
    }

    @Test
    void aChangeOfTheSameSizeAtTheSameRecentTimeIsSeenByItsHash() throws IOException {
        Path file = write("shop", stack("shop", "v1", 18000));
        FileTime written = Files.getLastModifiedTime(file);
        loader.loadDirectory(dir);

        write("shop", stack("shop", "v2", 18000));
        Files.setLastModifiedTime(file, written); // a file system whose clock did not move between the two writes

        assertEquals("v2", loader.loadDirectory(dir).get(0).desiredVersion());
        assertEquals(2, loader.filesParsed());
    }

    @Test
    void problemsAcrossStacksAreFoundAgainEachPassNotPiledUp() throws IOException {
        age(write("shop", stack("shop", "v1", 18000)));
        age(write("blog", stack("blog", "v1", 18000)));

        for (int pass = 0; pass < 3; pass++) {
            List<LoadedStack> stacks = loader.loadDirectory(dir);
            List<String> errors = stacks.stream().flatMap(s -> s.errors().stream()).map(Object::toString).toList();
            assertEquals(1, errors.size(), "pass " + pass + ": " + errors);
            assertTrue(errors.get(0).contains("host port"), errors.get(0));
        }
        assertEquals(2, loader.filesParsed());

        write("blog", stack("blog", "v1", 18001));
        assertTrue(loader.loadDirectory(dir).stream().allMatch(LoadedStack::valid), "the clash is gone with the change");
    }

    @Test
    void aFileThatReadsAnEnvFileIsParsedEveryPassAndAGoneFileIsGone() throws IOException {
        age(write("shop", stack("shop", "v1", 18000).replace("      environment:\n", "      env_file: web.env\n      environment:\n")));
        Files.writeString(dir.resolve("web.env"), "A=1\n");
        Path blog = write("blog", stack("blog", "v1", 18001));
        age(blog);
        loader.loadDirectory(dir);
        Files.delete(dir.resolve("web.env"));

        List<LoadedStack> stacks = loader.loadDirectory(dir);

        LoadedStack shop = stacks.stream().filter(s -> s.name().equals("shop")).findFirst().orElseThrow();
        assertTrue(shop.errors().toString().contains("env_file"), "its env_file is gone: " + shop.errors());
        assertEquals(3, loader.filesParsed(), "shop twice, blog once");

        Files.delete(blog);
        assertEquals(List.of("shop"), loader.loadDirectory(dir).stream().map(LoadedStack::name).toList());
    }

    @Test
    void anUnchangedFolderIsTheLastResultAndANewFileJoinsTheChecksAcrossStacks() throws IOException {
        age(write("shop", stack("shop", "v1", 18000)));
        age(write("blog", stack("blog", "v1", 18001)));
        List<LoadedStack> first = loader.loadDirectory(dir);

        List<LoadedStack> second = loader.loadDirectory(dir);
        assertTrue(first.get(0) == second.get(0) && first.get(1) == second.get(1), "the same stacks, checked once");

        write("wiki", stack("wiki", "v1", 18000));
        List<LoadedStack> third = loader.loadDirectory(dir);
        assertEquals(List.of("blog", "shop", "wiki"), third.stream().map(LoadedStack::name).toList());
        assertTrue(third.get(2).errors().toString().contains("host port"), "wiki takes shop's port: " + third.get(2).errors());
        assertEquals(3, loader.filesParsed());
    }
}
