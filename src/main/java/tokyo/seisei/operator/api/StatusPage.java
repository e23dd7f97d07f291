package tokyo.seisei.operator.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import tokyo.seisei.operator.app.StatusFeed;

/**
 * {@code GET /}: the status page of the host. The page itself is rendered here (Qute), in English or, when the
 * browser asks for it first, in Chinese; it carries every status as read now, and its script
 * ({@code /page/status.js}) follows {@code /api/events/stream} from there. Nothing is fetched from anywhere but
 * this daemon.
 */
@Path("/")
public class StatusPage {

    /** The languages of the page, the first being the one used when the browser asks for none of them. */
    static final List<String> LANGUAGES = List.of("en", "zh");

    /** Scripts, styles, images and connections from this daemon only; nothing inline runs. */
    static final String POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; "
            + "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

    private static final Map<String, Map<String, String>> MESSAGES = new TreeMap<>();
    private static volatile String assets;
    private static volatile String hostName;

    @Inject
    @Location("status-page.html")
    Template page;

    @Inject
    StatusFeed feed;

    @Inject
    ObjectMapper json;

    @GET
    @Produces(MediaType.TEXT_HTML)
    public Response page(@Context HttpHeaders headers) {
        String lang = language(headers.getAcceptableLanguages());
        Map<String, String> messages = messages(lang);
        TemplateInstance html = page.data("lang", lang)
                .data("t", messages)
                .data("host", hostName())
                .data("assets", assetVersion())
                .data("messages", scriptData(messages))
                .data("initial", scriptData(feed.snapshot()));
        return Response.ok(html).type("text/html;charset=UTF-8").header("Content-Security-Policy", POLICY).header("Cache-Control", "no-store")
                .header("Vary", "Accept-Language").build();
    }

    /** The first language the browser accepts that the page speaks; English when it accepts none of them. */
    static String language(List<Locale> accepted) {
        for (Locale locale : accepted) {
            if (LANGUAGES.contains(locale.getLanguage())) {
                return locale.getLanguage();
            }
        }
        return LANGUAGES.get(0);
    }

    /** The page's words in one language: English, with the language's own where it has them. */
    static synchronized Map<String, String> messages(String lang) {
        return MESSAGES.computeIfAbsent(lang, l -> {
            Map<String, String> words = new LinkedHashMap<>(load("/page/messages.properties"));
            if (!l.equals(LANGUAGES.get(0))) {
                words.putAll(load("/page/messages_" + l + ".properties"));
            }
            return Map.copyOf(words);
        });
    }

    private static Map<String, String> load(String resource) {
        Properties properties = new Properties();
        try (InputStream in = StatusPage.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing " + resource);
            }
            properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> words = new TreeMap<>();
        properties.stringPropertyNames().forEach(k -> words.put(k, properties.getProperty(k)));
        return words;
    }

    /**
     * JSON to put inside {@code <script type="application/json">}: {@code <}, {@code >} and {@code &} are written
     * as escapes, so no value (a status message, a pause reason) can close the element or start markup.
     */
    String scriptData(Object value) {
        try {
            return json.writeValueAsString(value).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
                    .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A short hash of the script and the styles: their URLs change with them, so no browser keeps an old one. */
    static String assetVersion() {
        if (assets == null) {
            try {
                MessageDigest sha = MessageDigest.getInstance("SHA-256");
                for (String file : List.of("status.js", "status.css")) {
                    try (InputStream in = StatusPage.class.getResourceAsStream("/META-INF/resources/page/" + file)) {
                        if (in != null) {
                            sha.update(in.readAllBytes());
                        }
                    }
                }
                assets = HexFormat.of().formatHex(sha.digest()).substring(0, 12);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
        return assets;
    }

    private static String hostName() {
        if (hostName == null) {
            try {
                hostName = InetAddress.getLocalHost().getHostName();
            } catch (IOException e) {
                hostName = "";
            }
        }
        return hostName;
    }
}
