package dev.jury.events;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Validation shared by the records' compact constructors; messages name the offending field. */
final class Checks {

    /**
     * 2001-09-09T01:46:40Z. No Jury event is that old, while a timestamp in epoch seconds is always
     * below it, so this catches the seconds-for-milliseconds mix-up at the producer.
     */
    static final long MIN_EPOCH_MILLIS = 1_000_000_000_000L;

    private Checks() {}

    static String notBlank(String value, String field) {
        Objects.requireNonNull(value, () -> field + " must not be null");
        if (value.isBlank()) {
            throw new IllegalArgumentException(field + " must not be blank");
        }
        return value;
    }

    static String blankToNull(String value, String field) {
        if (value != null && value.isBlank()) {
            throw new IllegalArgumentException(field + " must be absent or non-blank");
        }
        return value;
    }

    static <T> T notNull(T value, String field) {
        return Objects.requireNonNull(value, () -> field + " must not be null");
    }

    static void envelope(String eventId, int schemaVersion, long occurredAt, String type) {
        notBlank(eventId, type + ".eventId");
        if (!isCanonicalUuid(eventId)) {
            throw new IllegalArgumentException(
                    type + ".eventId must be a canonical UUID string, was '" + eventId + "'");
        }
        if (schemaVersion < 1) {
            throw new IllegalArgumentException(
                    type + ".schemaVersion must be at least 1, was " + schemaVersion);
        }
        epochMillis(occurredAt, type + ".occurredAt");
    }

    /**
     * 8-4-4-4-12 hex digits. Not a regular expression: every event is checked as it is built and
     * decoded, and the stream jobs build one per label; the regex was a visible share of their CPU
     * (./jury bench stream).
     */
    static boolean isCanonicalUuid(String value) {
        if (value.length() != 36) {
            return false;
        }
        for (int i = 0; i < 36; i++) {
            char c = value.charAt(i);
            boolean ok = i == 8 || i == 13 || i == 18 || i == 23 ? c == '-' : isHexDigit(c);
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    static long epochMillis(long value, String field) {
        if (value < MIN_EPOCH_MILLIS) {
            throw new IllegalArgumentException(
                    field
                            + " must be epoch milliseconds, was "
                            + value
                            + (value > 0 ? " (epoch seconds?)" : ""));
        }
        return value;
    }

    static long nonNegative(long value, String field) {
        if (value < 0) {
            throw new IllegalArgumentException(field + " must be >= 0, was " + value);
        }
        return value;
    }

    static double nonNegative(double value, String field) {
        finite(value, field);
        if (value < 0) {
            throw new IllegalArgumentException(field + " must be >= 0, was " + value);
        }
        return value;
    }

    static double probability(double value, String field) {
        finite(value, field);
        if (value < 0 || value > 1) {
            throw new IllegalArgumentException(field + " must be in [0, 1], was " + value);
        }
        return value;
    }

    static double finite(double value, String field) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException(field + " must be a finite number, was " + value);
        }
        return value;
    }

    static void atMost(long part, String partField, long whole, String wholeField) {
        if (part > whole) {
            throw new IllegalArgumentException(
                    partField
                            + " ("
                            + part
                            + ") must not exceed "
                            + wholeField
                            + " ("
                            + whole
                            + ")");
        }
    }

    static String hex(String value, int hexDigits, String field) {
        notBlank(value, field);
        if (value.length() != 2 + hexDigits
                || !value.startsWith("0x")
                || !value.substring(2).chars().allMatch(Checks::isHexDigit)) {
            throw new IllegalArgumentException(
                    field
                            + " must be 0x followed by "
                            + hexDigits
                            + " hex digits, was '"
                            + value
                            + "'");
        }
        return value;
    }

    private static boolean isHexDigit(int c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    /** Copies a list; {@link List#copyOf} also rejects null elements, which we name here. */
    static <T> List<T> list(List<T> value, String field) {
        notNull(value, field);
        for (int i = 0; i < value.size(); i++) {
            if (value.get(i) == null) {
                throw new NullPointerException(field + "[" + i + "] must not be null");
            }
        }
        return List.copyOf(value);
    }

    static <K, V> Map<K, V> map(Map<K, V> value, String field) {
        notNull(value, field);
        value.forEach(
                (k, v) -> {
                    if (k == null || v == null) {
                        throw new NullPointerException(
                                field + " must not contain null keys or values (key " + k + ")");
                    }
                });
        return Map.copyOf(value);
    }
}
