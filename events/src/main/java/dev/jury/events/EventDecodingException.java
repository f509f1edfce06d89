package dev.jury.events;

/**
 * Thrown by {@link EventCodec#decode(byte[])} when bytes are not a valid event of the expected
 * type: not JSON, the wrong JSON shape, a missing required field, or a value its record rejects.
 *
 * <p>It is unchecked because a consumer cannot repair the bytes; it decides once, at the edge,
 * whether to skip the record or send it to a dead-letter topic.
 */
public final class EventDecodingException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final Class<?> eventType;

    /**
     * Creates the exception.
     *
     * @param eventType the type that was being decoded
     * @param message what was wrong, naming the field when known
     * @param cause the underlying parse or validation error, may be null
     */
    public EventDecodingException(Class<?> eventType, String message, Throwable cause) {
        super("Cannot decode " + eventType.getSimpleName() + ": " + message, cause);
        this.eventType = eventType;
    }

    /**
     * The event type the caller asked for.
     *
     * @return the type that failed to decode, never null
     */
    public Class<?> eventType() {
        return eventType;
    }
}
