package dev.jury.stream.state;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Checkpoints a mutable state value through its own compact binary form, length-prefixed so Flink
 * can copy a serialised value without decoding it. Subclasses say how to write and read the value;
 * the framing, copying and Flink's bookkeeping live here once.
 *
 * <p>The values are updated in place. On the heap state backend {@link #copy(Object)} is called
 * when a checkpoint is being written while the operator touches the same key, and must then be a
 * deep copy, which a write and a read are (or {@link #deepCopy}, where a subclass copies in
 * memory).
 *
 * @param <T> the state value's type
 */
public abstract class CompactStateSerializer<T> extends TypeSerializer<T> {
    private static final long serialVersionUID = 1L;

    /** Writes the value's compact form. */
    protected abstract void write(T value, DataOutput out) throws IOException;

    /** Reads a value written by {@link #write}. */
    protected abstract T read(DataInput in) throws IOException;

    @Override
    public final boolean isImmutableType() {
        return false;
    }

    @Override
    public final TypeSerializer<T> duplicate() {
        // Stateless: one instance can serve every thread.
        return this;
    }

    @Override
    public final T copy(T from) {
        return deepCopy(from);
    }

    /**
     * A deep copy of the value: by default its compact form written and read back. Override when
     * the value can copy itself in memory for less; on the heap backend this runs on the operator's
     * thread for every key touched after each checkpoint.
     *
     * @param from the value to copy
     * @return an independent copy
     */
    protected T deepCopy(T from) {
        try {
            return fromBytes(toBytes(from));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public final T copy(T from, T reuse) {
        return copy(from);
    }

    @Override
    public final int getLength() {
        return -1;
    }

    @Override
    public final void serialize(T record, DataOutputView target) throws IOException {
        DataOutputSerializer bytes = written(record);
        target.writeInt(bytes.length());
        target.write(bytes.getSharedBuffer(), 0, bytes.length());
    }

    @Override
    public final T deserialize(DataInputView source) throws IOException {
        byte[] bytes = new byte[source.readInt()];
        source.readFully(bytes);
        return fromBytes(bytes);
    }

    @Override
    public final T deserialize(T reuse, DataInputView source) throws IOException {
        return deserialize(source);
    }

    @Override
    public final void copy(DataInputView source, DataOutputView target) throws IOException {
        int length = source.readInt();
        target.writeInt(length);
        target.write(source, length);
    }

    @Override
    public final boolean equals(Object obj) {
        return obj != null && obj.getClass() == getClass();
    }

    @Override
    public final int hashCode() {
        return getClass().hashCode();
    }

    /**
     * The value's compact form in Flink's unsynchronised buffer: with a {@code DataOutputStream}
     * over a {@code ByteArrayOutputStream} every {@code writeInt} was four synchronised one-byte
     * writes, and checkpoints of the consensus state spent more time there than in the values.
     */
    private DataOutputSerializer written(T value) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(4096);
        write(value, out);
        return out;
    }

    private byte[] toBytes(T value) throws IOException {
        return written(value).getCopyOfBuffer();
    }

    private T fromBytes(byte[] bytes) throws IOException {
        return read(new DataInputDeserializer(bytes));
    }
}
