package dev.jury.consensus.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class StringIntMapTest {

    @Test
    @DisplayName("put, get, replace and remove behave like a map")
    void basicOperations() {
        StringIntMap map = new StringIntMap();
        assertThat(map.get("a")).isEqualTo(StringIntMap.ABSENT);
        map.put("a", 1);
        map.put("b", 2);
        map.put("a", 3);
        assertThat(map.get("a")).isEqualTo(3);
        assertThat(map.get(new String("b"))).isEqualTo(2);
        assertThat(map.size()).isEqualTo(2);
        assertThat(map.remove("a")).isEqualTo(3);
        assertThat(map.remove("a")).isEqualTo(StringIntMap.ABSENT);
        assertThat(map.get("a")).isEqualTo(StringIntMap.ABSENT);
        assertThat(map.size()).isEqualTo(1);
    }

    @Test
    @DisplayName("a lookup with the key's hash given finds what a plain lookup finds")
    void lookupWithGivenHash() {
        StringIntMap map = new StringIntMap();
        map.put("Aa", 1);
        map.put("BB", 2);
        assertThat("Aa".hashCode()).isEqualTo("BB".hashCode());
        assertThat(map.get(new String("Aa"), "Aa".hashCode())).isEqualTo(1);
        assertThat(map.get(new String("BB"), "BB".hashCode())).isEqualTo(2);
        assertThat(map.get("C#", "C#".hashCode())).isEqualTo(StringIntMap.ABSENT);
        assertThat(map.remove("Aa")).isEqualTo(1);
        assertThat(map.get("BB", "BB".hashCode())).isEqualTo(2);
        assertThat(map.get("Aa", "Aa".hashCode())).isEqualTo(StringIntMap.ABSENT);
    }

    @Test
    @DisplayName("putAbsent and replaceValue by hash and old value work among colliding keys")
    void putAbsentAndReplaceValueByHash() {
        StringIntMap map = new StringIntMap();
        // "Aa" and "BB" share a String hash: replaceValue must tell them apart by value alone.
        map.putAbsent("Aa", "Aa".hashCode(), 0);
        map.putAbsent("BB", "BB".hashCode(), 1);
        for (int i = 0; i < 100; i++) {
            map.putAbsent("item-" + i, ("item-" + i).hashCode(), i + 2);
        }
        assertThat(map.size()).isEqualTo(102);
        assertThat(map.replaceValue("BB".hashCode(), 1, 7)).isTrue();
        assertThat(map.get("BB")).isEqualTo(7);
        assertThat(map.get("Aa")).isEqualTo(0);
        assertThat(map.replaceValue("Aa".hashCode(), 5, 9)).isFalse();
        assertThat(map.get("Aa")).isEqualTo(0);
        assertThat(map.replaceValue("item-50".hashCode(), 52, 3)).isTrue();
        assertThat(map.get("item-50")).isEqualTo(3);
        assertThatThrownBy(() -> map.replaceValue("Aa".hashCode(), 0, -1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> map.putAbsent("x", "x".hashCode(), -1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    @DisplayName("negative values are refused, since -1 means absent")
    void negativeValuesRefused() {
        assertThatThrownBy(() -> new StringIntMap().put("a", -1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    @DisplayName("a long random mix of puts and removes agrees with HashMap at every step")
    void agreesWithHashMap() {
        Random random = new Random(5);
        StringIntMap map = new StringIntMap();
        Map<String, Integer> reference = new HashMap<>();
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 3_000; i++) {
            keys.add("item-" + i);
        }
        // Keys whose String hashes collide exercise probing and backward-shift deletion.
        keys.add("Aa");
        keys.add("BB");
        keys.add("AaAa");
        keys.add("BBBB");
        keys.add("AaBB");
        for (int step = 0; step < 60_000; step++) {
            String key = keys.get(random.nextInt(keys.size()));
            if (random.nextInt(3) == 0) {
                Integer expected = reference.remove(key);
                assertThat(map.remove(key)).isEqualTo(expected == null ? -1 : expected);
            } else {
                int value = random.nextInt(1_000_000);
                reference.put(key, value);
                map.put(key, value);
            }
            if (step % 997 == 0) {
                for (String k : keys) {
                    assertThat(map.get(k)).as(k).isEqualTo(reference.getOrDefault(k, -1));
                }
            }
        }
        assertThat(map.size()).isEqualTo(reference.size());
    }
}
