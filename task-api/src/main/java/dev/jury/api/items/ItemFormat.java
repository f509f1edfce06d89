package dev.jury.api.items;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jury.api.http.Json;
import dev.jury.api.projects.LabelSchema;
import dev.jury.events.Events;
import dev.jury.events.LabelValue;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The upload formats items arrive in, and how one record of each becomes an {@link ItemRow}.
 *
 * <ul>
 *   <li>{@code jsonl}: one object a line: {@code {"id": "...", "text": "...", "data": {...},
 *       "gold": ..., "group": "..."}}; only {@code id} is required, {@code text} defaults to {@code
 *       data.text}.
 *   <li>{@code csv}: a header line naming the columns; {@code id}, {@code text}, {@code gold} and
 *       {@code group} are read as above, every other column goes into the item's data.
 *   <li>{@code labelstudio}: a Label Studio task export, a JSON array of {@code {"id": ..., "data":
 *       {...}}}.
 * </ul>
 *
 * A gold answer is a class name ({@code "pos"}), a list of classes for multi-label projects, or a
 * full label object ({@code {"choice": "pos"}}); it is checked against the project's schema.
 */
public enum ItemFormat {
    JSONL,
    CSV,
    LABELSTUDIO;

    private static final Set<String> JSONL_FIELDS = Set.of("id", "text", "data", "gold", "group");
    private static final int MAX_ID_LENGTH = 200;

    /** Parses a format name from a query parameter or content type. */
    public static ItemFormat parse(String name) {
        if (name == null) {
            return null;
        }
        String n = name.toLowerCase(Locale.ROOT);
        if (n.contains("jsonl") || n.contains("ndjson") || n.contains("x-ndjson")) {
            return JSONL;
        }
        if (n.contains("csv")) {
            return CSV;
        }
        if (n.contains("labelstudio")
                || n.contains("label-studio")
                || n.equals("application/json")) {
            return LABELSTUDIO;
        }
        return null;
    }

    /** Reads one JSONL line. */
    static ItemRow fromJsonLine(String line, LabelSchema schema) {
        JsonNode node = parseJson(line);
        if (!node.isObject()) {
            throw new IllegalArgumentException("each line must be a JSON object");
        }
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!JSONL_FIELDS.contains(field)) {
                throw new IllegalArgumentException(
                        "unknown field '" + field + "' (allowed: id, text, data, gold, group)");
            }
        }
        JsonNode data = node.path("data");
        if (!data.isMissingNode() && !data.isObject()) {
            throw new IllegalArgumentException("'data' must be an object");
        }
        String text = textOf(node.get("text"), data);
        ObjectNode payload =
                data.isObject()
                        ? ((ObjectNode) data).deepCopy()
                        : JsonNodeFactory.instance.objectNode();
        if (!payload.has("text")) {
            payload.put("text", text);
        }
        return new ItemRow(
                id(node.get("id")),
                payload.toString(),
                text,
                gold(node.get("gold"), schema, text.length()),
                group(node.get("group")));
    }

    /** Reads one CSV record given the header. */
    static ItemRow fromCsv(List<String> header, List<String> values, LabelSchema schema) {
        if (values.size() != header.size()) {
            throw new IllegalArgumentException(
                    "has " + values.size() + " fields, the header has " + header.size());
        }
        ObjectNode payload = JsonNodeFactory.instance.objectNode();
        String id = null;
        String text = "";
        String gold = null;
        String group = null;
        for (int i = 0; i < header.size(); i++) {
            String column = header.get(i);
            String value = values.get(i);
            switch (column) {
                case "id" -> id = value;
                case "text" -> text = value;
                case "gold" -> gold = value.isEmpty() ? null : value;
                case "group" -> group = value.isEmpty() ? null : value;
                default -> payload.put(column, value);
            }
        }
        payload.put("text", text);
        return new ItemRow(
                id(id == null ? null : JsonNodeFactory.instance.textNode(id)),
                payload.toString(),
                text,
                gold == null
                        ? null
                        : gold(JsonNodeFactory.instance.textNode(gold), schema, text.length()),
                group);
    }

    /** Reads one Label Studio task. */
    static ItemRow fromLabelStudio(JsonNode task, LabelSchema schema) {
        if (!task.isObject()) {
            throw new IllegalArgumentException("each task must be a JSON object");
        }
        JsonNode data = task.path("data");
        if (!data.isObject()) {
            throw new IllegalArgumentException("a Label Studio task needs a 'data' object");
        }
        JsonNode idNode = task.has("id") ? task.get("id") : data.get("id");
        String text = textOf(null, data);
        return new ItemRow(id(idNode), data.toString(), text, null, null);
    }

    private static String textOf(JsonNode text, JsonNode data) {
        if (text != null && !text.isNull()) {
            if (!text.isTextual()) {
                throw new IllegalArgumentException("'text' must be a string");
            }
            return text.asText();
        }
        JsonNode fromData = data.path("text");
        if (fromData.isTextual()) {
            return fromData.asText();
        }
        // Label Studio tasks name their text field freely: take the first string in data.
        for (Iterator<Map.Entry<String, JsonNode>> it = data.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getValue().isTextual()) {
                return e.getValue().asText();
            }
        }
        return "";
    }

    private static String id(JsonNode node) {
        if (node == null || node.isNull()) {
            throw new IllegalArgumentException("'id' is required");
        }
        if (!node.isTextual() && !node.isIntegralNumber()) {
            throw new IllegalArgumentException("'id' must be a string or an integer");
        }
        String id = node.asText();
        if (id.isBlank() || id.length() > MAX_ID_LENGTH) {
            throw new IllegalArgumentException(
                    "'id' must have 1 to " + MAX_ID_LENGTH + " characters");
        }
        return id;
    }

    private static String group(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual() || node.asText().isBlank() || node.asText().length() > 100) {
            throw new IllegalArgumentException("'group' must be a string of 1 to 100 characters");
        }
        return node.asText();
    }

    /** Normalises a gold answer to LabelValue JSON and checks it against the schema. */
    static String gold(JsonNode node, LabelSchema schema, int textLength) {
        if (node == null || node.isNull()) {
            return null;
        }
        LabelValue value;
        try {
            if (node.isTextual()) {
                value =
                        schema.kind() == LabelSchema.Kind.MULTI_LABEL
                                ? LabelValue.ofChoices(List.of(node.asText()))
                                : LabelValue.ofChoice(node.asText());
            } else if (node.isArray()) {
                List<String> choices = new ArrayList<>();
                node.forEach(c -> choices.add(c.asText()));
                value = LabelValue.ofChoices(choices);
            } else if (node.isObject()) {
                value =
                        Events.codec(LabelValue.class)
                                .decode(
                                        node.toString()
                                                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
            } else {
                throw new IllegalArgumentException(
                        "'gold' must be a class, a list or a label object");
            }
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("'gold' is not a label: " + e.getMessage());
        }
        List<String> errors = schema.violations(value, textLength);
        if (!errors.isEmpty()) {
            throw new IllegalArgumentException("'gold' breaks the label schema: " + errors.get(0));
        }
        return new String(
                Events.codec(LabelValue.class).encode(value),
                java.nio.charset.StandardCharsets.UTF_8);
    }

    static JsonNode parseJson(String text) {
        try {
            return Json.MAPPER.readTree(text);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("malformed JSON");
        }
    }
}
