package dev.jury.stream.consensus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class FinalItemsTest {
    private final FinalItemsSerializer serializer = new FinalItemsSerializer();

    @Test
    @DisplayName(
            "items are remembered until their time passes, oldest first; a repeat keeps its time")
    void rememberAndExpire() {
        FinalItems items = new FinalItems();
        items.add("a", 10);
        items.add("b", 20);
        items.add("a", 30);
        items.add("c", 30);

        assertThat(items.size()).isEqualTo(3);
        assertThat(items.contains("a")).isTrue();
        assertThat(items.contains("d")).isFalse();
        assertThat(items.expireBefore(10)).isZero();
        assertThat(items.expireBefore(21)).isEqualTo(2);
        assertThat(items.contains("a")).isFalse();
        assertThat(items.contains("b")).isFalse();
        assertThat(items.contains("c")).isTrue();
        assertThat(items.expireBefore(Long.MAX_VALUE)).isEqualTo(1);
        assertThat(items.size()).isZero();
    }

    @Test
    @DisplayName("many adds and expiries, with colliding hashes, agree with a plain map")
    void agreesWithAMap() {
        // "Aa" and "BB" share a hash code, so every id built from them collides with its peers.
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 4_000; i++) {
            StringBuilder id = new StringBuilder();
            for (int bit = 0; bit < 4; bit++) {
                id.append((i >> bit & 1) == 0 ? "Aa" : "BB");
            }
            ids.add(id.append('-').append(i / 16).toString());
        }
        Random random = new Random(5);
        FinalItems items = new FinalItems();
        Map<String, Long> reference = new LinkedHashMap<>();
        long now = 0;
        for (int step = 0; step < 40_000; step++) {
            now += random.nextInt(3);
            if (random.nextInt(10) < 7) {
                String id = ids.get(random.nextInt(ids.size()));
                items.add(id, now);
                reference.putIfAbsent(id, now);
            } else {
                long cutoff = now - random.nextInt(400);
                int expected = 0;
                var entries = reference.entrySet().iterator();
                while (entries.hasNext() && entries.next().getValue() < cutoff) {
                    entries.remove();
                    expected++;
                }
                assertThat(items.expireBefore(cutoff)).isEqualTo(expected);
            }
            assertThat(items.size()).isEqualTo(reference.size());
            String probe = ids.get(random.nextInt(ids.size()));
            assertThat(items.contains(probe)).as(probe).isEqualTo(reference.containsKey(probe));
        }
        for (String id : ids) {
            assertThat(items.contains(id)).as(id).isEqualTo(reference.containsKey(id));
        }
    }

    @Test
    @DisplayName("a checkpoint round trip keeps ids, times and order; copies are independent")
    void roundTripAndCopy() throws Exception {
        FinalItems items = new FinalItems();
        for (int i = 0; i < 100; i++) {
            items.add("item-" + i + "-é", i);
        }
        items.expireBefore(40);

        FinalItems back = roundTrip(items);
        FinalItems copy = serializer.copy(items);
        copy.add("new", 200);

        for (FinalItems restored : List.of(back, copy)) {
            assertThat(restored.size()).isGreaterThanOrEqualTo(60);
            assertThat(restored.contains("item-39-é")).isFalse();
            assertThat(restored.contains("item-40-é")).isTrue();
            assertThat(restored.expireBefore(50)).isEqualTo(10);
        }
        assertThat(items.size()).isEqualTo(60);
        assertThat(items.contains("new")).isFalse();
        assertThat(roundTrip(new FinalItems()).size()).isZero();
    }

    @Test
    @DisplayName("an unknown format is refused, not misread")
    void unknownFormat() throws Exception {
        DataOutputSerializer out = new DataOutputSerializer(16);
        out.writeInt(99);
        out.writeInt(0);
        out.writeInt(0);
        assertThatThrownBy(
                        () -> FinalItems.readFrom(new DataInputDeserializer(out.getCopyOfBuffer())))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("format 99");
    }

    private FinalItems roundTrip(FinalItems items) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(256);
        serializer.serialize(items, out);
        return serializer.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
    }
}
