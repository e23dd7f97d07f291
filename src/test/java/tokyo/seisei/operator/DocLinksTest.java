package tokyo.seisei.operator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every relative link of the README and the docs leads somewhere: to a file that exists and, for a
 * {@code #anchor}, to a heading of that file, with the anchors GitHub makes of headings.
 */
class DocLinksTest {

    private static final Pattern LINK = Pattern.compile("\\[([^\\]]*)\\]\\(([^)\\s]+)(?:\\s+\"[^\"]*\")?\\)");
    private static final Pattern INLINE_CODE = Pattern.compile("`[^`]*`");
    private static final Pattern HEADING = Pattern.compile("^#{1,6} (.*)$");
    private static final Pattern EXTERNAL = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*:.*");

    @Test
    void everyRelativeLinkResolves() throws IOException {
        List<String> broken = new ArrayList<>();
        for (Path page : pages()) {
            List<String> lines = Files.readAllLines(page);
            boolean fenced = false;
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                if (line.startsWith("```")) {
                    fenced = !fenced;
                    continue;
                }
                if (fenced) {
                    continue;
                }
                Matcher link = LINK.matcher(INLINE_CODE.matcher(line).replaceAll("code"));
                while (link.find()) {
                    String problem = problemOf(page, link.group(2));
                    if (problem != null) {
                        broken.add(page + ":" + (i + 1) + ": (" + link.group(2) + ") " + problem);
                    }
                }
            }
        }
        assertEquals(List.of(), broken, "links that lead nowhere");
    }

    @Test
    void anchorsAreMadeAsGitHubMakesThem() {
        assertEquals("statusstackyaml", anchorOf("status/\\<stack\\>.yaml"));
        assertEquals("backups-restore", anchorOf("backups, restore"));
        assertEquals("depends_on", anchorOf("depends_on"));
        assertEquals("the-git-webhook", anchorOf("The git webhook"));
        assertEquals("部署失败并已回滚", anchorOf("部署失败并已回滚"));
        assertTrue(anchorsOf(List.of("## smoke", "### Smoke")).contains("smoke-1"));
    }

    private static List<Path> pages() throws IOException {
        List<Path> pages = new ArrayList<>(List.of(Path.of("README.md")));
        for (Path folder : List.of(Path.of("docs"), Path.of("src"))) {
            try (Stream<Path> files = Files.walk(folder)) {
                files.filter(f -> f.toString().endsWith(".md")).sorted().forEach(pages::add);
            }
        }
        return pages;
    }

    /** Why the target leads nowhere, or null when it resolves. */
    private static String problemOf(Path page, String target) throws IOException {
        if (EXTERNAL.matcher(target).matches() || target.startsWith("/")) {
            return null;
        }
        int hash = target.indexOf('#');
        String path = hash < 0 ? target : target.substring(0, hash);
        String anchor = hash < 0 ? "" : target.substring(hash + 1);
        Path file = path.isEmpty() ? page : page.resolveSibling(path).normalize();
        if (!Files.exists(file)) {
            return "no file " + file;
        }
        if (anchor.isEmpty() || !file.toString().endsWith(".md")) {
            return null;
        }
        return anchorsOf(Files.readAllLines(file)).contains(anchor) ? null : "no heading of " + file + " makes #" + anchor;
    }

    private static Set<String> anchorsOf(List<String> lines) {
        Set<String> anchors = new HashSet<>();
        Map<String, Integer> seen = new HashMap<>();
        boolean fenced = false;
        for (String line : lines) {
            if (line.startsWith("```")) {
                fenced = !fenced;
            }
            Matcher heading = HEADING.matcher(line);
            if (!fenced && heading.matches()) {
                String anchor = anchorOf(heading.group(1));
                Integer times = seen.merge(anchor, 1, Integer::sum);
                anchors.add(times == 1 ? anchor : anchor + "-" + (times - 1));
            }
        }
        return anchors;
    }

    /** GitHub's rule: the heading's text, lower case, without punctuation, spaces made dashes. */
    static String anchorOf(String heading) {
        String text = heading.replaceAll("\\[([^\\]]*)\\]\\([^)]*\\)", "$1").replace("`", "").replace("\\", "");
        return text.strip().toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}\\p{M}_\\- ]", "").replace(' ', '-');
    }
}
