package dev.jury.consensus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class AnswerTableTest {

    private static final List<Vote> VOTES =
            List.of(
                    new Vote("t1", "w1", "dog"),
                    new Vote("t1", "w2", "cat"),
                    new Vote("t2", "w1", "cat"),
                    new Vote("t3", "w3", "bird"));

    @Test
    @DisplayName("items and contributors are numbered in order of first appearance")
    void dictionaryEncoding() {
        AnswerTable table = AnswerTable.of(VOTES);

        assertThat(table.size()).isEqualTo(4);
        assertThat(table.taskNames()).containsExactly("t1", "t2", "t3");
        assertThat(table.workerNames()).containsExactly("w1", "w2", "w3");
        assertThat(table.taskIndex("t2")).isEqualTo(1);
        assertThat(table.workerIndex("w3")).isEqualTo(2);
        assertThat(table.taskColumn()).containsExactly(0, 0, 1, 2);
        assertThat(table.workerColumn()).containsExactly(0, 1, 0, 2);
        assertThat(table.answersPerTask()).containsExactly(2, 1, 1);
        assertThat(table.answersPerWorker()).containsExactly(2, 1, 1);
        assertThat(table.taskIndex("nope")).isEqualTo(-1);
        assertThat(table.workerIndex("nope")).isEqualTo(-1);
        assertThat(table.labelIndex("nope")).isEqualTo(-1);
    }

    @Test
    @DisplayName("classes are numbered in sorted order, whatever order the answers came in")
    void labelsAreSorted() {
        AnswerTable table = AnswerTable.of(VOTES);

        assertThat(table.labelNames()).containsExactly("bird", "cat", "dog");
        assertThat(table.labelColumn()).containsExactly(2, 1, 1, 0);
        for (int row = 0; row < table.size(); row++) {
            Vote vote = VOTES.get(row);
            assertThat(table.taskName(table.task(row))).isEqualTo(vote.task());
            assertThat(table.workerName(table.worker(row))).isEqualTo(vote.worker());
            assertThat(table.labelName(table.label(row))).isEqualTo(vote.label());
        }

        List<Vote> shuffled = new ArrayList<>(VOTES);
        for (long seed = 0; seed < 10; seed++) {
            Collections.shuffle(shuffled, new Random(seed));
            assertThat(AnswerTable.of(shuffled).labelNames()).containsExactly("bird", "cat", "dog");
        }
    }

    @Test
    @DisplayName("votes() gives the kept answers back in row order")
    void votesRoundTrip() {
        assertThat(AnswerTable.of(VOTES).votes()).isEqualTo(VOTES);
    }

    @Test
    @DisplayName("a contributor's first answer to an item wins and later ones are counted")
    void firstAnswerWins() {
        AnswerTable.Builder builder = AnswerTable.builder();
        assertThat(builder.add("t1", "w1", "yes")).isTrue();
        assertThat(builder.add("t1", "w2", "no")).isTrue();
        assertThat(builder.add("t1", "w1", "no")).isFalse();
        assertThat(builder.add("t1", "w1", "yes")).isFalse();
        assertThat(builder.add("t2", "w1", "no")).isTrue();

        AnswerTable table = builder.build();

        assertThat(table.size()).isEqualTo(3);
        assertThat(table.duplicatesDropped()).isEqualTo(2);
        assertThat(table.votes())
                .containsExactly(
                        new Vote("t1", "w1", "yes"),
                        new Vote("t1", "w2", "no"),
                        new Vote("t2", "w1", "no"));
    }

    @Test
    @DisplayName("a label used only by a dropped duplicate is not a class")
    void duplicateOnlyLabelIsNotAClass() {
        AnswerTable table =
                AnswerTable.of(List.of(new Vote("t1", "w1", "yes"), new Vote("t1", "w1", "maybe")));

        assertThat(table.labelNames()).containsExactly("yes");
        assertThat(table.duplicatesDropped()).isEqualTo(1);
    }

    @Test
    @DisplayName("a table without duplicates reports none dropped")
    void noDuplicates() {
        assertThat(AnswerTable.of(VOTES).duplicatesDropped()).isZero();
    }

    @Test
    @DisplayName("a declared class without answers gets a column in sorted position")
    void declareLabel() {
        AnswerTable.Builder builder =
                AnswerTable.builder()
                        .declareLabel("ant")
                        .declareLabel("cat") // also answered: declared twice is harmless
                        .declareLabel("cat");
        for (Vote v : VOTES) {
            builder.add(v.task(), v.worker(), v.label());
        }
        AnswerTable table = builder.build();

        assertThat(table.labelNames()).containsExactly("ant", "bird", "cat", "dog");
        assertThat(table.labelCount()).isEqualTo(4);
        assertThat(table.labelIndex("ant")).isZero();
        assertThat(table.answersPerTask()).containsExactly(2, 1, 1);
        for (int row = 0; row < table.size(); row++) {
            assertThat(table.labelName(table.label(row))).isEqualTo(VOTES.get(row).label());
        }
    }

    @Test
    @DisplayName("an empty table is refused with a clear message")
    void emptyBuild() {
        assertThatThrownBy(() -> AnswerTable.builder().build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("empty");
        assertThatThrownBy(() -> AnswerTable.of(List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("empty");
        assertThatThrownBy(() -> AnswerTable.builder().declareLabel("x").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("empty");
    }

    @Test
    @DisplayName("an answer with a missing field is refused")
    void nullFieldsInBuilder() {
        AnswerTable.Builder builder = AnswerTable.builder();
        assertThatThrownBy(() -> builder.add(null, "w", "l"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> builder.add("t", null, "l"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> builder.add("t", "w", null))
                .isInstanceOf(IllegalArgumentException.class);
        // Nothing half-added: the builder is still usable and empty.
        assertThatThrownBy(builder::build).isInstanceOf(IllegalArgumentException.class);
        builder.add("t", "w", "l");
        assertThat(builder.build().size()).isEqualTo(1);
    }

    @Test
    @DisplayName("a declared class must have a name")
    void nullDeclaredLabel() {
        assertThatThrownBy(() -> AnswerTable.builder().declareLabel(null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    @DisplayName("a vote needs a task, a worker and a label")
    void voteRejectsNulls() {
        assertThatThrownBy(() -> new Vote(null, "w", "l"))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("task");
        assertThatThrownBy(() -> new Vote("t", null, "l"))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("worker");
        assertThatThrownBy(() -> new Vote("t", "w", null))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("label");
    }

    @Test
    @DisplayName("columns and name lists are copies")
    void columnsAreCopies() {
        AnswerTable table = AnswerTable.of(VOTES);
        table.taskColumn()[0] = 99;
        table.labelColumn()[0] = 99;
        table.workerColumn()[0] = 99;

        assertThat(table.task(0)).isZero();
        assertThat(table.label(0)).isEqualTo(2);
        assertThat(table.worker(0)).isZero();
    }
}
