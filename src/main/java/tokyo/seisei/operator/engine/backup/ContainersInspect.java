package tokyo.seisei.operator.engine.backup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tokyo.seisei.operator.docker.ContainerDetails;
import tokyo.seisei.operator.docker.ContainerSummary;
import tokyo.seisei.operator.docker.DockerEngine;
import tokyo.seisei.operator.engine.plan.ContainerLabels;
import tokyo.seisei.operator.model.Secrets;

/**
 * {@code containers.json} of a backup: the engine's inspect of each of the stack's containers, in service
 * order, with secrets in {@code Config.Env} written as {@code NAME=****}.
 */
final class ContainersInspect {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ContainersInspect() {
    }

    /** @param known containers inspected already, by id; the others are inspected now */
    static byte[] of(List<ContainerSummary> containers, Map<String, ContainerDetails> known, DockerEngine docker) {
        ArrayNode array = JSON.createArrayNode();
        containers.stream()
                .sorted(Comparator.comparing((ContainerSummary c) -> String.valueOf(ContainerLabels.serviceOf(c)))
                        .thenComparing(c -> String.valueOf(c.name())))
                .map(c -> Optional.ofNullable(known.get(c.id())).or(() -> docker.inspectContainer(c.id())))
                .flatMap(Optional::stream)
                .forEach(details -> {
                    try {
                        array.add(maskEnvironment(JSON.readTree(details.rawJson())));
                    } catch (IOException e) {
                        array.add("inspect of " + details.name() + " could not be read: " + e.getMessage());
                    }
                });
        try {
            return JSON.writeValueAsBytes(array);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the inspect of the containers: " + e.getMessage(), e);
        }
    }

    /** A backup folder is no place for passwords in clear. */
    private static JsonNode maskEnvironment(JsonNode inspect) {
        JsonNode env = inspect.path("Config").path("Env");
        if (env instanceof ArrayNode list) {
            for (int i = 0; i < list.size(); i++) {
                list.set(i, JSON.getNodeFactory().textNode(Secrets.maskAssignment(list.get(i).asText())));
            }
        }
        return inspect;
    }
}
