package dev.jury.api.items;

import java.util.ArrayList;
import java.util.List;

/**
 * RFC 4180 records fed line by line: a quoted field may span lines, so a line is buffered until its
 * quotes balance. Small and allocation-light because uploads run to millions of rows.
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
        if (!quotesBalanced(pending)) {
            if (pending.length() > 1 << 20) {
                throw new IllegalArgumentException("a quoted field never closes");
            }
            return null;
        }
        String record = pending.toString();
        pending.setLength(0);
        return split(record);
    }

    /** Whether a record is still open at the end of input. */
    boolean open() {
        return pending.length() > 0;
    }

    private static boolean quotesBalanced(CharSequence s) {
        int quotes = 0;
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == '"') {
                quotes++;
            }
        }
        return quotes % 2 == 0;
    }

    static List<String> split(String record) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < record.length(); i++) {
            char c = record.charAt(i);
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < record.length() && record.charAt(i + 1) == '"') {
                        field.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                fields.add(field.toString());
                field.setLength(0);
            } else if (c != '\r' || i != record.length() - 1) {
                field.append(c);
            }
        }
        fields.add(field.toString());
        return fields;
    }
}
