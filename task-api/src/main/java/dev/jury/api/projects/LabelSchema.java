package dev.jury.api.projects;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.jury.events.LabelValue;
import dev.jury.events.TextSpan;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What a label of a project may be: one class of a list (single choice), any subset of a list
 * (multi-label), or spans of the item's text each tagged with a class (span labeling).
 *
 * @param kind the shape of a label
 * @param classes the allowed classes (span tags for {@link Kind#SPANS}), distinct, 1 to 200
 */
public record LabelSchema(
        @JsonProperty(value = "kind", required = true) Kind kind,
        @JsonProperty(value = "classes", required = true) List<String> classes) {

    /** The shape of a label. */
    public enum Kind {
        SINGLE_CHOICE,
        MULTI_LABEL,
        SPANS;

        @JsonValue
        String wire() {
            return name().toLowerCase(Locale.ROOT);
        }

        @JsonCreator
        static Kind parse(String wire) {
            for (Kind kind : values()) {
                if (kind.wire().equals(wire)) {
                    return kind;
                }
            }
            throw new IllegalArgumentException(
                    "labelSchema.kind must be single_choice, multi_label or spans; got '"
                            + wire
                            + "'");
        }
    }

    /** Largest number of classes a schema may list. */
    public static final int MAX_CLASSES = 200;

    public LabelSchema {
        if (kind == null) {
            throw new IllegalArgumentException("labelSchema.kind is required");
        }
        if (classes == null || classes.isEmpty() || classes.size() > MAX_CLASSES) {
            throw new IllegalArgumentException(
                    "labelSchema.classes must list 1 to " + MAX_CLASSES + " classes");
        }
        if (kind == Kind.SINGLE_CHOICE && classes.size() < 2) {
            throw new IllegalArgumentException("a single_choice schema needs at least 2 classes");
        }
        Set<String> seen = new HashSet<>();
        for (String c : classes) {
            if (c == null || c.isBlank() || c.length() > 100) {
                throw new IllegalArgumentException(
                        "labelSchema.classes must be non-blank strings of at most 100 characters");
            }
            if (!seen.add(c)) {
                throw new IllegalArgumentException("labelSchema.classes repeats '" + c + "'");
            }
        }
        classes = List.copyOf(classes);
    }

    /**
     * Checks a label against the schema.
     *
     * @param value the label
     * @param textLength length of the item's text in UTF-16 units, for span bounds
     * @return the problems found, empty if the label is valid
     */
    public List<String> violations(LabelValue value, int textLength) {
        List<String> errors = new ArrayList<>();
        switch (kind) {
            case SINGLE_CHOICE -> {
                if (value.choice() == null) {
                    errors.add("this project takes a single 'choice'");
                } else if (!classes.contains(value.choice())) {
                    errors.add("'" + value.choice() + "' is not one of " + classes);
                }
            }
            case MULTI_LABEL -> {
                if (value.choices() == null) {
                    errors.add("this project takes a list of 'choices'");
                } else {
                    Set<String> seen = new HashSet<>();
                    for (String c : value.choices()) {
                        if (!classes.contains(c)) {
                            errors.add("'" + c + "' is not one of " + classes);
                        } else if (!seen.add(c)) {
                            errors.add("'" + c + "' is listed twice");
                        }
                    }
                }
            }
            case SPANS -> {
                if (value.spans() == null) {
                    errors.add("this project takes a list of 'spans'");
                } else {
                    for (TextSpan span : value.spans()) {
                        if (!classes.contains(span.label())) {
                            errors.add("span tag '" + span.label() + "' is not one of " + classes);
                        }
                        if (span.end() > textLength) {
                            errors.add(
                                    "span ["
                                            + span.start()
                                            + ", "
                                            + span.end()
                                            + ") runs past the item's text of length "
                                            + textLength);
                        }
                    }
                }
            }
        }
        return errors;
    }
}
