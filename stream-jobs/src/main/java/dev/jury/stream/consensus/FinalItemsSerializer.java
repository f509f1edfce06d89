package dev.jury.stream.consensus;

import dev.jury.stream.state.CompactStateSerializer;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;

/** Checkpoints a project's {@link FinalItems} in its compact form. */
public final class FinalItemsSerializer extends CompactStateSerializer<FinalItems> {
    private static final long serialVersionUID = 1L;

    @Override
    public FinalItems createInstance() {
        return new FinalItems();
    }

    @Override
    protected void write(FinalItems value, DataOutput out) throws IOException {
        value.writeTo(out);
    }

    /** Array copies; the heap backend calls this on the first write to a project per checkpoint. */
    @Override
    protected FinalItems deepCopy(FinalItems from) {
        return from.copy();
    }

    @Override
    protected FinalItems read(DataInput in) throws IOException {
        return FinalItems.readFrom(in);
    }

    @Override
    public TypeSerializerSnapshot<FinalItems> snapshotConfiguration() {
        return new Snapshot();
    }

    /** The serializer has no configuration; the format version is written with the value. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<FinalItems> {
        /** For Flink's reflective instantiation on restore. */
        public Snapshot() {
            super(FinalItemsSerializer::new);
        }
    }
}
