package dev.jury.stream.metrics;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Checkpoints a {@link MetricsAccumulator} in its compact binary form, length-prefixed so Flink can
 * copy it without decoding. The accumulator is mutated in place, so {@link #copy} (called by the
 * heap backend when a checkpoint is written while the window is updated) is a deep copy.
 */
public final class MetricsAccumulatorSerializer extends TypeSerializer<MetricsAccumulator> {
    private static final long serialVersionUID = 1L;

    /** The accumulator's type information, with this serializer. */
    public static final TypeInformation<MetricsAccumulator> TYPE = new Type();

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public TypeSerializer<MetricsAccumulator> duplicate() {
        return this;
    }

    @Override
    public MetricsAccumulator createInstance() {
        return new MetricsAccumulator();
    }

    @Override
    public MetricsAccumulator copy(MetricsAccumulator from) {
        try {
            return fromBytes(toBytes(from));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public MetricsAccumulator copy(MetricsAccumulator from, MetricsAccumulator reuse) {
        return copy(from);
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(MetricsAccumulator record, DataOutputView target) throws IOException {
        byte[] bytes = toBytes(record);
        target.writeInt(bytes.length);
        target.write(bytes);
    }

    @Override
    public MetricsAccumulator deserialize(DataInputView source) throws IOException {
        byte[] bytes = new byte[source.readInt()];
        source.readFully(bytes);
        return fromBytes(bytes);
    }

    @Override
    public MetricsAccumulator deserialize(MetricsAccumulator reuse, DataInputView source)
            throws IOException {
        return deserialize(source);
    }

    @Override
    public void copy(DataInputView source, DataOutputView target) throws IOException {
        int length = source.readInt();
        target.writeInt(length);
        target.write(source, length);
    }

    @Override
    public boolean equals(Object obj) {
        return obj instanceof MetricsAccumulatorSerializer;
    }

    @Override
    public int hashCode() {
        return MetricsAccumulatorSerializer.class.hashCode();
    }

    @Override
    public TypeSerializerSnapshot<MetricsAccumulator> snapshotConfiguration() {
        return new Snapshot();
    }

    private static byte[] toBytes(MetricsAccumulator acc) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        acc.writeTo(out);
        out.flush();
        return bytes.toByteArray();
    }

    private static MetricsAccumulator fromBytes(byte[] bytes) throws IOException {
        return MetricsAccumulator.readFrom(new DataInputStream(new ByteArrayInputStream(bytes)));
    }

    /** The serializer has no configuration. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<MetricsAccumulator> {
        /** For Flink's reflective instantiation on restore. */
        public Snapshot() {
            super(MetricsAccumulatorSerializer::new);
        }
    }

    private static final class Type extends TypeInformation<MetricsAccumulator> {
        private static final long serialVersionUID = 1L;

        @Override
        public boolean isBasicType() {
            return false;
        }

        @Override
        public boolean isTupleType() {
            return false;
        }

        @Override
        public int getArity() {
            return 1;
        }

        @Override
        public int getTotalFields() {
            return 1;
        }

        @Override
        public Class<MetricsAccumulator> getTypeClass() {
            return MetricsAccumulator.class;
        }

        @Override
        public boolean isKeyType() {
            return false;
        }

        @Override
        public TypeSerializer<MetricsAccumulator> createSerializer(SerializerConfig config) {
            return new MetricsAccumulatorSerializer();
        }

        @Override
        public String toString() {
            return "MetricsAccumulator";
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Type;
        }

        @Override
        public int hashCode() {
            return Type.class.hashCode();
        }

        @Override
        public boolean canEqual(Object o) {
            return o instanceof Type;
        }
    }
}
