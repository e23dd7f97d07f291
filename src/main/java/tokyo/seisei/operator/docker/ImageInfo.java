package tokyo.seisei.operator.docker;

import java.util.List;

/** A local image: its id and the registry digests it is known under ("repo@sha256:..."). */
public record ImageInfo(String id, List<String> repoDigests) {
}
