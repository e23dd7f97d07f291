package tokyo.seisei.operator.engine.backup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collection;
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
 * order, with secrets in {@code Config.Env} written as {@code NAME=****}, and the stack's secret values written
 * as {@code ****} wherever else they stand (a command, an entrypoint, a healthcheck, a label).
 */
final class ContainersInspect {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ContainersInspect() {
    }

    /**
     * @param known        containers inspected already, by id; the others are inspected now
     * @param secretValues the stack's secrets ({@code DesiredStack.secretValues}): masked in every text of the inspect
     */
    static byte[] of(List<ContainerSummary> containers, Map<String, ContainerDetails> known, DockerEngine docker,
                     Collection<String> secretValues) {
        ArrayNode array = JSON.createArrayNode();
        containers.stream()
                .sorted(Comparator.comparing((ContainerSummary c) -> String.valueOf(ContainerLabels.serviceOf(c)))
                        .thenComparing(c -> String.valueOf(c.name())))
                .map(c -> Optional.ofNullable(known.get(c.id())).or(() -> docker.inspectContainer(c.id())))
                .flatMap(Optional::stream)
                .forEach(details -> {
                    try {
                        array.add(maskSecrets(maskEnvironment(JSON.readTree(details.rawJson())), secretValues));
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

    /** Every text value of the document with the secret values in it masked, keys kept: Cmd, Args, Healthcheck... */
    private static JsonNode maskSecrets(JsonNode node, Collection<String> secretValues) {
        if (secretValues.isEmpty()) {
            return node;
        }
        if (node instanceof ObjectNode object) {
            List<String> names = new java.util.ArrayList<>();
            object.fieldNames().forEachRemaining(names::add);
            names.forEach(name -> object.set(name, maskSecrets(object.get(name), secretValues)));
        } else if (node instanceof ArrayNode list) {
            for (int i = 0; i < list.size(); i++) {
                list.set(i, maskSecrets(list.get(i), secretValues));
            }
        } else if (node.isTextual()) {
            String masked = Secrets.redact(node.asText(), secretValues);
            return masked.equals(node.asText()) ? node : TextNode.valueOf(masked);
        }
        return node;
    }
}
