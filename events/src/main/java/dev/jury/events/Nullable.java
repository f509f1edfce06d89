package dev.jury.events;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a record component that may be null, and so is optional in the event's JSON Schema.
 *
 * <p>Every component without this annotation is required: its compact constructor rejects null, and
 * the schema lists it under {@code required}. The annotation is kept at run time because the schema
 * test reads it to check exactly that.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({
    ElementType.RECORD_COMPONENT,
    ElementType.FIELD,
    ElementType.METHOD,
    ElementType.PARAMETER
})
public @interface Nullable {}
