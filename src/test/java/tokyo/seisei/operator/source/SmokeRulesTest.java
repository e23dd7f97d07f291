package tokyo.seisei.operator.source;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tokyo.seisei.operator.Fixtures;

/** spec.smoke: each rule reported at its field, FILE:LINE:COL, naming the field and the rule. */
class SmokeRulesTest {

    /** Lines 28 to 36 of the file, after the 27 lines of {@link Fixtures#SHOP}. */
    static final String SMOKE = """
              smoke:
                timeout: 60s
                interval: 2s
                checks:
                  - http: http://127.0.0.1:18069/web/health
                    expectStatus: 200
                    expectBody: ok
                  - tcp: 127.0.0.1:5432
                  - exec: {service: db, command: [pg_isready, -U, postgres]}
            """;

    @TempDir
    Path dir;

    private List<String> errors(String smoke) throws IOException {
        Path file = Files.writeString(dir.resolve("shop.yaml"), Fixtures.SHOP + smoke);
        return new DesiredStateLoader(Map.of()).load(file).problems().stream().map(Problem::toString).toList();
    }

    private String at(String position) {
        return dir.resolve("shop.yaml") + ":" + position + ": ";
    }

    @Test
    void theDocumentedExampleIsValid() throws IOException {
        assertEquals(List.of(), errors(SMOKE));
        assertEquals(List.of(), errors("  smoke: {}\n"));
    }

    @Test
    void timeoutAndIntervalAreDurations() throws IOException {
        assertEquals(List.of(
                        at("29:14") + "spec.smoke.timeout: 'soon' is not a duration such as 10s, 1m30s or 500ms",
                        at("30:15") + "spec.smoke.interval: '2 s' is not a duration such as 10s, 1m30s or 500ms"),
                errors(SMOKE.replace("timeout: 60s", "timeout: soon").replace("interval: 2s", "interval: 2 s")));
    }

    @Test
    void intervalMustBeShorterThanTimeout() throws IOException {
        assertEquals(List.of(at("30:15") + "spec.smoke.interval 1m must be shorter than spec.smoke.timeout 60s"),
                errors(SMOKE.replace("interval: 2s", "interval: 1m")));
        assertEquals(List.of(at("29:14") + "spec.smoke.interval 2s must be shorter than spec.smoke.timeout 1500ms"),
                errors(SMOKE.replace("timeout: 60s", "timeout: 1500ms").replace("    interval: 2s\n", "")));
        assertEquals(List.of(at("30:15") + "spec.smoke.interval '0s' must be more than zero"),
                errors(SMOKE.replace("interval: 2s", "interval: 0s")));
    }

    @Test
    void eachCheckHasExactlyOneKind() throws IOException {
        assertEquals(List.of(at("35:9") + "spec.smoke.checks[1] needs exactly one of http, tcp and exec, and has http and tcp"),
                errors(SMOKE.replace("- tcp: 127.0.0.1:5432", "- {tcp: 127.0.0.1:5432, http: http://127.0.0.1:5432/}")));
        assertEquals(List.of(
                        at("35:9") + "spec.smoke.checks[1] needs exactly one of http, tcp and exec, and has none",
                        at("35:23") + "spec.smoke.checks[1].expectStatus is only for http checks"),
                errors(SMOKE.replace("- tcp: 127.0.0.1:5432", "- expectStatus: 200")));
        assertEquals(List.of(at("35:8") + "spec.smoke.checks[1]: must be a map"),
                errors(SMOKE.replace("- tcp: 127.0.0.1:5432", "-")));
    }

    @Test
    void httpMustBeAnHttpUrlWithAHost() throws IOException {
        assertEquals(List.of(at("32:15") + "spec.smoke.checks[0].http 'htp:/x' is not an http:// or https:// URL"),
                errors(SMOKE.replace("http://127.0.0.1:18069/web/health", "htp:/x")));
        assertEquals(List.of(at("32:15") + "spec.smoke.checks[0].http 'http:///health' is not an http:// or https:// URL"),
                errors(SMOKE.replace("http://127.0.0.1:18069/web/health", "http:///health")));
        assertEquals(List.of(), errors(SMOKE.replace("http://127.0.0.1:18069/web/health", "https://shop.example/web/health")));
    }

    @Test
    void expectStatusIsAnHttpStatusAndExpectBodyGoesWithHttpOnly() throws IOException {
        assertEquals(List.of(at("33:23") + "spec.smoke.checks[0].expectStatus 42 must be an HTTP status 100-599"),
                errors(SMOKE.replace("expectStatus: 200", "expectStatus: 42")));
        assertEquals(List.of(at("35:43") + "spec.smoke.checks[1].expectBody is only for http checks"),
                errors(SMOKE.replace("- tcp: 127.0.0.1:5432", "- {tcp: 127.0.0.1:5432, expectBody: ok}")));
    }

    @Test
    void tcpIsHostColonPort() throws IOException {
        assertEquals(List.of(at("35:14") + "spec.smoke.checks[1].tcp '127.0.0.1' must be HOST:PORT with a port 1-65535"),
                errors(SMOKE.replace("127.0.0.1:5432", "127.0.0.1")));
        assertEquals(List.of(at("35:14") + "spec.smoke.checks[1].tcp 'db:70000' must be HOST:PORT with a port 1-65535"),
                errors(SMOKE.replace("127.0.0.1:5432", "db:70000")));
        assertEquals(List.of(at("35:14") + "spec.smoke.checks[1].tcp '::1:5432' must be HOST:PORT with a port 1-65535"),
                errors(SMOKE.replace("127.0.0.1:5432", "\"::1:5432\"")));
        assertEquals(List.of(), errors(SMOKE.replace("127.0.0.1:5432", "\"[::1]:5432\"")));
    }

    @Test
    void execRunsANonEmptyCommandInAServiceOfTheStack() throws IOException {
        assertEquals(List.of(at("36:25") + "spec.smoke.checks[2].exec.service 'dbb' is not a service of this stack"),
                errors(SMOKE.replace("service: db,", "service: dbb,")));
        assertEquals(List.of(at("36:29") + "spec.smoke.checks[2].exec.command must not be empty: the command to run"
                        + " in the container, as a list"),
                errors(SMOKE.replace("[pg_isready, -U, postgres]", "[]")));
        assertEquals(List.of(at("36:9") + "spec.smoke.checks[2].exec.service is required: the service whose container"
                        + " runs the command"),
                errors(SMOKE.replace("service: db, ", "")));
    }
}
