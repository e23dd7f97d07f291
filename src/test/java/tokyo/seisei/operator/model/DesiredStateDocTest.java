package tokyo.seisei.operator.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docs/desired-state.md documents every field a stack file may hold, and no other. The fields accepted are those
 * the loader's mapper knows (the model's records, as Jackson reads them) and those the Compose forms' deserializers
 * read ({@code FIELDS} of each). The doc lists fields in tables, each after a marker naming where they sit:
 * {@code <!-- fields: spec.services.* -->}, then a table whose first cells hold the fields, each as {@code `name`}
 * (a dotted name for a nested field). {@code *} stands for a key chosen by the user, {@code []} for a list's entry.
 */
class DesiredStateDocTest {

    static final Path DOC = Path.of("docs/desired-state.md");

    private static final Pattern MARKER = Pattern.compile("^<!-- fields: ?(\\S*) -->$");
    private static final Pattern FIELD = Pattern.compile("`([A-Za-z_][A-Za-z0-9_.*\\[\\]]*)`");
    /** The Compose forms that read values, not fields. */
    private static final Set<Class<?>> VALUE_FORMS = Set.of(ComposeForms.CommandLine.class, ComposeForms.KeyValues.class,
            ComposeForms.StringOrList.class, ComposeForms.ExtraHosts.class, ComposeForms.HealthTest.class,
            ComposeForms.ScalarList.class);

    @Test
    void everyFieldTheModelAcceptsIsDocumentedAndNoOther() throws IOException {
        Set<String> accepted = new TreeSet<>();
        walk(StackDocument.class, "", accepted);
        Set<String> written = documented(Files.readAllLines(DOC));
        Set<String> covered = new TreeSet<>(written);
        written.forEach(field -> covered.addAll(ancestors(field)));

        List<String> problems = new ArrayList<>();
        accepted.stream().filter(f -> !covered.contains(f))
                .forEach(f -> problems.add(DOC + ": the field " + f + " is accepted by the model but not documented"));
        written.stream().filter(f -> !accepted.contains(f))
                .forEach(f -> problems.add(DOC + ": the field " + f + " is documented but the model has no such field"));
        assertEquals(List.of(), problems);
    }

    @Test
    void theWalkSeesNestedFormsAndTheMarkersAreRead() {
        Set<String> accepted = new TreeSet<>();
        walk(StackDocument.class, "", accepted);
        assertTrue(accepted.containsAll(List.of("metadata.name", "spec.services.*.ports[].host_ip",
                "spec.services.*.deploy.resources.limits.memory", "spec.services.*.depends_on.*.condition",
                "spec.networks.*.ipam.config[].ip_range", "spec.smoke.checks[].exec.command")), accepted::toString);
        assertEquals(Set.of("spec.services.*.cap_add", "spec.services.*.cap_drop", "spec.promotion.from"), documented(List.of(
                "<!-- fields: spec.services.* -->", "", "| field | form |", "|---|---|", "| `cap_add`, `cap_drop` | `ALL` |",
                "", "<!-- fields: spec -->", "| `promotion.from` | x |")));
    }

    /** The fields of a model record, by their names in the file, into {@code out}. */
    private static void walk(Class<?> record, String prefix, Set<String> out) {
        Set<String> known = knownToTheMapper(record);
        Set<String> walked = new TreeSet<>();
        for (RecordComponent component : record.getRecordComponents()) {
            Field field = field(record, component.getName());
            JsonProperty renamed = field.getAnnotation(JsonProperty.class);
            String name = renamed != null ? renamed.value() : component.getName();
            assertTrue(known.contains(name), record.getSimpleName() + "." + name + " is not a field the mapper reads: " + known);
            walked.add(name);
            String path = prefix + name;
            out.add(path);
            JsonDeserialize form = field.getAnnotation(JsonDeserialize.class);
            Class<? extends JsonDeserializer> reader = form == null ? null
                    : form.using() != JsonDeserializer.None.class ? form.using() : form.contentUsing();
            if (reader != null && reader != JsonDeserializer.None.class) {
                formFields(reader, path + entryOf(component.getType()), out);
            } else {
                descend(component.getGenericType(), path, out);
            }
        }
        assertEquals(known, walked, record.getSimpleName() + ": the mapper reads fields that are not the record's components");
    }

    private static void descend(Type type, String path, Set<String> out) {
        if (type instanceof ParameterizedType generic) {
            Class<?> raw = (Class<?>) generic.getRawType();
            Type[] arguments = generic.getActualTypeArguments();
            descend(arguments[arguments.length - 1], path + entryOf(raw), out);
        } else if (type instanceof Class<?> cls && cls.isRecord() && cls.getPackage().equals(StackDocument.class.getPackage())) {
            walk(cls, path + ".", out);
        }
    }

    private static String entryOf(Class<?> container) {
        return List.class.isAssignableFrom(container) ? "[]" : Map.class.isAssignableFrom(container) ? ".*" : "";
    }

    /** The fields a Compose form reads, from its own list; a form that reads values adds none. */
    private static void formFields(Class<?> reader, String path, Set<String> out) {
        if (VALUE_FORMS.contains(reader)) {
            return;
        }
        try {
            @SuppressWarnings("unchecked")
            Set<String> fields = (Set<String>) reader.getDeclaredField("FIELDS").get(null);
            String under = "";
            try {
                under = "." + reader.getDeclaredField("UNDER").get(null);
            } catch (NoSuchFieldException none) {
                // its fields sit right in the value
            }
            for (String f : fields) {
                out.add(path + under + "." + f);
            }
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(reader.getSimpleName() + " reads a value of the file: list the fields it reads in its"
                    + " FIELDS, or name it here among the forms that read values", e);
        }
    }

    /** What the loader's mapper would list as the valid fields of the record, in its "unknown field" message. */
    private static Set<String> knownToTheMapper(Class<?> record) {
        ObjectMapper mapper = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        try {
            mapper.readValue("{\"no such field\": 1}", record);
            throw new AssertionError(record + " read a field it does not have");
        } catch (UnrecognizedPropertyException e) {
            Set<String> known = new TreeSet<>();
            e.getKnownPropertyIds().forEach(id -> known.add(String.valueOf(id)));
            return known;
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static Field field(Class<?> record, String name) {
        try {
            return record.getDeclaredField(name);
        } catch (NoSuchFieldException e) {
            throw new AssertionError(e);
        }
    }

    /** The fields in the first column of each table that follows a marker, with the marker's path before them. */
    static Set<String> documented(List<String> lines) {
        Set<String> fields = new TreeSet<>();
        String prefix = null;
        boolean inTable = false;
        for (String line : lines) {
            Matcher marker = MARKER.matcher(line.strip());
            if (marker.matches()) {
                prefix = marker.group(1).isEmpty() ? "" : marker.group(1) + ".";
                inTable = false;
                continue;
            }
            if (prefix == null) {
                continue;
            }
            if (!line.startsWith("|")) {
                if (inTable) {
                    prefix = null;
                }
                continue;
            }
            inTable = true;
            String firstCell = line.substring(1).split("(?<!\\\\)\\|", 2)[0];
            Matcher field = FIELD.matcher(firstCell);
            while (field.find()) {
                fields.add(prefix + field.group(1));
            }
        }
        return fields;
    }

    /** The fields a dotted field sits in: spec.services.*.ports[].target is in spec.services.*.ports and spec.services. */
    private static List<String> ancestors(String field) {
        List<String> out = new ArrayList<>();
        String path = field;
        int dot;
        while ((dot = path.lastIndexOf('.')) > 0) {
            path = path.substring(0, dot);
            String named = path.replaceAll("(\\.\\*|\\[\\])$", "");
            if (!named.equals(path)) {
                path = named;
            }
            out.add(path);
        }
        return out;
    }
}
