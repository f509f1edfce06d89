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

    /**
     * In memory: the model through its snapshot (arrays copied, no encoding of every item and
     * contributor name), the open items' lists copied (their labels are immutable). The heap
     * backend calls this on the first access to a project after each checkpoint.
     */
    @Override
    protected ProjectConsensus deepCopy(ProjectConsensus from) {
        return from.copy();
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
