package tokyo.seisei.operator.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tokyo.seisei.operator.app.StatusFeed;
import tokyo.seisei.operator.model.Phase;
import tokyo.seisei.operator.model.StackStatus;
import tokyo.seisei.operator.source.Source;
import tokyo.seisei.operator.source.SourceRevision;

/** The status page's choice of language, its words, and the data it carries for its script. */
class StatusPageTest {

    @Test
    void chineseOnlyWhenTheBrowserAsksForItBeforeEnglish() {
        assertEquals("zh", StatusPage.language(List.of(Locale.forLanguageTag("zh-CN"), Locale.forLanguageTag("zh"), Locale.ENGLISH)));
        assertEquals("zh", StatusPage.language(List.of(Locale.FRENCH, Locale.forLanguageTag("zh-TW"))));
        assertEquals("en", StatusPage.language(List.of(Locale.forLanguageTag("en-US"), Locale.forLanguageTag("zh"))));
        assertEquals("en", StatusPage.language(List.of(Locale.JAPANESE)));
        assertEquals("en", StatusPage.language(List.of()));
    }

    @Test
    void everyWordHasItsChineseOne() {
        Map<String, String> english = StatusPage.messages("en");
        Map<String, String> chinese = StatusPage.messages("zh");
        assertEquals(english.keySet(), chinese.keySet());
        english.keySet().stream().filter(key -> !key.equals("app")).forEach(key ->
                assertFalse(english.get(key).equals(chinese.get(key)), key + " is not in Chinese: " + chinese.get(key)));
    }

    @Test
    void theNewFactsHaveTheirWordsInBothLanguages() {
        for (String lang : StatusPage.LANGUAGES) {
            Map<String, String> words = StatusPage.messages(lang);
            for (String key : List.of("commit", "commit.title", "source", "source.label", "source.reachable", "source.unreachable",
                    "source.neverFetched", "failedLogs", "failedLogs.of", "backup", "backup.none", "backup.passed", "backup.failed")) {
                assertFalse(words.getOrDefault(key, "").isBlank(), key + " in " + lang);
            }
            assertTrue(words.get("commit.title").contains("{subject}") && words.get("commit.title").contains("{author}"), lang);
            assertTrue(words.get("failedLogs.of").contains("{version}"), lang);
        }
        assertEquals("上次备份验证", StatusPage.messages("zh").get("backup"));
    }

    @Test
    void theDataCarriesTheCommitTheBackupVerificationAndTheRepository() {
        StatusPage page = new StatusPage();
        page.json = new ObjectMapper();
        StackStatus status = new StackStatus("shop", "staging", Phase.Ready, null, "running", "sha-2", "sha-2", null,
                new StackStatus.SourceCommit("1a2b3c4d5e6f", "Shop <v2>", "Alice <alice@example.com>", "2026-11-26T12:00:00Z"),
                null, null, null, null, null, null, null,
                new StackStatus.VerifiedBackup("20261126T120000Z-shop", "2026-11-26T12:30:00Z", true), null);
        Source.Remote remote = new Source.Remote("file:///srv/desired.git", "main",
                new SourceRevision("1a2b3c4d5e6f", "Shop <v2>", "Alice <alice@example.com>", "2026-11-26T12:00:00Z", null),
                "2026-11-26T12:40:00Z", true, null, null);
        String data = page.scriptData(new StatusFeed.Snapshot("b-1", List.of(status), null, remote));
        assertTrue(data.contains("\"source\":{\"commit\":\"1a2b3c4d5e6f\",\"subject\":\"Shop \\u003cv2\\u003e\""), data);
        assertTrue(data.contains("\"lastVerifiedBackup\":{\"id\":\"20261126T120000Z-shop\",\"at\":\"2026-11-26T12:30:00Z\",\"passed\":true}"), data);
        assertTrue(data.contains("\"source\":{\"url\":\"file:///srv/desired.git\",\"branch\":\"main\",\"commit\":{\"commit\":\"1a2b3c4d5e6f\""), data);
        assertTrue(data.contains("\"reachable\":true"), data);
        assertFalse(data.contains("shortCommit"), data);
    }

    @Test
    void nothingInTheDataCanCloseItsScriptElement() {
        StatusPage page = new StatusPage();
        page.json = new ObjectMapper();
        String data = page.scriptData(Map.of("message", "</script><img src=x onerror=alert(1)> & \u2028"));
        assertFalse(data.contains("<") || data.contains(">") || data.contains("&") || data.contains("\u2028"), data);
        assertEquals("{\"message\":\"\\u003c/script\\u003e\\u003cimg src=x onerror=alert(1)\\u003e \\u0026 \\u2028\"}", data);
    }
}
