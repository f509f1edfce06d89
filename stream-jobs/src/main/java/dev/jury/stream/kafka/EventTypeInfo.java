package dev.jury.stream.kafka;

import dev.jury.events.EventCodec;
import dev.jury.events.Events;
import dev.jury.events.JuryEvent;
import dev.jury.events.LabelSubmitted;
import dev.jury.stream.state.OpaqueTypeInfo;
import java.io.IOException;
import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Flink type information for a Jury event: the event travels between operators (and sits in state)
 * as the same JSON bytes it has on Kafka, except {@link LabelSubmitted}, which every label carries
 * through the shuffle to consensus and which therefore has a compact binary form ({@link
 * LabelSubmittedForm}).
 *
 * <p>Why not Flink's own record/POJO serializer: the events hold immutable JDK lists and maps,
 * which Flink would hand to Kryo, and Kryo cannot rebuild {@code List.copyOf} collections on Java
 * 17 without opening {@code java.util}. The events module's codec is the one definition of the wire
 * format and validates what it reads, so a corrupt state fails loudly.
 *
 * @param <T> the event type
 */
public final class EventTypeInfo<T extends JuryEvent> extends OpaqueTypeInfo<T> {
    private static final long serialVersionUID = 1L;

    /**
     * @param type the event type, not null
     */
    public EventTypeInfo(Class<T> type) {
        super(type);
    }

    @Override
    public TypeSerializer<T> createSerializer(SerializerConfig config) {
        return new Serializer<>(getTypeClass());
    }

    /**
     * Length-prefixed JSON bytes of the event's codec, or a label's binary form. Events are
     * immutable records.
     */
    static final class Serializer<T extends JuryEvent> extends TypeSerializer<T> {
        private static final long serialVersionUID = 1L;

        private final Class<T> type;
        private transient EventCodec<T> codec;

        Serializer(Class<T> type) {
            this.type = type;
        }

        private EventCodec<T> codec() {
            if (codec == null) {
                codec = Events.codec(type);
            }
            return codec;
        }

        @Override
        public boolean isImmutableType() {
            return true;
        }

        @Override
        public TypeSerializer<T> duplicate() {
            return this;
        }

        @Override
        public T createInstance() {
            return null;
        }

        @Override
        public T copy(T from) {
            return from;
        }

        @Override
        public T copy(T from, T reuse) {
            return from;
        }

        @Override
        public int getLength() {
            return -1;
        }

        @Override
        public void serialize(T record, DataOutputView target) throws IOException {
            // By the declared type, as deserialize decides, so both sides always agree.
            if (type == LabelSubmitted.class) {
                LabelSubmittedForm.write((LabelSubmitted) record, target);
                return;
            }
            byte[] bytes = codec().encode(record);
            target.writeInt(bytes.length);
            target.write(bytes);
        }

        @Override
        public T deserialize(DataInputView source) throws IOException {
            if (type == LabelSubmitted.class) {
                return type.cast(LabelSubmittedForm.read(source));
            }
            byte[] bytes = new byte[source.readInt()];
            source.readFully(bytes);
            return codec().decode(bytes);
        }

        @Override
        public T deserialize(T reuse, DataInputView source) throws IOException {
            return deserialize(source);
        }

        @Override
        public void copy(DataInputView source, DataOutputView target) throws IOException {
            if (type == LabelSubmitted.class) {
                serialize(deserialize(source), target);
                return;
            }
            int length = source.readInt();
            target.writeInt(length);
            target.write(source, length);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Serializer<?> other && other.type.equals(type);
        }

        @Override
        public int hashCode() {
            return type.hashCode();
        }

        @Override
        public TypeSerializerSnapshot<T> snapshotConfiguration() {
            return new Snapshot<>(type);
        }
    }

    /**
     * Remembers the event class, so a restored job rebuilds the same serializer. (Flink's {@code
     * SimpleTypeSerializerSnapshot} wants a no-argument supplier, which would mean one class per
     * event type.)
     */
    public static final class Snapshot<T extends JuryEvent> implements TypeSerializerSnapshot<T> {
        // Version 1 wrote labels as JSON too; version 2 writes them in their binary form.
        private static final int VERSION = 2;
        private static final int JSON_LABELS = 1;

        private Class<T> type;
        private int version = VERSION;

        /** For Flink's reflective instantiation on restore. */
        public Snapshot() {}

        Snapshot(Class<T> type) {
            this.type = type;
        }

        @Override
        public int getCurrentVersion() {
            return VERSION;
        }

        @Override
        public void writeSnapshot(DataOutputView out) throws IOException {
            out.writeUTF(type.getName());
        }

        @Override
        @SuppressWarnings("unchecked")
        public void readSnapshot(int version, DataInputView in, ClassLoader loader)
                throws IOException {
            this.version = version;
            try {
                type = (Class<T>) Class.forName(in.readUTF(), false, loader);
            } catch (ClassNotFoundException e) {
                throw new IOException(e);
            }
        }

        @Override
        public TypeSerializer<T> restoreSerializer() {
            return new Serializer<>(type);
        }

        @Override
        public TypeSerializerSchemaCompatibility<T> resolveSchemaCompatibility(
                TypeSerializerSnapshot<T> oldSnapshot) {
            // No operator keeps events in state today; should one ever restore labels written in
            // the old form, refusing is safer than misreading them.
            boolean labelsChangedForm =
                    oldSnapshot instanceof Snapshot<T> old
                            && old.version == JSON_LABELS
                            && type == LabelSubmitted.class;
            return oldSnapshot instanceof Snapshot<T> old
                            && type.equals(old.type)
                            && !labelsChangedForm
                    ? TypeSerializerSchemaCompatibility.compatibleAsIs()
                    : TypeSerializerSchemaCompatibility.incompatible();
        }
    }
}
