package dev.jury.stream;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.UUID;

/**
 * Deterministic event ids: a re-produced event (after a restore) keeps the id it had, so consumers
 * can tell a repeat from a new event.
 */
public final class EventIds {
    // One digest per task thread. UUID.nameUUIDFromBytes looks the MD5 provider up on every call,
    // which cost more than the hash itself at one event per label (./jury bench stream).
    private static final ThreadLocal<MessageDigest> MD5 =
            ThreadLocal.withInitial(
                    () -> {
                        try {
                            return MessageDigest.getInstance("MD5");
                        } catch (NoSuchAlgorithmException e) {
                            throw new IllegalStateException("every JDK provides MD5", e);
                        }
                    });

    private EventIds() {}

    /**
     * The name-based (version 3, MD5) UUID of a name: the id {@code UUID.nameUUIDFromBytes} gives
     * for its UTF-8 bytes.
     *
     * @param name what the id stands for, e.g. the event type and its key fields
     * @return the canonical UUID string, never null
     */
    public static String nameBased(String name) {
        byte[] hash = MD5.get().digest(name.getBytes(StandardCharsets.UTF_8));
        hash[6] = (byte) ((hash[6] & 0x0f) | 0x30); // version 3
        hash[8] = (byte) ((hash[8] & 0x3f) | 0x80); // IETF variant
        long most = 0;
        long least = 0;
        for (int i = 0; i < 8; i++) {
            most = (most << 8) | (hash[i] & 0xff);
            least = (least << 8) | (hash[8 + i] & 0xff);
        }
        return new UUID(most, least).toString();
    }
}
