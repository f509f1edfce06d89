package dev.jury.stream.metrics;

import dev.jury.stream.state.CompactStateSerializer;
import dev.jury.stream.state.OpaqueTypeInfo;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;

/** Checkpoints a {@link MetricsAccumulator} in its compact binary form. */
public final class MetricsAccumulatorSerializer extends CompactStateSerializer<MetricsAccumulator> {
    private static final long serialVersionUID = 1L;

    /** The accumulator's type information, with this serializer. */
    public static final TypeInformation<MetricsAccumulator> TYPE = new Type();

    @Override
    public MetricsAccumulator createInstance() {
        return new MetricsAccumulator();
    }

    @Override
    protected void write(MetricsAccumulator value, DataOutput out) throws IOException {
        value.writeTo(out);
    }

    @Override
    protected MetricsAccumulator read(DataInput in) throws IOException {
        return MetricsAccumulator.readFrom(in);
    }

    @Override
    public TypeSerializerSnapshot<MetricsAccumulator> snapshotConfiguration() {
        return new Snapshot();
    }

    /** The serializer has no configuration. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<MetricsAccumulator> {
        /** For Flink's reflective instantiation on restore. */
        public Snapshot() {
            super(MetricsAccumulatorSerializer::new);
        }
    }

    private static final class Type extends OpaqueTypeInfo<MetricsAccumulator> {
        private static final long serialVersionUID = 1L;

        Type() {
            super(MetricsAccumulator.class);
        }

        @Override
        public TypeSerializer<MetricsAccumulator> createSerializer(SerializerConfig config) {
            return new MetricsAccumulatorSerializer();
        }

        @Override
        public String toString() {
            return "MetricsAccumulator";
        }
    }
}
