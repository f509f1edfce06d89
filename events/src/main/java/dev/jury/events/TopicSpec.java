package dev.jury.events;

import java.io.InputStream;
import java.util.Objects;
import java.util.function.Function;

/**
 * Everything a producer or consumer needs to know about one topic: its name, the event type on it,
 * that type's schema, and how records are keyed.
 *
 * <p>Producers must use {@link #keyOf(JuryEvent)} for the Kafka record key: the key decides the
 * partition, and so which events stay in order relative to each other.
 *
 * @param name the Kafka topic name; its {@code .vN} suffix is the schema's major version
 * @param eventType the only event type written to the topic
 * @param schemaResource classpath location of the event's JSON Schema
 * @param keyField the event field whose value is the record key
 * @param keyRationale why the topic is keyed that way, and what it means for consumers
 * @param keyExtractor reads the key from an event
 * @param <T> the event type
 */
public record TopicSpec<T extends JuryEvent>(
        String name,
        Class<T> eventType,
        String schemaResource,
        String keyField,
        String keyRationale,
        Function<? super T, String> keyExtractor) {

    /** Checks that nothing is missing. */
    public TopicSpec {
        Checks.notBlank(name, "TopicSpec.name");
        Checks.notNull(eventType, "TopicSpec.eventType");
        Checks.notBlank(schemaResource, "TopicSpec.schemaResource");
        Checks.notBlank(keyField, "TopicSpec.keyField");
        Checks.notBlank(keyRationale, "TopicSpec.keyRationale");
        Checks.notNull(keyExtractor, "TopicSpec.keyExtractor");
    }

    /**
     * The Kafka record key for an event on this topic.
     *
     * @param event the event, not null
     * @return the key, never null
     */
    public String keyOf(T event) {
        return Objects.requireNonNull(keyExtractor.apply(event), "key");
    }

    /**
     * The codec for this topic's events.
     *
     * @return the shared codec, never null
     */
    public EventCodec<T> codec() {
        return Events.codec(eventType);
    }

    /**
     * Opens the event's JSON Schema from the classpath.
     *
     * @return a stream the caller closes, never null
     * @throws IllegalStateException if the schema is missing from the classpath
     */
    public InputStream openSchema() {
        InputStream in = TopicSpec.class.getClassLoader().getResourceAsStream(schemaResource);
        if (in == null) {
            throw new IllegalStateException("Schema not on the classpath: " + schemaResource);
        }
        return in;
    }
}
