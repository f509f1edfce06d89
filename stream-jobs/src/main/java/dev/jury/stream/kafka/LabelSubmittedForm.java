package dev.jury.stream.kafka;

import dev.jury.events.LabelSubmitted;
import dev.jury.events.LabelValue;
import dev.jury.events.TextSpan;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.types.StringValue;

/**
 * The binary form a {@link LabelSubmitted} takes between the job's operators (the shuffle from the
 * source to the project-keyed consensus). Every field, in declaration order, with Flink's string
 * encoding (no length limit, nulls allowed).
 *
 * <p>Why not the JSON the label has on Kafka: every label crosses this shuffle once, and encoding
 * it to JSON at the source and parsing it again at the consensus task cost more CPU than the
 * consensus model's update itself (./jury bench stream, docs/benchmarks.md). Decoding still goes
 * through the record's canonical constructor, so every check the events module makes on a label
 * still runs.
 */
final class LabelSubmittedForm {
    private static final byte CHOICE = 1;
    private static final byte CHOICES = 2;
    private static final byte SPANS = 3;
    private static final byte ABSENT = 0;

    private LabelSubmittedForm() {}

    static void write(LabelSubmitted l, DataOutputView out) throws IOException {
        StringValue.writeString(l.eventId(), out);
        out.writeInt(l.schemaVersion());
        out.writeLong(l.occurredAt());
        StringValue.writeString(l.labelId(), out);
        StringValue.writeString(l.projectId(), out);
        StringValue.writeString(l.itemId(), out);
        StringValue.writeString(l.contributorId(), out);
        writeValue(l.label(), out);
        out.writeBoolean(l.gold());
        writeValue(l.goldLabel(), out);
        StringValue.writeString(l.leaseId(), out);
        StringValue.writeString(l.idempotencyKey(), out);
        out.writeLong(l.submittedAt());
        out.writeLong(l.durationMs());
    }

    static LabelSubmitted read(DataInputView in) throws IOException {
        String eventId = StringValue.readString(in);
        int schemaVersion = in.readInt();
        long occurredAt = in.readLong();
        String labelId = StringValue.readString(in);
        String projectId = StringValue.readString(in);
        String itemId = StringValue.readString(in);
        String contributorId = StringValue.readString(in);
        LabelValue label = readValue(in);
        boolean gold = in.readBoolean();
        LabelValue goldLabel = readValue(in);
        String leaseId = StringValue.readString(in);
        String idempotencyKey = StringValue.readString(in);
        long submittedAt = in.readLong();
        long durationMs = in.readLong();
        return new LabelSubmitted(
                eventId,
                schemaVersion,
                occurredAt,
                labelId,
                projectId,
                itemId,
                contributorId,
                label,
                gold,
                goldLabel,
                leaseId,
                idempotencyKey,
                submittedAt,
                durationMs);
    }

    private static void writeValue(LabelValue v, DataOutputView out) throws IOException {
        if (v == null) {
            out.writeByte(ABSENT);
        } else if (v.choice() != null) {
            out.writeByte(CHOICE);
            StringValue.writeString(v.choice(), out);
        } else if (v.choices() != null) {
            out.writeByte(CHOICES);
            out.writeInt(v.choices().size());
            for (String c : v.choices()) {
                StringValue.writeString(c, out);
            }
        } else {
            out.writeByte(SPANS);
            out.writeInt(v.spans().size());
            for (TextSpan s : v.spans()) {
                out.writeInt(s.start());
                out.writeInt(s.end());
                StringValue.writeString(s.label(), out);
            }
        }
    }

    private static LabelValue readValue(DataInputView in) throws IOException {
        byte kind = in.readByte();
        switch (kind) {
            case ABSENT:
                return null;
            case CHOICE:
                return LabelValue.ofChoice(StringValue.readString(in));
            case CHOICES:
                {
                    int n = in.readInt();
                    List<String> choices = new ArrayList<>(n);
                    for (int i = 0; i < n; i++) {
                        choices.add(StringValue.readString(in));
                    }
                    return LabelValue.ofChoices(choices);
                }
            case SPANS:
                {
                    int n = in.readInt();
                    List<TextSpan> spans = new ArrayList<>(n);
                    for (int i = 0; i < n; i++) {
                        int start = in.readInt();
                        int end = in.readInt();
                        spans.add(new TextSpan(start, end, StringValue.readString(in)));
                    }
                    return LabelValue.ofSpans(spans);
                }
            default:
                throw new IOException("unknown label value kind " + kind);
        }
    }
}
