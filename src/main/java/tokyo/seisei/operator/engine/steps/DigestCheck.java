package tokyo.seisei.operator.engine.steps;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tokyo.seisei.operator.docker.ImageInfo;
import tokyo.seisei.operator.engine.plan.PinnedImage;
import tokyo.seisei.operator.model.Reason;

/**
 * Tags move; digests do not. Before a promoted version is deployed by the digests its source verified, each
 * tag is pulled again: one that now points elsewhere blocks the deploy, as the release is no longer what was
 * verified under that name.
 */
final class DigestCheck implements Step {

    @Override
    public StepName name() {
        return StepName.DIGEST_CHECK;
    }

    @Override
    public String failureReason() {
        return Reason.PULL_FAILED;
    }

    @Override
    public boolean changesSomething() {
        return false;
    }

    @Override
    public StepOutcome run(Deployment deployment) {
        List<String> moved = new ArrayList<>();
        for (Map.Entry<String, PinnedImage> entry : deployment.pins().entrySet()) {
            PinnedImage pin = entry.getValue();
            try {
                deployment.docker().pull(pin.tag());
            } catch (tokyo.seisei.operator.docker.DockerFailure e) {
                if (e.kind() == tokyo.seisei.operator.docker.DockerFailure.Kind.UNAUTHORIZED) {
                    return PullImages.unauthorized(deployment, pin.tag(), e);
                }
                if (!e.transientFailure() && PullImages.registryUnreachable(e.getMessage())) {
                    return StepOutcome.retry(Reason.PULL_FAILED, "pull " + pin.tag() + " failed: " + e.getMessage());
                }
                throw e;
            }
            List<String> digests = deployment.docker().inspectImage(pin.tag()).map(ImageInfo::repoDigests).orElse(List.of());
            if (!digests.contains(pin.digest())) {
                moved.add(entry.getKey() + ": " + pin.tag() + " now points to " + String.join(", ", digests)
                        + ", not to the verified " + pin.digest());
            }
        }
        return moved.isEmpty()
                ? StepOutcome.done(deployment.pins().isEmpty() ? "no pinned image" : "every tag still points to its verified digest")
                : StepOutcome.blocked(Reason.DIGEST_MISMATCH, String.join("; ", moved));
    }
}
