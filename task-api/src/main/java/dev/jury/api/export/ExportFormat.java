package dev.jury.api.export;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.jury.api.http.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * How one exported item is written, in each format the export offers. The JSON columns (data, gold,
 * labels) arrive as PostgreSQL's JSON text and are copied through unparsed.
 */
enum ExportFormat {
    /** One JSON object per line. */
    JSONL("application/x-ndjson", "jsonl") {
        @Override
        void item(Item item, Options options, ByteArrayOutputStream out) throws IOException {
            try (JsonGenerator g = generator(out)) {
                g.writeStartObject();
                g.writeStringField("id", Long.toString(item.id()));
                g.writeStringField("externalId", item.externalId());
                g.writeFieldName("data");
                g.writeRawValue(item.dataJson());
                g.writeStringField("status", item.status());
                g.writeStringField("consensusLabel", item.consensusLabel());
                writeNumber(g, "confidence", item.confidence());
                writeNumber(g, "labelsUsed", item.labelsUsed());
                if (options.gold()) {
                    g.writeFieldName("gold");
                    writeRawOrNull(g, item.goldJson());
                }
                if (options.labels()) {
                    g.writeFieldName("labels");
                    g.writeRawValue(item.labelsJson() == null ? "[]" : item.labelsJson());
                }
                g.writeEndObject();
            }
            out.write('\n');
        }
    },

    /** RFC 4180 CSV with a header; the JSON columns hold JSON text. */
    CSV("text/csv; charset=utf-8", "csv") {
        @Override
        void start(Options options, ByteArrayOutputStream out) {
            StringBuilder header =
                    new StringBuilder(
                            "id,external_id,status,consensus_label,confidence,labels_used,data");
            if (options.gold()) {
                header.append(",gold");
            }
            if (options.labels()) {
                header.append(",labels");
            }
            header.append("\r\n");
            out.writeBytes(header.toString().getBytes(StandardCharsets.UTF_8));
        }

        @Override
        void item(Item item, Options options, ByteArrayOutputStream out) {
            StringBuilder row = new StringBuilder(256);
            row.append(item.id()).append(',');
            field(row, item.externalId()).append(',');
            field(row, item.status()).append(',');
            field(row, item.consensusLabel()).append(',');
            if (item.confidence() != null) {
                row.append(item.confidence());
            }
            row.append(',');
            if (item.labelsUsed() != null) {
                row.append(item.labelsUsed());
            }
            row.append(',');
            field(row, item.dataJson());
            if (options.gold()) {
                field(row.append(','), item.goldJson());
            }
            if (options.labels()) {
                field(row.append(','), item.labelsJson() == null ? "[]" : item.labelsJson());
            }
            row.append("\r\n");
            out.writeBytes(row.toString().getBytes(StandardCharsets.UTF_8));
        }

        /** Quotes a field when it holds a separator, a quote or a line break; doubles quotes. */
        private StringBuilder field(StringBuilder row, String value) {
            if (value == null) {
                return row;
            }
            boolean quote = false;
            for (int i = 0; i < value.length() && !quote; i++) {
                char c = value.charAt(i);
                quote = c == ',' || c == '"' || c == '\n' || c == '\r';
            }
            if (!quote) {
                return row.append(value);
            }
            row.append('"');
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                if (c == '"') {
                    row.append('"');
                }
                row.append(c);
            }
            return row.append('"');
        }
    },

    /**
     * Label Studio's task list: a JSON array of tasks whose consensus is a prediction of a {@code
     * choices} control named {@code label} over the text object {@code text}, scored with the
     * confidence.
     */
    LABELSTUDIO("application/json", "json") {
        @Override
        void start(Options options, ByteArrayOutputStream out) {
            out.write('[');
        }

        @Override
        void item(Item item, Options options, ByteArrayOutputStream out) throws IOException {
            if (!item.first()) {
                out.write(',');
            }
            out.write('\n');
            try (JsonGenerator g = generator(out)) {
                g.writeStartObject();
                g.writeNumberField("id", item.id());
                g.writeFieldName("data");
                g.writeRawValue(item.dataJson());
                g.writeArrayFieldStart("predictions");
                if (item.consensusLabel() != null) {
                    g.writeStartObject();
                    g.writeStringField("model_version", "jury-consensus");
                    g.writeArrayFieldStart("result");
                    g.writeStartObject();
                    g.writeStringField("from_name", "label");
                    g.writeStringField("to_name", "text");
                    g.writeStringField("type", "choices");
                    g.writeObjectFieldStart("value");
                    g.writeArrayFieldStart("choices");
                    g.writeString(item.consensusLabel());
                    g.writeEndArray();
                    g.writeEndObject();
                    g.writeEndObject();
                    g.writeEndArray();
                    writeNumber(g, "score", item.confidence());
                    g.writeEndObject();
                }
                g.writeEndArray();
                g.writeObjectFieldStart("meta");
                g.writeStringField("externalId", item.externalId());
                g.writeStringField("status", item.status());
                writeNumber(g, "labelsUsed", item.labelsUsed());
                g.writeEndObject();
                if (options.gold()) {
                    g.writeFieldName("gold");
                    writeRawOrNull(g, item.goldJson());
                }
                if (options.labels()) {
                    g.writeFieldName("labels");
                    g.writeRawValue(item.labelsJson() == null ? "[]" : item.labelsJson());
                }
                g.writeEndObject();
            }
        }

        @Override
        void end(Options options, ByteArrayOutputStream out) {
            out.writeBytes("\n]\n".getBytes(StandardCharsets.UTF_8));
        }
    };

    private final String contentType;
    private final String extension;

    ExportFormat(String contentType, String extension) {
        this.contentType = contentType;
        this.extension = extension;
    }

    /** What the export's response declares. */
    String contentType() {
        return contentType;
    }

    /** File name extension for {@code Content-Disposition}. */
    String extension() {
        return extension;
    }

    /** Writes what comes before the first item. */
    void start(Options options, ByteArrayOutputStream out) {}

    /** Writes one item. */
    abstract void item(Item item, Options options, ByteArrayOutputStream out) throws IOException;

    /** Writes what comes after the last item. */
    void end(Options options, ByteArrayOutputStream out) {}

    /** The format named by {@code ?format=}, or null if there is none by that name. */
    static ExportFormat parse(String name) {
        if (name == null || name.isBlank()) {
            return JSONL;
        }
        return switch (name.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "jsonl", "ndjson" -> JSONL;
            case "csv" -> CSV;
            case "labelstudio" -> LABELSTUDIO;
            default -> null;
        };
    }

    /**
     * One exported item.
     *
     * @param first whether it is the first item of the export
     */
    record Item(
            boolean first,
            long id,
            String externalId,
            String dataJson,
            String status,
            String consensusLabel,
            Double confidence,
            Integer labelsUsed,
            String goldJson,
            String labelsJson) {}

    /**
     * What the caller gets besides the items' results.
     *
     * @param gold the gold answers (the project's owner and admins only)
     * @param labels each contributor's label (asked for with {@code ?labels=true})
     */
    record Options(boolean gold, boolean labels) {}

    private static JsonGenerator generator(ByteArrayOutputStream out) {
        try {
            return Json.MAPPER
                    .getFactory()
                    .createGenerator(out)
                    .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void writeNumber(JsonGenerator g, String name, Number value) throws IOException {
        g.writeFieldName(name);
        if (value == null) {
            g.writeNull();
        } else if (value instanceof Double d) {
            g.writeNumber(d);
        } else {
            g.writeNumber(value.intValue());
        }
    }

    private static void writeRawOrNull(JsonGenerator g, String json) throws IOException {
        if (json == null) {
            g.writeNull();
        } else {
            g.writeRawValue(json);
        }
    }
}
