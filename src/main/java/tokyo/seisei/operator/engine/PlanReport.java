package tokyo.seisei.operator.engine;

import java.util.List;

/**
 * What a pass would do to one stack, for {@code stackctl plan}.
 *
 * @param blockedBy the problems that would block the stack, empty when it is valid
 * @param lines     one line per service: the action and why
 */
public record PlanReport(String stack, String version, List<String> blockedBy, List<Line> lines) {

    /**
     * @param action create | recreate | restore | adopt (taken over from docker compose) | start | nothing | keep
     *               (undeclared, left running) | remove (undeclared, pruned) | leave (a compose container left alone)
     */
    public record Line(String service, String action, String why) {
    }
}
