package tokyo.seisei.operator.docker;

import java.util.List;

/**
 * One local image as the image list reports it.
 *
 * @param repoTags    "repo:tag" names, without the engine's "&lt;none&gt;" placeholders
 * @param repoDigests "repo@sha256:..." names it was pulled or pushed as
 * @param size        bytes on disk, layers shared with other images included
 */
public record ImageSummary(String id, List<String> repoTags, List<String> repoDigests, long size) {
}
