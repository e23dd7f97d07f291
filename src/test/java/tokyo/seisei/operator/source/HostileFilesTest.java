package tokyo.seisei.operator.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tokyo.seisei.operator.Fixtures;

/**
 * Files written to hurt the operator: each is refused as a problem of its own file, placed at a line and a column,
 * and the other stacks of the folder still load, valid.
 */
class HostileFilesTest {

    @TempDir
    Path dir;

    @TempDir
    Path outside;

    private final DesiredStateLoader loader = new DesiredStateLoader(Map.of());

    /** A valid stack beside every hostile file. */
    @BeforeEach
    void goodNeighbour() throws IOException {
        Files.writeString(dir.resolve("good.yaml"), Fixtures.SHOP.replace("name: shop", "name: good"));
    }

    private static String hostile(String replace, String with) {
        String text = Fixtures.SHOP.replace("name: shop", "name: hostile").replace("18069", "18070");
        assertTrue(text.contains(replace), replace);
        return text.replace(replace, with);
    }

    /** Loads the folder: the good stack is valid, and the single error of the hostile file is returned. */
    private String refusal(String fileName) {
        DesiredStateLoader.Folder folder = loader.loadFolder(dir);
        LoadedStack good = folder.stacks().stream().filter(s -> s.name().equals("good")).findFirst().orElseThrow();
        assertTrue(good.valid(), () -> good.problems().toString());
        List<Problem> errors = folder.stacks().stream().filter(s -> !s.name().equals("good"))
                .flatMap(s -> s.errors().stream()).toList();
        List<Problem> all = new java.util.ArrayList<>(errors);
        all.addAll(folder.refused());
        assertEquals(1, all.size(), all::toString);
        String line = all.get(0).toString();
        assertFalse(line.contains("\n") || line.contains("\r") || line.contains("\u001b") || line.contains("\u0000"), line);
        return line;
    }

    private static void assertLocated(Path file, int line, int column, String messagePart, String problem) {
        String prefix = file + ":" + line + ":" + column + ": ";
        assertTrue(problem.startsWith(prefix) && problem.contains(messagePart), () -> "expected " + prefix + "..." + messagePart
                + "\n got " + problem);
    }

    @Test
    void anEscapeCharacterIsRefusedWhereItStands() throws IOException {
        Path file = Files.writeString(dir.resolve("hostile.yaml"), hostile("sha-19b9b98", "sha-19b\u001b[2J9b98"));
        assertLocated(file, 7, 19, "control character U+001B (ESCAPE)", refusal("hostile.yaml"));
    }

    @Test
    void aNulByteIsRefusedWhereItStands() throws IOException {
        Path file = Files.writeString(dir.resolve("hostile.yaml"), hostile("kind: Stack", "kind: St\u0000ack"));
        assertLocated(file, 2, 9, "control character U+0000 (NULL)", refusal("hostile.yaml"));
    }

    @Test
    void bytesThatAreNotUtf8AreRefused() throws IOException {
        byte[] text = hostile("kind: Stack", "kind: St#ack").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        int hash = new String(text, java.nio.charset.StandardCharsets.UTF_8).indexOf('#');
        text[hash] = (byte) 0xff;
        Path file = Files.write(dir.resolve("hostile.yaml"), text);
        assertLocated(file, 2, 9, "not UTF-8 text: byte 0xff", refusal("hostile.yaml"));
    }

    @Test
    void anAliasBombIsRefusedAtItsFirstAnchorWithoutExpandingIt() throws IOException {
        StringBuilder bomb = new StringBuilder("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        for (char c = 'b'; c <= 'z'; c++) {
            String previous = "*" + (char) (c - 1);
            bomb.append(c).append(": &").append(c).append(" [").append(String.join(",", List.of(previous, previous,
                    previous, previous, previous, previous, previous, previous, previous))).append("]\n");
        }
        Path file = Files.writeString(dir.resolve("hostile.yaml"), bomb.toString());
        assertLocated(file, 1, 4, "anchors (&name) are not supported", refusal("hostile.yaml"));
    }

    @Test
    void anAliasIsRefusedAtIt() throws IOException {
        Path file = Files.writeString(dir.resolve("hostile.yaml"), hostile("  version: sha-19b9b98",
                "  version: sha-19b9b98\n  prune: *flag"));
        assertLocated(file, 8, 10, "aliases (*name) are not supported", refusal("hostile.yaml"));
    }

    @Test
    void aHundredThousandOpenBracketsAreRefusedAtTheFirstTooDeep() throws IOException {
        Path file = Files.writeString(dir.resolve("hostile.yaml"), "[".repeat(50_000) + "\n" + "[".repeat(50_000) + "\n");
        assertLocated(file, 1, YamlLocations.MAX_DEPTH + 1, "nest deeper than 50 levels", refusal("hostile.yaml"));
    }

    @Test
    void aMappingThreeThousandLevelsDeepIsRefusedAtTheFirstTooDeep() throws IOException {
        Path file = Files.writeString(dir.resolve("hostile.yaml"), "{k: ".repeat(3000) + "v" + "}".repeat(3000) + "\n");
        assertLocated(file, 1, 4 * YamlLocations.MAX_DEPTH + 1, "nest deeper than 50 levels", refusal("hostile.yaml"));
    }

    @Test
    void aBlockMappingThreeThousandLevelsDeepIsRefusedAtTheFirstTooDeep() throws IOException {
        Path file = Files.writeString(dir.resolve("hostile.yaml"), blockMapping(3000));
        String problem = refusal("hostile.yaml");
        assertTrue(problem.startsWith(file + ":" + (YamlLocations.MAX_DEPTH + 1) + ":"), problem);
        assertTrue(problem.contains("nest deeper than 50 levels"), problem);
    }

    /** k0:\n k1:\n  k2: ... one space more per level, as deep as asked, under 1 MiB for 1,400 levels. */
    private static String blockMapping(int levels) {
        StringBuilder text = new StringBuilder();
        for (int level = 0; level < Math.min(levels, 1400); level++) {
            text.append(" ".repeat(level)).append("k").append(level).append(":\n");
        }
        return text.toString();
    }

    /** Keys nested as deep as asked, each of the given length, over a flow list of small items up to about the size. */
    private static String longKeysOverALongList(int levels, int keyLength, int size) {
        StringBuilder text = new StringBuilder("apiVersion: operator.seisei.tokyo/v1\nkind: Stack\nmetadata:\n  name: hostile\nspec:\n");
        String indent = "  ";
        for (int level = 0; level < levels; level++) {
            text.append(indent).append(String.format("k%02d", level)).append("x".repeat(keyLength - 3)).append(":\n");
            indent += "  ";
        }
        text.append(indent).append("- [1");
        String line = "\n" + indent + "  " + ",1".repeat(20_000);
        while (text.length() + line.length() + 2 <= size) {
            text.append(line);
        }
        return text.append("]\n").toString();
    }

    @Test
    void aLongKeyIsRefusedWhereItStandsBeforeItsPathIsCopiedIntoEveryItem() throws IOException {
        Path file = Files.writeString(dir.resolve("hostile.yaml"), longKeysOverALongList(20, 1003, 60_000));
        assertLocated(file, 6, 3, "a key is 1003 characters long, more than 256; a stack file's keys are short names",
                refusal("hostile.yaml"));
    }

    @Test
    void longKeysWithinTheLimitOverAMebibyteOfItemsKeepTheRecordedPathsWithinTheirBudget() throws IOException {
        String text = longKeysOverALongList(YamlLocations.MAX_DEPTH - 4, YamlLocations.MAX_KEY, 1024 * 1024);
        YamlLocations locations = YamlLocations.of(text, new org.yaml.snakeyaml.LoaderOptions());
        assertTrue(locations.recordedBytes() < YamlLocations.PATH_BUDGET + 64 * 1024, () -> locations.recordedBytes() + " bytes");
        Path file = Files.writeString(dir.resolve("hostile.yaml"), text);
        String problem = refusal("hostile.yaml");
        assertLocated(file, 6, 3, "unknown field 'k00xxx", problem);
        assertTrue(problem.contains(" in spec; valid fields: "), problem);
    }

    @Test
    void aLineLongerThanTheLimitIsRefusedBeforeAnyYamlIsRead() throws IOException {
        Path file = Files.writeString(dir.resolve("hostile.yaml"), hostile("sha-19b9b98",
                "x".repeat(DesiredStateLoader.MAX_LINE + 1)));
        assertLocated(file, 7, 1, "line 7 is longer than " + DesiredStateLoader.MAX_LINE + " characters", refusal("hostile.yaml"));
    }

    @Test
    void aLongValueIsQuotedInPartOnly() throws IOException {
        String value = "v".repeat(60_000);
        Files.writeString(dir.resolve("hostile.yaml"), hostile("sha-19b9b98", value));
        List<String> problems = loader.loadFolder(dir).stacks().stream().flatMap(s -> s.problems().stream())
                .map(Object::toString).toList();
        assertTrue(problems.stream().anyMatch(p -> p.contains("spec.version 'vvvv") && p.contains("more characters)")
                && p.endsWith("must be letters, digits, '.', '_', '+' or '-' (no spaces or '|')")), problems::toString);
        Pattern tooMuch = Pattern.compile("v{201}");
        assertTrue(problems.stream().noneMatch(p -> tooMuch.matcher(p).find()), "no problem quotes more than 200 characters");
    }

    @Test
    void aFileOverTheSizeLimitIsRefusedWithoutBeingRead() throws IOException {
        Path file = dir.resolve("hostile.yaml");
        try (RandomAccessFile sparse = new RandomAccessFile(file.toFile(), "rw")) {
            sparse.setLength(50L * 1024 * 1024);
        }
        assertLocated(file, 1, 1, "the file is 52428800 bytes, more than operator.max-file-size (1048576 bytes): it is not read",
                refusal("hostile.yaml"));
    }

    @Test
    void theSizeLimitIsASetting() throws IOException {
        Path file = Files.writeString(dir.resolve("hostile.yaml"), hostile("", ""));
        long size = Files.size(file);
        DesiredStateLoader small = new DesiredStateLoader(Map.of(), true, size - 1);
        LoadedStack refused = small.load(file);
        assertEquals(List.of(file + ":1:1: the file is " + size + " bytes, more than operator.max-file-size (" + (size - 1)
                + " bytes): it is not read"), refused.errors().stream().map(Object::toString).toList());
        assertTrue(new DesiredStateLoader(Map.of(), true, size).load(file).valid());
    }

    @Test
    void aSymbolicLinkIsRefusedAndItsTargetIsNotRead() throws IOException {
        Path secret = Files.writeString(outside.resolve("shadow"), "root:$6$secret-hash:19000:0:99999:7:::\n");
        Path link = Files.createSymbolicLink(dir.resolve("hostile.yaml"), secret);
        String problem = refusal("hostile.yaml");
        assertLocated(link, 1, 1, "the file is a symbolic link: only regular files in the desired-state folder are read", problem);
        assertFalse(problem.contains("secret-hash"), problem);
        LoadedStack stack = loader.load(link);
        assertNull(stack.document());
        assertNull(stack.revision(), "a refused file has no revision: its bytes were not read");
    }

    @Test
    void aLinkToAValidStackFileIsRefusedToo() throws IOException {
        Path target = Files.writeString(outside.resolve("hostile.yaml"), hostile("", ""));
        Path link = Files.createSymbolicLink(dir.resolve("hostile.yaml"), target);
        assertLocated(link, 1, 1, "the file is a symbolic link", refusal("hostile.yaml"));
    }

    @Test
    void aFifoIsRefusedWithoutBeingOpened() throws Exception {
        Path fifo = dir.resolve("hostile.yaml");
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
        assertTrue(mkfifo.waitFor(30, TimeUnit.SECONDS) && mkfifo.exitValue() == 0, "mkfifo");
        assertLocated(fifo, 1, 1, "the file is a special file (FIFO, socket or device)", refusal("hostile.yaml"));
    }

    @Test
    void aFolderNamedLikeAStackFileIsRefused() throws IOException {
        Path folder = Files.createDirectory(dir.resolve("hostile.yaml"));
        assertLocated(folder, 1, 1, "the file is a folder", refusal("hostile.yaml"));
    }

    @Test
    void aFileNameThatMakesNoStackNameIsRefusedAndShownEscaped() throws IOException {
        Files.writeString(dir.resolve("x\n2031-01-01 00:00:00 INFO  forged.yaml"), hostile("", ""));
        String problem = refusal("forged");
        assertTrue(problem.startsWith(dir + "/x\\n2031-01-01 00:00:00 INFO  forged.yaml:1:1: the file name does not make a stack"
                + " name: 'x\\n2031-01-01 00:00:00 INFO  forged' is not a stack name: lowercase letters, digits and '-', at most"
                + " 63 characters, starting with a letter or a digit"), problem);
        assertEquals(List.of("good"), loader.loadDirectory(dir).stream().map(LoadedStack::name).toList(),
                "a file that makes no stack is left out of the stacks to converge");
    }

    @Test
    void upperCaseAndOverlongFileNamesAreRefused() throws IOException {
        Files.writeString(dir.resolve("Hostile.yaml"), hostile("", ""));
        assertTrue(refusal("Hostile").contains("'Hostile' is not a stack name"));
        Files.delete(dir.resolve("Hostile.yaml"));
        Files.writeString(dir.resolve("a".repeat(64) + ".yaml"), hostile("", ""));
        assertTrue(refusal("a".repeat(64)).contains("is not a stack name"));
    }

    @Test
    void anImageWithAnOptionAfterItsTagIsRefusedByTheReferenceGrammar() throws IOException {
        Path file = Files.writeString(dir.resolve("hostile.yaml"), hostile("odoo:${VERSION}", "odoo:${VERSION} --privileged"));
        assertLocated(file, 10, 14, "spec.services.web.image 'localhost:5000/seisei/odoo:sha-19b9b98 --privileged' is not an image"
                + " reference [HOST[:PORT]/]PATH[:TAG][@DIGEST]: the tag 'sha-19b9b98 --privileged' must be 1 to 128 letters,"
                + " digits, '_', '.' or '-', not starting with '.' or '-'", refusal("hostile.yaml"));
    }

    @Test
    void anUpperCaseImagePathIsRefusedByTheReferenceGrammar() throws IOException {
        Path file = Files.writeString(dir.resolve("hostile.yaml"), hostile("seisei/odoo:", "Seisei/Odoo:"));
        assertLocated(file, 10, 14, "the path component 'Seisei' must be lowercase letters and digits", refusal("hostile.yaml"));
    }

    @Test
    void aPromotionSourceThatIsNoStackNameIsRefusedWithoutLookingForItsFile() throws IOException {
        Path file = Files.writeString(dir.resolve("hostile.yaml"), hostile("  version: sha-19b9b98",
                "  version: sha-19b9b98\n  promotion: {from: ../../etc/passwd}"));
        assertLocated(file, 8, 21, "spec.promotion.from '../../etc/passwd' is not a stack name", refusal("hostile.yaml"));
    }

    @Test
    void aLongDefaultIsSubstitutedOnTheLaunchersStack() throws Exception {
        String pem = "-----BEGIN CERTIFICATE-----\\n" + "MIIB".repeat(1000) + "\\n-----END CERTIFICATE-----";
        Path file = Files.writeString(dir.resolve("hostile.yaml"), hostile("${GREETING:-hello}", "${GREETING:-" + pem + "}"));
        java.util.concurrent.atomic.AtomicReference<LoadedStack> loaded = new java.util.concurrent.atomic.AtomicReference<>();
        Thread launcherStack = new Thread(null, () -> loaded.set(loader.load(file)), "xss512k", 512 * 1024);
        launcherStack.start();
        launcherStack.join();
        LoadedStack stack = loaded.get();
        assertTrue(stack.valid(), () -> stack.problems().toString());
        assertEquals(pem, stack.document().spec().services().get("web").environment().get("GREETING"));
    }

    @Test
    void twoDocumentsInOneFileAreRefused() throws IOException {
        String first = hostile("", "");
        Path file = Files.writeString(dir.resolve("hostile.yaml"), first + "---\nspec: {paused: true}\n");
        assertLocated(file, (int) first.lines().count() + 1, 1, "more than one YAML document", refusal("hostile.yaml"));
    }
}
