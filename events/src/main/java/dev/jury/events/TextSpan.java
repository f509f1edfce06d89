package dev.jury.events;

/**
 * One labelled span of an item's text, for span-annotation projects such as named entities.
 *
 * <p>Offsets count UTF-16 code units, the unit of both Java and JavaScript string indices, so the
 * reviewer UI and the JVM services agree on them without conversion.
 *
 * @param start offset of the first character of the span, inclusive, at least 0
 * @param end offset just past the last character, exclusive, greater than {@code start}
 * @param label the class assigned to the span, for example {@code "PERSON"}
 */
public record TextSpan(int start, int end, String label) {

    /** Validates offsets and label. */
    public TextSpan {
        if (start < 0) {
            throw new IllegalArgumentException("TextSpan.start must be >= 0, was " + start);
        }
        if (end <= start) {
            throw new IllegalArgumentException(
                    "TextSpan.end (" + end + ") must be greater than start (" + start + ")");
        }
        Checks.notBlank(label, "TextSpan.label");
    }
}
