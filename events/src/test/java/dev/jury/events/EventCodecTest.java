package dev.jury.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class EventCodecTest {

    /** Plain mapper for editing JSON trees in tests; independent of the codec's configuration. */
    private static final ObjectMapper JSON = new ObjectMapper();

    static List<JuryEvent> samples() {
        return EventSamples.all();
    }

    static List<TopicSpec<?>> specs() {
        return Topics.all();
    }

    @SuppressWarnings("unchecked")
    private static <T extends JuryEvent> EventCodec<T> codecOf(T event) {
        return (EventCodec<T>) Events.codec(event.getClass());
    }

    @ParameterizedTest
    @MethodSource("samples")
    @DisplayName("every event survives encode then decode unchanged")
    void roundTrip(JuryEvent event) {
        EventCodec<JuryEvent> codec = codecOf(event);

        byte[] bytes = codec.encode(event);

        assertThat(codec.decode(bytes)).isEqualTo(event);
    }

    @ParameterizedTest
    @MethodSource("samples")
    @DisplayName("equal events encode to identical bytes")
    void encodingIsDeterministic(JuryEvent event) {
        EventCodec<JuryEvent> codec = codecOf(event);

        byte[] once = codec.encode(event);
        byte[] twice = codec.encode(codec.decode(once));

        assertThat(new String(twice, StandardCharsets.UTF_8))
                .isEqualTo(new String(once, StandardCharsets.UTF_8));
    }

    @ParameterizedTest
    @MethodSource("samples")
    @DisplayName("unknown fields, top level and nested, are ignored")
    void toleratesUnknownFields(JuryEvent event) throws IOException {
        EventCodec<JuryEvent> codec = codecOf(event);
        ObjectNode tree = (ObjectNode) JSON.readTree(codec.encode(event));
        tree.put("addedInALaterRevision", "x");
        tree.putObject("nestedNewThing").put("a", 1).putArray("b").add(true);
        // Only record-shaped children: an extra key in a map (posterior, confusion) is data.
        for (String recordField : List.of("label", "goldLabel")) {
            if (tree.get(recordField) instanceof ObjectNode nested) {
                nested.put("unknownNested", 42);
            }
        }
        if (tree.get("agreements") instanceof com.fasterxml.jackson.databind.node.ArrayNode list) {
            list.forEach(entry -> ((ObjectNode) entry).put("unknownNested", 42));
        }

        assertThat(codec.decode(JSON.writeValueAsBytes(tree))).isEqualTo(event);
    }

    @ParameterizedTest
    @MethodSource("samples")
    @DisplayName("null optional fields are left out of the JSON")
    void omitsNullFields(JuryEvent event) throws IOException {
        JsonNode tree = JSON.readTree(codecOf(event).encode(event));

        tree.properties()
                .forEach(
                        field ->
                                assertThat(field.getValue().isNull()).as(field.getKey()).isFalse());
    }

    static Stream<Arguments> malformedPayloads() {
        List<String> payloads =
                List.of(
                        "",
                        "   ",
                        "{",
                        "not json",
                        "[]",
                        "null",
                        "42",
                        "\"a string\"",
                        "{}",
                        "{\"eventId\": {\"nested\": true}}",
                        "{} {}");
        List<Arguments> args = new ArrayList<>();
        for (TopicSpec<?> spec : Topics.all()) {
            for (String payload : payloads) {
                args.add(Arguments.of(spec.eventType(), payload));
            }
        }
        return args.stream();
    }

    @ParameterizedTest(name = "{0} from <{1}>")
    @MethodSource("malformedPayloads")
    @DisplayName("malformed input fails with EventDecodingException naming the type")
    void rejectsMalformedInput(Class<? extends JuryEvent> type, String payload) {
        EventCodec<? extends JuryEvent> codec = Events.codec(type);

        assertThatThrownBy(() -> codec.decode(payload.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(EventDecodingException.class)
                .hasMessageStartingWith("Cannot decode " + type.getSimpleName() + ":")
                .satisfies(
                        e -> assertThat(((EventDecodingException) e).eventType()).isEqualTo(type));
    }

    @ParameterizedTest
    @MethodSource("specs")
    @DisplayName("a null payload, as Kafka gives for tombstones, fails clearly")
    void rejectsNullPayload(TopicSpec<?> spec) {
        assertThatThrownBy(() -> spec.codec().decode(null))
                .isInstanceOf(EventDecodingException.class)
                .hasMessageContaining("no bytes");
    }

    /** Every (event, required property) pair, taking the required list from the schema. */
    static Stream<Arguments> requiredProperties() throws IOException {
        List<Arguments> args = new ArrayList<>();
        for (JuryEvent event : EventSamples.onePerType()) {
            TopicSpec<?> spec = Topics.forEventType(event.getClass());
            try (InputStream in = spec.openSchema()) {
                for (JsonNode name : JSON.readTree(in).get("required")) {
                    args.add(Arguments.of(event, name.asText()));
                }
            }
        }
        return args.stream();
    }

    @ParameterizedTest(name = "{1} of {0}")
    @MethodSource("requiredProperties")
    @DisplayName("a missing required field is rejected with its name in the message")
    void rejectsMissingRequiredField(JuryEvent event, String property) throws IOException {
        EventCodec<JuryEvent> codec = codecOf(event);
        ObjectNode tree = (ObjectNode) JSON.readTree(codec.encode(event));
        assertThat(tree.has(property)).as("sample sets " + property).isTrue();
        tree.remove(property);

        assertThatThrownBy(() -> codec.decode(JSON.writeValueAsBytes(tree)))
                .isInstanceOf(EventDecodingException.class)
                .hasMessageContaining(property);
    }

    @ParameterizedTest(name = "{1} of {0}")
    @MethodSource("requiredProperties")
    @DisplayName("an explicit null in a required field is rejected with its name in the message")
    void rejectsNullRequiredField(JuryEvent event, String property) throws IOException {
        EventCodec<JuryEvent> codec = codecOf(event);
        ObjectNode tree = (ObjectNode) JSON.readTree(codec.encode(event));
        tree.putNull(property);

        assertThatThrownBy(() -> codec.decode(JSON.writeValueAsBytes(tree)))
                .isInstanceOf(EventDecodingException.class)
                .hasMessageContaining(property);
    }

    @Test
    @DisplayName("a value the record rejects surfaces the record's own message")
    void surfacesValidationMessage() throws IOException {
        ObjectNode tree =
                (ObjectNode) JSON.readTree(ItemResolved.CODEC.encode(EventSamples.itemResolved()));
        tree.put("labelsUsed", 5);

        assertThatThrownBy(() -> ItemResolved.CODEC.decode(JSON.writeValueAsBytes(tree)))
                .isInstanceOf(EventDecodingException.class)
                .hasMessage(
                        "Cannot decode ItemResolved: ItemResolved.agreements has 2 entries but"
                                + " labelsUsed is 5")
                .hasRootCauseInstanceOf(IllegalArgumentException.class);
    }

    @Test
    @DisplayName("a missing nested number is reported by its JSON path")
    void reportsNestedPath() throws IOException {
        LabelSubmitted event =
                (LabelSubmitted)
                        EventSamples.all().stream()
                                .filter(
                                        e ->
                                                e instanceof LabelSubmitted ls
                                                        && ls.label().spans() != null)
                                .findFirst()
                                .orElseThrow();
        ObjectNode tree = (ObjectNode) JSON.readTree(LabelSubmitted.CODEC.encode(event));
        ((ObjectNode) tree.get("label").get("spans").get(1)).remove("end");

        assertThatThrownBy(() -> LabelSubmitted.CODEC.decode(JSON.writeValueAsBytes(tree)))
                .isInstanceOf(EventDecodingException.class)
                .hasMessage(
                        "Cannot decode LabelSubmitted: required field 'label.spans[1].end' is"
                                + " missing or null");
    }

    @Test
    @DisplayName("numbers are not coerced: a string count or a fractional int is rejected")
    void rejectsCoercedScalars() throws IOException {
        byte[] bytes = ItemResolved.CODEC.encode(EventSamples.itemResolved());
        ObjectNode asString = (ObjectNode) JSON.readTree(bytes);
        asString.put("revision", "3");
        ObjectNode fractional = (ObjectNode) JSON.readTree(bytes);
        fractional.put("revision", 3.5);

        assertThatThrownBy(() -> ItemResolved.CODEC.decode(JSON.writeValueAsBytes(asString)))
                .isInstanceOf(EventDecodingException.class)
                .hasMessageContaining("revision");
        assertThatThrownBy(() -> ItemResolved.CODEC.decode(JSON.writeValueAsBytes(fractional)))
                .isInstanceOf(EventDecodingException.class)
                .hasMessageContaining("revision");
    }

    @Test
    @DisplayName("an unknown enum constant is rejected rather than mapped to null")
    void rejectsUnknownEnumConstant() throws IOException {
        ObjectNode tree =
                (ObjectNode) JSON.readTree(ItemResolved.CODEC.encode(EventSamples.itemResolved()));
        tree.put("status", "MAYBE");

        assertThatThrownBy(() -> ItemResolved.CODEC.decode(JSON.writeValueAsBytes(tree)))
                .isInstanceOf(EventDecodingException.class)
                .hasMessageContaining("MAYBE");
    }

    @Test
    @DisplayName("a label with no shape, or two, is rejected inside an event")
    void rejectsAmbiguousLabelValue() throws IOException {
        ObjectNode tree =
                (ObjectNode)
                        JSON.readTree(LabelSubmitted.CODEC.encode(EventSamples.labelSubmitted()));
        ((ObjectNode) tree.get("label")).putArray("choices").add("other");

        assertThatThrownBy(() -> LabelSubmitted.CODEC.decode(JSON.writeValueAsBytes(tree)))
                .isInstanceOf(EventDecodingException.class)
                .hasMessageContaining("exactly one of choice, choices or spans");
    }

    @Test
    @DisplayName("the CODEC constants are the shared codecs")
    void codecConstantsAreShared() {
        assertThat(LabelSubmitted.CODEC).isSameAs(Events.codec(LabelSubmitted.class));
        assertThat(ItemResolved.CODEC).isSameAs(Events.codec(ItemResolved.class));
        assertThat(ReputationUpdated.CODEC).isSameAs(Events.codec(ReputationUpdated.class));
        assertThat(ContributionRecorded.CODEC).isSameAs(Events.codec(ContributionRecorded.class));
        assertThat(ProjectMetrics.CODEC).isSameAs(Events.codec(ProjectMetrics.class));
    }

    @Test
    @DisplayName("nested value types have codecs too")
    void nestedValueCodec() {
        EventCodec<LabelValue> codec = Events.codec(LabelValue.class);
        LabelValue spans = LabelValue.ofSpans(List.of(new TextSpan(3, 7, "LOC")));

        assertThat(new String(codec.encode(spans), StandardCharsets.UTF_8))
                .isEqualTo("{\"spans\":[{\"start\":3,\"end\":7,\"label\":\"LOC\"}]}");
        assertThat(codec.decode(codec.encode(spans))).isEqualTo(spans);
    }

    @Test
    @DisplayName("encoding null is a caller error")
    void encodeNull() {
        assertThatThrownBy(() -> LabelSubmitted.CODEC.encode(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("LabelSubmitted");
    }
}
