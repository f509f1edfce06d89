package dev.jury.events;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import java.io.IOException;
import java.util.Objects;

/**
 * Turns one event type into UTF-8 JSON bytes and back.
 *
 * <p>Obtain codecs from {@link Events#codec(Class)} or the {@code CODEC} constant on each event
 * record. A codec is immutable and thread-safe. Kafka {@code Serializer}/{@code Deserializer}
 * adapters live in the modules that own a Kafka client and delegate here.
 *
 * <pre>{@code
 * byte[] bytes = LabelSubmitted.CODEC.encode(event);
 * LabelSubmitted back = LabelSubmitted.CODEC.decode(bytes);
 * }</pre>
 *
 * @param <T> the event (or nested value) type
 */
public final class EventCodec<T> {

    private final Class<T> type;
    private final ObjectReader reader;
    private final ObjectWriter writer;

    EventCodec(Class<T> type, ObjectMapper mapper) {
        this.type = Objects.requireNonNull(type, "type");
        this.reader = mapper.readerFor(type);
        this.writer = mapper.writerFor(type);
    }

    /**
     * The type this codec reads and writes.
     *
     * @return the event type, never null
     */
    public Class<T> type() {
        return type;
    }

    /**
     * Encodes an event as UTF-8 JSON. Null optional fields are omitted and map entries are sorted
     * by key, so equal events always encode to equal bytes.
     *
     * @param event the event, not null
     * @return the JSON bytes, never null
     * @throws NullPointerException if {@code event} is null
     */
    public byte[] encode(T event) {
        Objects.requireNonNull(event, () -> "cannot encode a null " + type.getSimpleName());
        try {
            return writer.writeValueAsBytes(event);
        } catch (JacksonException e) {
            // Records hold only strings, numbers, enums, lists and maps, so this is a bug here.
            throw new IllegalStateException("Cannot encode " + type.getSimpleName(), e);
        }
    }

    /**
     * Decodes UTF-8 JSON bytes. Unknown fields are ignored; required fields must be present.
     *
     * @param bytes the JSON bytes
     * @return the decoded event, never null
     * @throws EventDecodingException if {@code bytes} is null or empty, is not JSON, does not match
     *     the type, or holds a value the record rejects
     */
    public T decode(byte[] bytes) {
        if (bytes == null || bytes.length == 0) {
            // Kafka hands a null value for tombstones; the adapter decides what that means.
            throw new EventDecodingException(type, "no bytes (null or empty payload)", null);
        }
        T value;
        try {
            value = reader.readValue(bytes);
        } catch (IOException e) {
            throw new EventDecodingException(type, describe(e), e);
        }
        if (value == null) {
            throw new EventDecodingException(type, "payload is JSON null", null);
        }
        return value;
    }

    /**
     * Prefers our own validation message (which names the field) over Jackson's wrapper text, which
     * would otherwise only say that the constructor threw, and reports the JSON path of the
     * offending field in event terms rather than Java class names.
     */
    private static String describe(IOException e) {
        for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
            if (t instanceof IllegalArgumentException || t instanceof NullPointerException) {
                if (t.getMessage() != null) {
                    return t.getMessage();
                }
            }
        }
        String path = e instanceof JsonMappingException jme ? jsonPath(jme) : "";
        String message =
                e instanceof JacksonException je && je.getOriginalMessage() != null
                        ? je.getOriginalMessage()
                        : String.valueOf(e.getMessage());
        // Jackson's text here suggests switching the check off, which is the wrong advice.
        if (!path.isEmpty() && message.startsWith("Cannot map `null` into type")) {
            return "required field '" + path + "' is missing or null";
        }
        return path.isEmpty() ? message : message + " (field '" + path + "')";
    }

    private static String jsonPath(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                path.append(path.length() == 0 ? "" : ".").append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    @Override
    public String toString() {
        return "EventCodec[" + type.getSimpleName() + "]";
    }
}
