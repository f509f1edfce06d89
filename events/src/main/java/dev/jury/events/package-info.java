/**
 * The one definition of every Kafka event in Jury: Java records, their JSON codecs and the topic
 * names they travel on.
 *
 * <p>Each event type has a versioned JSON Schema under {@code schemas/} on the classpath (for
 * example {@code schemas/label-submitted.v1.json}); a test keeps the schema and the record in step.
 * Producers and consumers in other modules use {@link dev.jury.events.Topics} for names and keys
 * and {@link dev.jury.events.EventCodec} for bytes, so nothing reads JSON fields by string name.
 *
 * <p>Conventions shared by every event:
 *
 * <ul>
 *   <li>Timestamps are {@code long} milliseconds since the Unix epoch, UTC. They are plain numbers
 *       so that Flink watermarks, Kafka record timestamps and JavaScript clients use them without
 *       conversion.
 *   <li>Optional fields are {@link dev.jury.events.Nullable}; the codec omits them from the JSON
 *       when they are null, and a schema never lists them as required.
 *   <li>Decoders ignore unknown fields, so a producer may add an optional field without breaking
 *       older consumers. Removing or changing the meaning of a field needs a new schema version and
 *       a new topic ({@code .v2}).
 *   <li>Delivery is at-least-once: consumers deduplicate on {@link
 *       dev.jury.events.JuryEvent#eventId()}.
 * </ul>
 */
package dev.jury.events;
