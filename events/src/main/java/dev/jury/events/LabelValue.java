package dev.jury.events;

import java.util.List;

/**
 * The answer a contributor gave, in one of three shapes. Exactly one component is non-null:
 *
 * <ul>
 *   <li>{@code choice}: single-choice classification, one class name;
 *   <li>{@code choices}: multi-label classification, the classes that apply (may be empty: "none
 *       apply" is an answer);
 *   <li>{@code spans}: span annotation of the item's text (may be empty: "no entities").
 * </ul>
 *
 * <pre>{@code
 * LabelValue.ofChoice("cat");
 * LabelValue.ofChoices(List.of("outdoor", "animal"));
 * LabelValue.ofSpans(List.of(new TextSpan(0, 5, "PERSON")));
 * }</pre>
 *
 * @param choice the chosen class for single-choice tasks, or null
 * @param choices the chosen classes for multi-label tasks, or null
 * @param spans the labelled text spans for span tasks, or null
 */
public record LabelValue(
        @Nullable String choice, @Nullable List<String> choices, @Nullable List<TextSpan> spans) {

    /** Checks that exactly one shape is set and copies lists. */
    public LabelValue {
        int set = (choice != null ? 1 : 0) + (choices != null ? 1 : 0) + (spans != null ? 1 : 0);
        if (set != 1) {
            throw new IllegalArgumentException(
                    "LabelValue must have exactly one of choice, choices or spans; had " + set);
        }
        Checks.blankToNull(choice, "LabelValue.choice");
        if (choices != null) {
            choices = Checks.list(choices, "LabelValue.choices");
            choices.forEach(c -> Checks.notBlank(c, "LabelValue.choices[]"));
        }
        if (spans != null) {
            spans = Checks.list(spans, "LabelValue.spans");
        }
    }

    /**
     * A single-choice answer.
     *
     * @param choice the class, not blank
     * @return the value, never null
     */
    public static LabelValue ofChoice(String choice) {
        return new LabelValue(Checks.notNull(choice, "LabelValue.choice"), null, null);
    }

    /**
     * A multi-label answer.
     *
     * @param choices the classes that apply, possibly empty
     * @return the value, never null
     */
    public static LabelValue ofChoices(List<String> choices) {
        return new LabelValue(null, Checks.notNull(choices, "LabelValue.choices"), null);
    }

    /**
     * A span-annotation answer.
     *
     * @param spans the labelled spans, possibly empty
     * @return the value, never null
     */
    public static LabelValue ofSpans(List<TextSpan> spans) {
        return new LabelValue(null, null, Checks.notNull(spans, "LabelValue.spans"));
    }
}
