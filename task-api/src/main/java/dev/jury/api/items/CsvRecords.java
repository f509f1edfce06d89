package dev.jury.api.items;

import dev.jury.datasets.Csv;
import java.util.List;

/**
 * RFC 4180 records fed line by line ({@link Csv} splits them): a quoted field may span lines, so a
 * line is buffered until its quotes balance. Small and allocation-light because uploads run to
 * millions of rows.
 */
final class CsvRecords {

    private final StringBuilder pending = new StringBuilder();

    /**
     * Adds one physical line (without its line break).
     *
     * @return the fields of the record the line completes, or null while a quoted field is open
     */
    List<String> accept(String line) {
        if (pending.length() > 0) {
            pending.append('\n');
        }
        pending.append(line);
        if (!Csv.quotesBalanced(pending)) {
            if (pending.length() > 1 << 20) {
                throw new IllegalArgumentException("a quoted field never closes");
            }
            return null;
        }
        String record = pending.toString();
        pending.setLength(0);
        return Csv.fields(record);
    }

    /** Whether a record is still open at the end of input. */
    boolean open() {
        return pending.length() > 0;
    }
}
