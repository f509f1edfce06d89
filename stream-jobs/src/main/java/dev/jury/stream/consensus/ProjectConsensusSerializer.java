package dev.jury.stream.consensus;

import dev.jury.stream.state.CompactStateSerializer;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.LinkedHashMap;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;

/**
 * Checkpoints a {@link ProjectConsensus} through {@code OnlineDawidSkene.Snapshot}'s compact form.
 */
public final class ProjectConsensusSerializer extends CompactStateSerializer<ProjectConsensus> {
    private static final long serialVersionUID = 1L;

    @Override
    public ProjectConsensus createInstance() {
        return new ProjectConsensus(null, new LinkedHashMap<>());
    }

    @Override
    protected void write(ProjectConsensus value, DataOutput out) throws IOException {
        value.writeTo(out);
    }

    @Override
    protected ProjectConsensus read(DataInput in) throws IOException {
        return ProjectConsensus.readFrom(in);
    }

    @Override
    public TypeSerializerSnapshot<ProjectConsensus> snapshotConfiguration() {
        return new Snapshot();
    }

    /** The serializer has no configuration; the format version lives in the model snapshot. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<ProjectConsensus> {
        /** For Flink's reflective instantiation on restore. */
        public Snapshot() {
            super(ProjectConsensusSerializer::new);
        }
    }
}
