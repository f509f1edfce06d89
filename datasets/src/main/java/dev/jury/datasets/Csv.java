package dev.jury.datasets;

import java.util.ArrayList;
import java.util.List;

/**
 * RFC 4180 fields: separated by commas; a field in double quotes may hold commas, line breaks and
 * doubled quotes ({@code ""} for one {@code "}). The one CSV splitter of the project, for crowd
 * datasets and item uploads alike.
 */
public final class Csv {

    private Csv() {}

    /**
     * The fields of one record. A record may span lines inside a quoted field; finding where a
     * record ends is the reader's job (see {@link #quotesBalanced}).
     *
     * @param record the record, without its line break
     * @return its fields, at least one
     */
    public static List<String> fields(String record) {
        List<String> fields = new ArrayList<>();
        if (record.indexOf('"') < 0) {
            int from = 0;
            for (int comma; (comma = record.indexOf(',', from)) >= 0; from = comma + 1) {
                fields.add(record.substring(from, comma));
            }
            fields.add(record.substring(from));
            return fields;
        }
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < record.length(); i++) {
            char c = record.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < record.length() && record.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                fields.add(field.toString());
                field.setLength(0);
            } else {
                field.append(c);
            }
        }
        fields.add(field.toString());
        return fields;
    }

    /**
     * Whether every quoted field that opens in {@code text} also closes: if not, the record goes on
     * past the line break.
     */
    public static boolean quotesBalanced(CharSequence text) {
        int quotes = 0;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '"') {
                quotes++;
            }
        }
        return quotes % 2 == 0;
    }
}
