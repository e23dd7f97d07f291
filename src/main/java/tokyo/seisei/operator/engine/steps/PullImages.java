package tokyo.seisei.operator.engine.steps;

import java.util.LinkedHashSet;
import java.util.Set;
import tokyo.seisei.operator.docker.DockerFailure;
import tokyo.seisei.operator.engine.plan.StackPlan;
import tokyo.seisei.operator.model.Reason;

/** Pulls every image the change needs before anything is stopped, so a missing tag replaces nothing. */
final class PullImages implements Step {

    @Override
    public StepName name() {
        return StepName.PULL;
    }

    @Override
    public String failureReason() {
        return Reason.PULL_FAILED;
    }

    @Override
    public StepOutcome run(Deployment deployment) {
        Set<Pull> pulls = new LinkedHashSet<>();
        deployment.plan().changes().stream()
                .filter(a -> a.kind().createsFromImage())
                .forEach(a -> pulls.add(new Pull(a.service().spec().image(), a.service().spec().platform())));
        Set<String> images = new LinkedHashSet<>();
        for (Pull pull : pulls) {
            String image = pull.image();
            images.add(image);
            try {
                deployment.docker().pull(image, pull.platform());
            } catch (DockerFailure e) {
                if (e.transientFailure()) {
                    throw e;
                }
                if (e.kind() == DockerFailure.Kind.UNAUTHORIZED) {
                    return unauthorized(deployment, image, e);
                }
                String message = "pull " + image + " failed: " + e.getMessage();
                return registryUnreachable(e.getMessage())
                        ? StepOutcome.retry(Reason.PULL_FAILED, message)
                        : StepOutcome.failed(Reason.PULL_FAILED, message);
            }
        }
        deployment.reached("after-pull");
        return StepOutcome.done(images.isEmpty() ? "no image to pull" : "pulled " + String.join(", ", images));
    }

    /** Not tried again on its own, as credentials do not come by themselves: a person logs in, then retries. */
    static StepOutcome unauthorized(Deployment deployment, String image, DockerFailure e) {
        return StepOutcome.failed(Reason.PULL_UNAUTHORIZED, "pull " + image + " failed: " + e.getMessage()
                + "; then stackctl retry " + deployment.desired().name());
    }

    /** @param platform null: the engine's own */
    private record Pull(String image, String platform) {
    }

    /** A registry that cannot be reached may be back soon; a tag that does not exist will not appear by itself. */
    static boolean registryUnreachable(String message) {
        String m = message.toLowerCase();
        return m.contains("connection refused") || m.contains("i/o timeout") || m.contains("no such host")
                || m.contains("tls handshake timeout") || m.contains("connection reset") || m.contains("timeout exceeded")
                || m.contains("context deadline exceeded") || m.contains("toomanyrequests") || m.contains("too many requests")
                || m.contains("service unavailable") || m.contains("bad gateway") || m.contains("gateway timeout")
                || m.contains("not finished after");
    }
}
