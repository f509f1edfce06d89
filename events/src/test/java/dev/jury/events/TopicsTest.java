package dev.jury.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class TopicsTest {

    static List<TopicSpec<?>> specs() {
        return Topics.all();
    }

    @Test
    @DisplayName("every event type has exactly one topic, and topic names are unique")
    void oneTopicPerEventType() {
        Set<Class<?>> permitted = Set.of(JuryEvent.class.getPermittedSubclasses());

        List<Class<?>> carried = Topics.all().stream().<Class<?>>map(TopicSpec::eventType).toList();
        assertThat(carried).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(permitted);
        assertThat(Topics.all().stream().map(TopicSpec::name).toList()).doesNotHaveDuplicates();
    }

    @Test
    @DisplayName("the name constants and the specs agree")
    void constantsMatchSpecs() {
        assertThat(Topics.LABELS_SUBMITTED_SPEC.name()).isEqualTo(Topics.LABELS_SUBMITTED);
        assertThat(Topics.ITEMS_RESOLVED_SPEC.name()).isEqualTo(Topics.ITEMS_RESOLVED);
        assertThat(Topics.REPUTATION_UPDATED_SPEC.name()).isEqualTo(Topics.REPUTATION_UPDATED);
        assertThat(Topics.CONTRIBUTIONS_RECORDED_SPEC.name())
                .isEqualTo(Topics.CONTRIBUTIONS_RECORDED);
        assertThat(Topics.PROJECT_METRICS_SPEC.name()).isEqualTo(Topics.PROJECT_METRICS);
        assertThat(Topics.forEventType(ItemResolved.class)).isSameAs(Topics.ITEMS_RESOLVED_SPEC);
    }

    @ParameterizedTest
    @MethodSource("specs")
    @DisplayName("topic names follow jury.<entity>.<verb>.v<schema version>")
    void nameCarriesSchemaVersion(TopicSpec<?> spec) throws Exception {
        int version = spec.eventType().getField("SCHEMA_VERSION").getInt(null);

        assertThat(spec.name()).matches("jury(\\.[a-z]+)+\\.v[0-9]+").endsWith(".v" + version);
    }

    @ParameterizedTest
    @MethodSource("specs")
    @DisplayName("the schema file is on the classpath")
    void schemaIsOnClasspath(TopicSpec<?> spec) throws Exception {
        try (InputStream in = spec.openSchema()) {
            assertThat(in.readAllBytes()).isNotEmpty();
        }
    }

    @ParameterizedTest
    @MethodSource("dev.jury.events.EventCodecTest#samples")
    @DisplayName("the record key is the value of the documented key field")
    void keyIsTheDocumentedField(JuryEvent event) throws Exception {
        @SuppressWarnings("unchecked")
        TopicSpec<JuryEvent> spec = (TopicSpec<JuryEvent>) Topics.forEventType(event.getClass());
        RecordComponent keyComponent =
                Arrays.stream(event.getClass().getRecordComponents())
                        .filter(c -> c.getName().equals(spec.keyField()))
                        .findFirst()
                        .orElseThrow();

        assertThat(keyComponent.isAnnotationPresent(Nullable.class)).isFalse();
        assertThat(spec.keyOf(event)).isEqualTo(keyComponent.getAccessor().invoke(event));
    }
}
