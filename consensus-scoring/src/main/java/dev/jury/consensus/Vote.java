package dev.jury.consensus;

import java.util.Objects;

/**
 * One label that one contributor gave one item: the unit of crowd data.
 *
 * <p>Labels, items and contributors are opaque strings; a dataset may call its classes {@code
 * "0","1"} or {@code "cat","dog"}.
 *
 * @param task the item that was labeled, never null
 * @param worker the contributor who labeled it, never null
 * @param label the class the contributor chose, never null
 */
public record Vote(String task, String worker, String label) {
    public Vote {
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(worker, "worker");
        Objects.requireNonNull(label, "label");
    }
}
