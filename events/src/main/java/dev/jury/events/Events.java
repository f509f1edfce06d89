package dev.jury.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Entry point for codecs and envelope values.
 *
 * <p>All codecs share one Jackson mapper, configured once here so that every producer and consumer
 * reads and writes the same JSON:
 *
 * <ul>
 *   <li>unknown fields are ignored, so adding an optional field is a compatible change;
 *   <li>a missing or null number or boolean is an error rather than a silent zero;
 *   <li>null fields are omitted on write; map entries are written sorted by key.
 * </ul>
 */
public final class Events {

    private static final ObjectMapper MAPPER =
            JsonMapper.builder()
                    .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                    .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                    .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
                    .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                    .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
                    .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
                    // A JSON 1.5 for an int count must fail, not truncate to 1.
                    .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                    .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                    .enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER)
                    .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
                    .defaultPropertyInclusion(
                            JsonInclude.Value.construct(
                                    JsonInclude.Include.NON_NULL, JsonInclude.Include.USE_DEFAULTS))
                    .build();

    private static final Map<Class<?>, EventCodec<?>> CODECS = new ConcurrentHashMap<>();

    private Events() {}

    /**
     * Returns the codec for an event type, or for a nested value type such as {@link LabelValue}.
     *
     * @param type the record type, not null
     * @param <T> the type
     * @return a shared, thread-safe codec, never null
     */
    @SuppressWarnings("unchecked")
    public static <T> EventCodec<T> codec(Class<T> type) {
        Objects.requireNonNull(type, "type");
        return (EventCodec<T>) CODECS.computeIfAbsent(type, t -> new EventCodec<>(t, MAPPER));
    }

    /**
     * A fresh random event id.
     *
     * @return a canonical UUID string, never null
     */
    public static String newEventId() {
        return UUID.randomUUID().toString();
    }

    /**
     * The current wall-clock time as an event timestamp.
     *
     * @return epoch milliseconds, UTC
     */
    public static long now() {
        return System.currentTimeMillis();
    }
}
