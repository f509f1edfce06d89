package dev.jury.datasets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jury.consensus.AnswerTable;
import dev.jury.consensus.Vote;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CrowdDatasetTest {
    @TempDir Path tmp;

    private Path dataset(String name, String answers, String truth) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve(name));
        if (answers != null) {
            Files.writeString(dir.resolve("answers.csv"), answers, StandardCharsets.UTF_8);
        }
        if (truth != null) {
            Files.writeString(dir.resolve("truth.csv"), truth, StandardCharsets.UTF_8);
        }
        return dir;
    }

    @Test
    @DisplayName("answers and truth are read in file order, duplicates included")
    void loads() throws IOException {
        Path dir =
                dataset(
                        "toy",
                        "task,worker,label\nt1,w1,cat\nt1,w2,dog\n\nt1,w1,dog\nt2,w1,cat\n",
                        "task,label\nt2,cat\nt1,bird\n");

        CrowdDataset data = CrowdDataset.load(dir);

        assertThat(data.name()).isEqualTo("toy");
        assertThat(data.votes())
                .containsExactly(
                        new Vote("t1", "w1", "cat"),
                        new Vote("t1", "w2", "dog"),
                        new Vote("t1", "w1", "dog"),
                        new Vote("t2", "w1", "cat"));
        assertThat(data.truth()).containsExactly(Map.entry("t2", "cat"), Map.entry("t1", "bird"));
    }

    @Test
    @DisplayName("the answer table keeps first answers and declares the gold classes")
    void answerTable() throws IOException {
        Path dir =
                dataset(
                        "toy",
                        "task,worker,label\nt1,w1,cat\nt1,w2,dog\nt1,w1,dog\n",
                        "task,label\nt1,bird\n");

        AnswerTable table = CrowdDataset.load(dir).answerTable();

        assertThat(table.size()).isEqualTo(2);
        assertThat(table.duplicatesDropped()).isEqualTo(1);
        assertThat(table.labelNames()).containsExactly("bird", "cat", "dog");
        assertThat(table.votes().get(0)).isEqualTo(new Vote("t1", "w1", "cat"));
    }

    @Test
    @DisplayName("quoted fields may hold commas and doubled quotes")
    void quotedFields() throws IOException {
        Path dir =
                dataset(
                        "quoted",
                        "task,worker,label\n"
                                + "\"Paris, France\",w1,\"say \"\"hi\"\"\"\n"
                                + "\"\",\"w,2\",plain\n",
                        "task,label\n\"Paris, France\",\"a,b\"\n");

        CrowdDataset data = CrowdDataset.load(dir);

        assertThat(data.votes())
                .containsExactly(
                        new Vote("Paris, France", "w1", "say \"hi\""),
                        new Vote("", "w,2", "plain"));
        assertThat(data.truth()).containsExactly(Map.entry("Paris, France", "a,b"));
    }

    @Test
    @DisplayName("a row with the wrong number of fields is refused, naming file and line")
    void wrongColumnCount() throws IOException {
        Path dir = dataset("bad", "task,worker,label\nt1,w1,a\n\nt2,w1\n", null);

        assertThatThrownBy(() -> CrowdDataset.load(dir))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(dir.resolve("answers.csv") + ":4")
                .hasMessageContaining("expected 3 fields, found 2");
    }

    @Test
    @DisplayName("a quoted comma does not count as a separator when counting fields")
    void tooManyFieldsInTruth() throws IOException {
        Path dir =
                dataset(
                        "bad-truth",
                        "task,worker,label\nt1,w1,a\n",
                        "task,label\n\"t,1\",a\nt2,a,extra\n");

        assertThatThrownBy(() -> CrowdDataset.load(dir))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(dir.resolve("truth.csv") + ":3")
                .hasMessageContaining("found 3");
    }

    @Test
    @DisplayName("a missing answers file is an UncheckedIOException")
    void missingAnswers() throws IOException {
        Path dir = dataset("empty-dir", null, "task,label\nt1,a\n");

        assertThatThrownBy(() -> CrowdDataset.load(dir))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("answers.csv");
        assertThatThrownBy(() -> CrowdDataset.load(tmp.resolve("no-such-dir")))
                .isInstanceOf(UncheckedIOException.class);
    }

    @Test
    @DisplayName("an empty answers file (no header) is refused")
    void emptyAnswers() throws IOException {
        Path dir = dataset("no-header", "", null);

        assertThatThrownBy(() -> CrowdDataset.load(dir))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("empty");
    }

    @Test
    @DisplayName("truth.csv is optional")
    void truthIsOptional() throws IOException {
        Path dir = dataset("unlabelled", "task,worker,label\nt1,w1,a\n", null);

        CrowdDataset data = CrowdDataset.load(dir);

        assertThat(data.truth()).isEmpty();
        assertThat(data.votes()).hasSize(1);
        assertThat(data.answerTable().labelNames()).containsExactly("a");
    }

    @Test
    @DisplayName("Windows line endings are read like Unix ones")
    void crlf() throws IOException {
        Path dir = dataset("crlf", "task,worker,label\r\nt1,w1,a\r\n", "task,label\r\nt1,a\r\n");

        CrowdDataset data = CrowdDataset.load(dir);

        assertThat(data.votes()).containsExactly(new Vote("t1", "w1", "a"));
        assertThat(data.truth()).containsExactly(Map.entry("t1", "a"));
    }

    @Test
    @DisplayName("the dataset is an immutable copy of what it was given")
    void immutable() {
        List<Vote> votes = new java.util.ArrayList<>(List.of(new Vote("t", "w", "a")));
        Map<String, String> truth = new java.util.HashMap<>(Map.of("t", "a"));
        CrowdDataset data = new CrowdDataset("x", votes, truth);
        votes.clear();
        truth.clear();

        assertThat(data.votes()).hasSize(1);
        assertThat(data.truth()).hasSize(1);
        assertThatThrownBy(() -> data.votes().clear())
                .isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> data.truth().clear())
                .isInstanceOf(UnsupportedOperationException.class);
    }
}
