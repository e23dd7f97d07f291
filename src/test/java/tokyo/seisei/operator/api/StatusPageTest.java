package tokyo.seisei.operator.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

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
    void nothingInTheDataCanCloseItsScriptElement() {
        StatusPage page = new StatusPage();
        page.json = new ObjectMapper();
        String data = page.scriptData(Map.of("message", "</script><img src=x onerror=alert(1)> & \u2028"));
        assertFalse(data.contains("<") || data.contains(">") || data.contains("&") || data.contains("\u2028"), data);
        assertEquals("{\"message\":\"\\u003c/script\\u003e\\u003cimg src=x onerror=alert(1)\\u003e \\u0026 \\u2028\"}", data);
    }
}
