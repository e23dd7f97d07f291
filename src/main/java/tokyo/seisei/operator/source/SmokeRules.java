package tokyo.seisei.operator.source;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import tokyo.seisei.operator.model.ComposeDuration;
import tokyo.seisei.operator.model.HostPort;
import tokyo.seisei.operator.model.SmokeSpec;
import tokyo.seisei.operator.model.StackSpec;

/** The rules of spec.smoke. */
final class SmokeRules {

    private static final String AT = "spec.smoke";

    private final ProblemSink sink;

    SmokeRules(ProblemSink sink) {
        this.sink = sink;
    }

    void validate(StackSpec spec) {
        SmokeSpec smoke = spec.smoke();
        if (smoke == null) {
            return;
        }
        Duration timeout = duration(AT + ".timeout", smoke.timeoutOrDefault());
        Duration interval = duration(AT + ".interval", smoke.intervalOrDefault());
        if (interval != null && interval.isZero()) {
            sink.error(AT + ".interval", AT + ".interval '" + smoke.interval() + "' must be more than zero");
        } else if (timeout != null && interval != null && interval.compareTo(timeout) >= 0) {
            sink.error(smoke.interval() != null ? AT + ".interval" : AT + ".timeout", AT + ".interval "
                    + smoke.intervalOrDefault() + " must be shorter than " + AT + ".timeout " + smoke.timeoutOrDefault());
        }
        for (int i = 0; i < smoke.checks().size(); i++) {
            check(spec, AT + ".checks[" + i + "]", smoke.checks().get(i));
        }
    }

    private void check(StackSpec spec, String at, SmokeSpec.Check check) {
        if (check == null) {
            sink.error(at, at + " is empty: a check needs exactly one of http, tcp and exec");
            return;
        }
        List<String> kinds = new ArrayList<>();
        if (check.http() != null) {
            kinds.add("http");
        }
        if (check.tcp() != null) {
            kinds.add("tcp");
        }
        if (check.exec() != null) {
            kinds.add("exec");
        }
        if (kinds.size() != 1) {
            sink.error(at, at + " needs exactly one of http, tcp and exec, and has "
                    + (kinds.isEmpty() ? "none" : String.join(" and ", kinds)));
        }
        if (check.http() != null) {
            http(at, check);
        } else {
            onlyForHttp(at + ".expectStatus", check.expectStatus());
            onlyForHttp(at + ".expectBody", check.expectBody());
        }
        if (check.tcp() != null) {
            try {
                HostPort.parse(check.tcp());
            } catch (IllegalArgumentException e) {
                sink.error(at + ".tcp", at + ".tcp '" + check.tcp() + "' must be HOST:PORT with a port 1-65535");
            }
        }
        if (check.exec() != null) {
            exec(spec, at + ".exec", check.exec());
        }
    }

    private void http(String at, SmokeSpec.Check check) {
        if (!isHttpUrl(check.http())) {
            sink.error(at + ".http", at + ".http '" + check.http() + "' is not an http:// or https:// URL");
        }
        Integer status = check.expectStatus();
        if (status != null && (status < 100 || status > 599)) {
            sink.error(at + ".expectStatus", at + ".expectStatus " + status + " must be an HTTP status 100-599");
        }
    }

    private void onlyForHttp(String path, Object value) {
        if (value != null) {
            sink.error(path, path + " is only for http checks");
        }
    }

    private void exec(StackSpec spec, String at, SmokeSpec.Exec exec) {
        if (exec.service() == null || exec.service().isBlank()) {
            sink.error(at + ".service", at + ".service is required: the service whose container runs the command");
        } else if (!spec.services().containsKey(exec.service())) {
            sink.error(at + ".service", at + ".service '" + exec.service() + "' is not a service of this stack");
        }
        if (exec.command().isEmpty()) {
            sink.error(at + ".command", at + ".command must not be empty: the command to run in the container, as a list");
        }
    }

    private static boolean isHttpUrl(String text) {
        try {
            URI uri = new URI(text);
            String scheme = uri.getScheme();
            return scheme != null && (scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
                    && uri.getHost() != null && !uri.getHost().isBlank();
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private Duration duration(String path, String value) {
        try {
            return ComposeDuration.parse(value);
        } catch (IllegalArgumentException e) {
            sink.error(path, path + ": " + e.getMessage());
            return null;
        }
    }
}
