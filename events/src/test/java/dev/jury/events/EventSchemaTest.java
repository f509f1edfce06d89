package dev.jury.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Keeps each JSON Schema and its Java record in step: same properties, same required list,
 * compatible types, and a description on everything. Nested records are followed through {@code
 * $ref}s into {@code $defs}.
 */
class EventSchemaTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    static Stream<Arguments> schemas() throws IOException {
        List<Arguments> args = new ArrayList<>();
        for (TopicSpec<?> spec : Topics.all()) {
            try (InputStream in = spec.openSchema()) {
                args.add(Arguments.of(spec.eventType().getSimpleName(), spec, JSON.readTree(in)));
            }
        }
        return args.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("schemas")
    @DisplayName("schema properties, required list and types match the record, recursively")
    void schemaMatchesRecord(String name, TopicSpec<?> spec, JsonNode schema) {
        Set<String> referencedDefs = new TreeSet<>();

        checkRecord(spec.eventType(), schema, schema, name, referencedDefs);

        Set<String> declaredDefs = new TreeSet<>();
        if (schema.has("$defs")) {
            schema.get("$defs").fieldNames().forEachRemaining(declaredDefs::add);
        }
        assertThat(declaredDefs).as("$defs of %s are all used", name).isEqualTo(referencedDefs);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("schemas")
    @DisplayName("schema header: draft 2020-12, title, version and description")
    void schemaHeader(String name, TopicSpec<?> spec, JsonNode schema) throws Exception {
        int version = spec.eventType().getField("SCHEMA_VERSION").getInt(null);

        assertThat(schema.path("$schema").asText())
                .isEqualTo("https://json-schema.org/draft/2020-12/schema");
        assertThat(schema.path("title").asText()).isEqualTo(name);
        assertThat(schema.path("$id").asText()).endsWith(":v" + version);
        assertThat(spec.schemaResource()).startsWith("schemas/").endsWith(".v" + version + ".json");
        assertThat(schema.path("description").asText()).contains(spec.name());
        assertThat(schema.path("properties").path("schemaVersion").path("description").asText())
                .contains(Integer.toString(version));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("schemas")
    @DisplayName("every example in the schema decodes and re-encodes to an equal event")
    void examplesDecode(String name, TopicSpec<?> spec, JsonNode schema) throws IOException {
        JsonNode examples = schema.path("examples");
        assertThat(examples.size()).as("%s has an example", name).isPositive();
        EventCodec<? extends JuryEvent> codec = spec.codec();

        for (JsonNode example : examples) {
            JuryEvent event = codec.decode(JSON.writeValueAsBytes(example));

            assertThat(event.schemaVersion()).isEqualTo(1);
            assertThat(JSON.readTree(encode(event))).isEqualTo(example);
        }
    }

    @ParameterizedTest
    @MethodSource("dev.jury.events.EventCodecTest#samples")
    @DisplayName("encoded events use only schema properties and include every required one")
    void encodedEventsFitSchema(JuryEvent event) throws IOException {
        JsonNode schema;
        try (InputStream in = Topics.forEventType(event.getClass()).openSchema()) {
            schema = JSON.readTree(in);
        }
        JsonNode encoded = JSON.readTree(encode(event));

        Set<String> written = new HashSet<>();
        encoded.fieldNames().forEachRemaining(written::add);
        Set<String> properties = new HashSet<>();
        schema.get("properties").fieldNames().forEachRemaining(properties::add);
        assertThat(properties).containsAll(written);
        assertThat(written).containsAll(names(schema.get("required")));
    }

    @SuppressWarnings("unchecked")
    private static byte[] encode(JuryEvent event) {
        return ((EventCodec<JuryEvent>) Events.codec(event.getClass())).encode(event);
    }

    private static void checkRecord(
            Class<?> type, JsonNode node, JsonNode root, String path, Set<String> referencedDefs) {
        assertThat(type.isRecord()).as("%s is a record", type).isTrue();
        assertThat(node.path("type").asText()).as("%s type", path).isEqualTo("object");
        assertDescribed(node, path);
        assertThat(node.path("additionalProperties").asBoolean(true))
                .as("%s must tolerate unknown fields", path)
                .isTrue();

        RecordComponent[] components = type.getRecordComponents();
        JsonNode properties = node.path("properties");
        Set<String> propertyNames = new TreeSet<>();
        properties.fieldNames().forEachRemaining(propertyNames::add);
        assertThat(propertyNames)
                .as("%s: schema properties vs record components", path)
                .isEqualTo(
                        new TreeSet<>(
                                Arrays.stream(components).map(RecordComponent::getName).toList()));

        Set<String> nonNullable = new TreeSet<>();
        for (RecordComponent c : components) {
            if (c.getType().isPrimitive() || !c.isAnnotationPresent(Nullable.class)) {
                nonNullable.add(c.getName());
            }
            assertThat(c.getType().isPrimitive() && c.isAnnotationPresent(Nullable.class))
                    .as("%s.%s: a primitive cannot be @Nullable", path, c.getName())
                    .isFalse();
        }
        assertThat(new TreeSet<>(names(node.path("required"))))
                .as("%s: required vs non-@Nullable components", path)
                .isEqualTo(nonNullable);

        for (RecordComponent c : components) {
            String childPath = path + "." + c.getName();
            JsonNode property = properties.get(c.getName());
            assertDescribed(property, childPath);
            checkType(c.getGenericType(), property, root, childPath, referencedDefs);
        }
    }

    private static void checkType(
            Type type, JsonNode node, JsonNode root, String path, Set<String> referencedDefs) {
        Class<?> raw = raw(type);
        if (node.has("$ref")) {
            String ref = node.get("$ref").asText();
            assertThat(ref).as("%s $ref", path).startsWith("#/$defs/");
            String defName = ref.substring("#/$defs/".length());
            assertThat(defName).as("%s $ref names the record", path).isEqualTo(raw.getSimpleName());
            if (referencedDefs.add(defName)) {
                JsonNode def = root.path("$defs").path(defName);
                assertThat(def.isObject()).as("%s resolves", ref).isTrue();
                checkRecord(raw, def, root, "$defs." + defName, referencedDefs);
            }
            return;
        }
        String jsonType = node.path("type").asText();
        if (raw == String.class) {
            assertThat(jsonType).as(path).isEqualTo("string");
        } else if (raw.isEnum()) {
            assertThat(jsonType).as(path).isEqualTo("string");
            assertThat(names(node.path("enum")))
                    .as("%s enum constants", path)
                    .containsExactly(
                            Arrays.stream(raw.getEnumConstants())
                                    .map(e -> ((Enum<?>) e).name())
                                    .toArray(String[]::new));
        } else if (raw == int.class
                || raw == Integer.class
                || raw == long.class
                || raw == Long.class) {
            assertThat(jsonType).as(path).isEqualTo("integer");
        } else if (raw == double.class || raw == Double.class) {
            assertThat(jsonType).as(path).isEqualTo("number");
        } else if (raw == boolean.class || raw == Boolean.class) {
            assertThat(jsonType).as(path).isEqualTo("boolean");
        } else if (raw == List.class) {
            assertThat(jsonType).as(path).isEqualTo("array");
            checkType(typeArgument(type, 0), node.path("items"), root, path + "[]", referencedDefs);
        } else if (raw == Map.class) {
            assertThat(jsonType).as(path).isEqualTo("object");
            assertThat(raw(typeArgument(type, 0))).as("%s map keys", path).isEqualTo(String.class);
            checkType(
                    typeArgument(type, 1),
                    node.path("additionalProperties"),
                    root,
                    path + "{}",
                    referencedDefs);
        } else {
            throw new AssertionError(path + ": no schema mapping for Java type " + type);
        }
    }

    private static void assertDescribed(JsonNode node, String path) {
        assertThat(node.path("description").asText()).as("%s has a description", path).isNotBlank();
    }

    private static Class<?> raw(Type type) {
        if (type instanceof Class<?> c) {
            return c;
        }
        if (type instanceof ParameterizedType p) {
            return (Class<?>) p.getRawType();
        }
        throw new AssertionError("unsupported type " + type);
    }

    private static Type typeArgument(Type type, int index) {
        return ((ParameterizedType) type).getActualTypeArguments()[index];
    }

    private static List<String> names(JsonNode array) {
        List<String> names = new ArrayList<>();
        array.forEach(n -> names.add(n.asText()));
        return names;
    }
}
