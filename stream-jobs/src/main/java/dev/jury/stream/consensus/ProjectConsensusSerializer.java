package dev.jury.stream.consensus;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Checkpoints a {@link ProjectConsensus} through {@code OnlineDawidSkene.Snapshot}'s compact binary
 * form (length-prefixed, so Flink can copy it without decoding).
 *
 * <p>The model is mutable and updated in place. On the heap state backend (the one this job is
 * meant for) {@link #copy(ProjectConsensus)} is called only when a checkpoint is being written
 * while the operator touches the same key, and must then be a deep copy, which it is.
 */
public final class ProjectConsensusSerializer extends TypeSerializer<ProjectConsensus> {
    private static final long serialVersionUID = 1L;

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public TypeSerializer<ProjectConsensus> duplicate() {
        // Stateless: one instance can serve every thread.
        return this;
    }

    @Override
    public ProjectConsensus createInstance() {
        return new ProjectConsensus(null, new LinkedHashMap<>());
    }

    @Override
    public ProjectConsensus copy(ProjectConsensus from) {
        try {
            return fromBytes(toBytes(from));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public ProjectConsensus copy(ProjectConsensus from, ProjectConsensus reuse) {
        return copy(from);
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(ProjectConsensus record, DataOutputView target) throws IOException {
        byte[] bytes = toBytes(record);
        target.writeInt(bytes.length);
        target.write(bytes);
    }

    @Override
    public ProjectConsensus deserialize(DataInputView source) throws IOException {
        byte[] bytes = new byte[source.readInt()];
        source.readFully(bytes);
        return fromBytes(bytes);
    }

    @Override
    public ProjectConsensus deserialize(ProjectConsensus reuse, DataInputView source)
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
        return obj instanceof ProjectConsensusSerializer;
    }

    @Override
    public int hashCode() {
        return ProjectConsensusSerializer.class.hashCode();
    }

    @Override
    public TypeSerializerSnapshot<ProjectConsensus> snapshotConfiguration() {
        return new Snapshot();
    }

    private static byte[] toBytes(ProjectConsensus state) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        state.writeTo(out);
        out.flush();
        return bytes.toByteArray();
    }

    private static ProjectConsensus fromBytes(byte[] bytes) throws IOException {
        return ProjectConsensus.readFrom(new DataInputStream(new ByteArrayInputStream(bytes)));
    }

    /** The serializer has no configuration; the format version lives in the model snapshot. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<ProjectConsensus> {
        /** For Flink's reflective instantiation on restore. */
        public Snapshot() {
            super(ProjectConsensusSerializer::new);
        }
    }
}
