package dev.jury.stream.consensus;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jury.consensus.online.OnlineDawidSkene;
import dev.jury.stream.consensus.ProjectConsensus.OpenLabel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ProjectConsensusSerializerTest {
    private final ProjectConsensusSerializer serializer = new ProjectConsensusSerializer();

    @Test
    @DisplayName("a project's state survives a checkpoint round trip, and copies are independent")
    void roundTripAndDeepCopy() throws Exception {
        ProjectConsensus state = new ProjectConsensus(null, new LinkedHashMap<>());
        OnlineDawidSkene.Config config = OnlineDawidSkene.Config.defaults();
        state.ensureClass("cat", config);
        assertThat(state.model.classes()).containsExactly("cat", ProjectConsensus.UNSEEN);
        state.model.observe("i1", "alice", "cat");
        state.ensureClass("dog", config);
        assertThat(state.model.classes()).containsExactly("cat", "dog");
        state.model.observe("i1", "bob", "dog");
        state.ensureClass("bird", config);
        state.model.observe("i2", "alice", "bird");
        state.openItems.put(
                "i1",
                new ArrayList<>(
                        List.of(
                                new OpenLabel("l1", "alice", "cat", 1L),
                                new OpenLabel("l2", "bob", "dog", 2L))));

        DataOutputSerializer out = new DataOutputSerializer(256);
        serializer.serialize(state, out);
        ProjectConsensus back =
                serializer.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
        assertThat(back.model.classes()).containsExactly("cat", "dog", "bird");
        assertThat(back.model.posterior("i1")).isEqualTo(state.model.posterior("i1"));
        assertThat(back.openItems).isEqualTo(state.openItems);

        ProjectConsensus copy = serializer.copy(state);
        assertThat(copy.model.posterior("i2")).isEqualTo(state.model.posterior("i2"));
        assertThat(copy.openItems).isEqualTo(state.openItems);
        copy.model.observe("i1", "carol", "cat");
        copy.openItems.remove("i1");
        assertThat(state.model.labelCount("i1")).isEqualTo(2);
        assertThat(state.openItems).containsKey("i1");
    }
}
