package tokyo.seisei.operator.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tokyo.seisei.operator.model.Printable;

/**
 * A seeded mutation fuzzer over the stack files shipped in desired-state/: each mutation (control bytes, anchors and
 * aliases, nesting, size, types, file names, truncation, duplication, YAML tokens, variables, byte flips, one to three
 * of them at once) of one shipped file goes through the loader in a folder beside another shipped stack (the one it
 * promotes from, when it has one). No mutation may throw out of the loader; every problem of the mutated file names
 * it, at a line and a column, in one printable line; and the stack beside it still loads.
 *
 * <p>{@code mvn test} runs 1,000 mutations; {@code -Dfuzz.mutations=10000} (make reliability) runs more, and
 * {@code -Dfuzz.seed=N} another sequence. A failure names the seed and the mutation's number, so it can be replayed.
 */
class DesiredStateFuzzTest {

    private static final long SEED = Long.getLong("fuzz.seed", 20_260_611L);
    private static final int MUTATIONS = Integer.getInteger("fuzz.mutations", 1_000);
    private static final Pattern LOCATED = Pattern.compile(":[1-9][0-9]*:[1-9][0-9]*: ");

    private static final String[] KINDS = {"control", "alias", "depth", "size", "type", "name", "truncate", "duplicate",
            "token", "variable", "flip"};
    private static final String[] TOKENS = {":", ": ", "- ", "{", "}", "[", "]", "#", "&", "*", "!", "|", ">", "%", "@", "`",
            "\"", "'", "\t", "? ", "---\n", "...\n", ",", "\n", "\n  ", "<<: ", "!!binary ", "\\", "\uFEFF", "\u2028", "é"};
    private static final String[] VALUES = {"[1, 2]", "{a: b}", "~", "null", "123", "-1", "1e400", "0x1F", "0o17", ".inf",
            "true", "no", "\"\"", "''", "!!binary aGVsbG8=", "!!float 1.5", "!!str 5", "!custom x", "2001-12-14t21:59:43.10-05:00",
            "|\n  block", ">-\n  folded", "[[[[]]]]", "{? [a]: b}", "\"\\e[31m\"", "\"\\x00\"", "\"\\u2028\"", "'it''s'",
            "99999999999999999999999999", "[]", "{}", "- x", "\"a\\\nb\""};
    private static final String[] NAMES = {"UPPER", "with space", "new\nline", "esc\u001b[2J", "-dash", "under_score",
            "dot.dot", "x".repeat(64), "日本", "a\tb", "a%2Fb", "tail-"};

    @TempDir
    Path dir;

    private record Mutation(String fileName, byte[] bytes, String kinds) {
    }

    @Test
    void noMutationOfTheShippedFilesEscapesTheLoader() throws IOException {
        List<Path> shipped;
        try (Stream<Path> files = Files.list(Path.of("desired-state"))) {
            shipped = files.filter(DesiredStateLoader::isStackFile).sorted().toList();
        }
        assertTrue(shipped.size() >= 2, "the shipped desired-state files are the fuzzer's seeds");
        DesiredStateLoader loader = new DesiredStateLoader(Map.of(), false);
        Random random = new Random(SEED);
        int rejected = 0;
        int accepted = 0;
        List<String> uncaught = new ArrayList<>();
        List<String> misplaced = new ArrayList<>();
        for (int n = 0; n < MUTATIONS; n++) {
            Path original = shipped.get(random.nextInt(shipped.size()));
            Path neighbour = neighbourOf(original, shipped, random);
            Mutation mutation = mutate(random, DesiredStateLoader.stackNameOf(original), Files.readAllBytes(original), shipped);
            String where = "mutation #" + n + " (seed " + SEED + ", " + mutation.kinds() + ") of " + original.getFileName();
            Path besides = Files.copy(neighbour, dir.resolve(neighbour.getFileName()));
            Path mutated = dir.resolve(mutation.fileName());
            Files.write(mutated, mutation.bytes());
            try {
                DesiredStateLoader.Folder folder = loader.loadFolder(dir);
                String file = Printable.escape(mutated.toString());
                List<Problem> ofMutated = new ArrayList<>(folder.refused());
                folder.stacks().stream().filter(s -> s.file().equals(mutated)).forEach(s -> ofMutated.addAll(s.problems()));
                boolean valid = folder.refused().isEmpty()
                        && folder.stacks().stream().filter(s -> s.file().equals(mutated)).allMatch(LoadedStack::valid);
                if (valid) {
                    accepted++;
                } else {
                    rejected++;
                }
                for (Problem problem : ofMutated) {
                    String line = problem.toString();
                    if (problem.isError() && (!problem.file().equals(file) || !line.startsWith(file)
                            || !LOCATED.matcher(line.substring(file.length())).lookingAt()
                            || line.codePoints().anyMatch(Printable::escaped)
                            || problem.message().length() > Printable.MAX_MESSAGE + 40)) {
                        misplaced.add(where + ": " + Printable.excerpt(line));
                    }
                }
                String name = DesiredStateLoader.stackNameOf(neighbour);
                if (folder.stacks().stream().noneMatch(s -> s.file().equals(besides) && s.name().equals(name)
                        && s.document() != null)) {
                    misplaced.add(where + ": stack " + name + " did not load beside it");
                }
            } catch (Throwable e) {
                uncaught.add(where + ": " + e);
            } finally {
                Files.delete(mutated);
                Files.deleteIfExists(besides);
            }
        }
        System.out.printf("fuzz: %d mutations, %d rejected, %d accepted, %d uncaught exceptions, %d problems not naming the"
                + " file (seed %d)%n", MUTATIONS, rejected, accepted, uncaught.size(), misplaced.size(), SEED);
        assertEquals(List.of(), uncaught.stream().limit(20).toList(), "exceptions out of the loader");
        assertEquals(List.of(), misplaced.stream().limit(20).toList(), "problems not placed in the mutated file");
        assertTrue(rejected > 0 && accepted > 0, "the mutations both break files and leave some valid");
    }

    /** The stack a file promotes from, so the checks across stacks see it; else another shipped file. */
    private static Path neighbourOf(Path original, List<Path> shipped, Random random) throws IOException {
        java.util.regex.Matcher from = Pattern.compile("from: ([a-z0-9-]+)").matcher(Files.readString(original));
        if (from.find() && Files.exists(original.resolveSibling(from.group(1) + ".yaml"))) {
            return original.resolveSibling(from.group(1) + ".yaml");
        }
        List<Path> others = shipped.stream().filter(p -> !p.equals(original)).toList();
        return others.get(random.nextInt(others.size()));
    }

    private static Mutation mutate(Random random, String stack, byte[] bytes, List<Path> shipped) {
        String name = stack + ".yaml";
        byte[] out = bytes;
        List<String> kinds = new ArrayList<>();
        int count = 1 + (random.nextInt(4) == 0 ? random.nextInt(3) : 0);
        for (int i = 0; i < count; i++) {
            String kind = KINDS[random.nextInt(KINDS.length)];
            kinds.add(kind);
            String text = new String(out, StandardCharsets.UTF_8);
            switch (kind) {
                case "control" -> {
                    int c = random.nextInt(3) == 0 ? 0x7F + random.nextInt(0x21) : random.nextInt(0x20);
                    out = insert(random, text, new String(Character.toChars(c)));
                }
                case "alias" -> out = alias(random, text);
                case "depth" -> {
                    int levels = 40 + random.nextInt(random.nextBoolean() ? 30 : 5_000);
                    String open = random.nextBoolean() ? "[" : "{k: ";
                    String nest = open.repeat(levels) + (random.nextBoolean() ? "x" + (open.equals("[") ? "]" : "}").repeat(levels) : "");
                    out = random.nextBoolean() ? insert(random, text, nest) : replaceValue(random, text, nest);
                }
                case "size" -> {
                    int length = random.nextInt(10) == 0 ? DesiredStateLoader.MAX_LINE + random.nextInt(2_000)
                            : random.nextInt(5_000);
                    String filler = random.nextBoolean() ? "a".repeat(length) : "a ".repeat(length / 2);
                    out = random.nextInt(20) == 0
                            ? (text + ("#" + "z".repeat(999) + "\n").repeat(1_100)).getBytes(StandardCharsets.UTF_8)
                            : replaceValue(random, text, filler);
                }
                case "type" -> out = replaceValue(random, text, VALUES[random.nextInt(VALUES.length)]);
                case "name" -> {
                    if (random.nextBoolean()) {
                        String other = DesiredStateLoader.stackNameOf(shipped.get(random.nextInt(shipped.size())));
                        name = random.nextBoolean() ? NAMES[random.nextInt(NAMES.length)] + ".yaml"
                                : other.equals(stack) ? stack + "-b.yml" : other + ".yml";
                    } else {
                        out = text.replace("name: " + stack, "name: " + NAMES[random.nextInt(NAMES.length)])
                                .getBytes(StandardCharsets.UTF_8);
                    }
                }
                case "truncate" -> out = java.util.Arrays.copyOf(out, random.nextInt(out.length + 1));
                case "duplicate" -> out = duplicate(random, text);
                case "token" -> out = insert(random, text, TOKENS[random.nextInt(TOKENS.length)]);
                case "variable" -> out = replaceValue(random, text, List.of("${", "${X:?no}", "$$", "${VERSION:-${X}}", "${A-b}",
                        "${NOPE}", "$", "${VERSION}${VERSION}", "${" + "x".repeat(300) + "}").get(random.nextInt(9)));
                default -> {
                    out = out.clone();
                    for (int flips = 1 + random.nextInt(8); flips > 0 && out.length > 0; flips--) {
                        out[random.nextInt(out.length)] ^= (byte) (1 << random.nextInt(8));
                    }
                }
            }
        }
        return new Mutation(name, out, String.join("+", kinds));
    }

    private static byte[] insert(Random random, String text, String piece) {
        int at = text.isEmpty() ? 0 : random.nextInt(text.length() + 1);
        if (at > 0 && at < text.length() && Character.isLowSurrogate(text.charAt(at))) {
            at--;
        }
        return (text.substring(0, at) + piece + text.substring(at)).getBytes(StandardCharsets.UTF_8);
    }

    /** Replaces what follows the ": " of a random line that has one, else inserts the value somewhere. */
    private static byte[] replaceValue(Random random, String text, String value) {
        List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
        List<Integer> candidates = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(": ")) {
                candidates.add(i);
            }
        }
        if (candidates.isEmpty()) {
            return insert(random, text, value);
        }
        int line = candidates.get(random.nextInt(candidates.size()));
        String current = lines.get(line);
        lines.set(line, current.substring(0, current.indexOf(": ") + 2) + value);
        return String.join("\n", lines).getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] alias(Random random, String text) {
        return switch (random.nextInt(4)) {
            case 0 -> replaceValue(random, text, "&anchor " + (random.nextBoolean() ? "x" : "[a, b]"));
            case 1 -> replaceValue(random, text, "*anchor");
            case 2 -> (text + "x-common: &common {restart: always}\n").replace("    restart: unless-stopped",
                    "    <<: *common").getBytes(StandardCharsets.UTF_8);
            default -> {
                StringBuilder bomb = new StringBuilder("x0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
                for (int i = 1; i < 12; i++) {
                    String p = "*a" + (i - 1);
                    bomb.append("x").append(i).append(": &a").append(i).append(" [").append(String.join(", ",
                            java.util.Collections.nCopies(9, p))).append("]\n");
                }
                yield (text + bomb).getBytes(StandardCharsets.UTF_8);
            }
        };
    }

    private static byte[] duplicate(Random random, String text) {
        List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
        return switch (random.nextInt(3)) {
            case 0 -> {
                int from = random.nextInt(lines.size());
                int to = Math.min(lines.size(), from + 1 + random.nextInt(6));
                lines.addAll(to, new ArrayList<>(lines.subList(from, to)));
                yield String.join("\n", lines).getBytes(StandardCharsets.UTF_8);
            }
            case 1 -> (text + text).getBytes(StandardCharsets.UTF_8);
            default -> (text + "---\n" + text).getBytes(StandardCharsets.UTF_8);
        };
    }
}
