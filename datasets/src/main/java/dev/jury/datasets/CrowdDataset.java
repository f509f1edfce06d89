package dev.jury.datasets;

import dev.jury.consensus.AnswerTable;
import dev.jury.consensus.Vote;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A crowd dataset in the shared format: {@code answers.csv} ({@code task,worker,label}) and {@code
 * truth.csv} ({@code task,label}) in one folder.
 *
 * <p>Answers are kept in file order, including repeated (task, worker) pairs, so that replay tools
 * can reproduce the raw stream; {@link #answerTable()} applies the project's rule and keeps a
 * contributor's first answer to an item.
 *
 * @param name the folder name, e.g. {@code "product"}
 * @param votes every answer row in file order
 * @param truth the gold label of each gold item
 */
public record CrowdDataset(String name, List<Vote> votes, Map<String, String> truth) {

    public CrowdDataset {
        votes = List.copyOf(votes);
        truth = Collections.unmodifiableMap(new LinkedHashMap<>(truth));
    }

    /**
     * Reads {@code answers.csv} and {@code truth.csv} from {@code dir}.
     *
     * @throws UncheckedIOException if a file is missing or unreadable
     * @throws IllegalArgumentException if a row does not have the expected columns
     */
    public static CrowdDataset load(Path dir) {
        Path answers = dir.resolve("answers.csv");
        Path truth = dir.resolve("truth.csv");
        List<Vote> votes = new ArrayList<>();
        for (String[] row : CsvFile.read(answers, 3)) {
            votes.add(new Vote(row[0], row[1], row[2]));
        }
        Map<String, String> gold = new LinkedHashMap<>();
        if (Files.exists(truth)) {
            for (String[] row : CsvFile.read(truth, 2)) {
                gold.put(row[0], row[1]);
            }
        }
        return new CrowdDataset(dir.getFileName().toString(), votes, gold);
    }

    /** The answers as a table, keeping each contributor's first answer to an item. */
    public AnswerTable answerTable() {
        return answerTable(votes);
    }

    /**
     * A table over {@code votes} (any order or subset of this dataset's), declaring the gold
     * classes too so that posteriors have a column for every class the truth uses.
     */
    public AnswerTable answerTable(List<Vote> votes) {
        AnswerTable.Builder builder = AnswerTable.builder();
        for (Vote v : votes) {
            builder.add(v.task(), v.worker(), v.label());
        }
        truth.values().forEach(builder::declareLabel);
        return builder.build();
    }

    /** Minimal CSV reading: a header line, comma-separated fields, double quotes honoured. */
    static final class CsvFile {
        private CsvFile() {}

        static List<String[]> read(Path file, int columns) {
            List<String[]> rows = new ArrayList<>();
            try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                String header = reader.readLine();
                if (header == null) {
                    throw new IllegalArgumentException(
                            file + " is empty: a header line is expected");
                }
                String line;
                int lineNumber = 1;
                while ((line = reader.readLine()) != null) {
                    lineNumber++;
                    if (line.isBlank()) {
                        continue;
                    }
                    String[] fields = Csv.fields(line).toArray(new String[0]);
                    if (fields.length != columns) {
                        throw new IllegalArgumentException(
                                file
                                        + ":"
                                        + lineNumber
                                        + ": expected "
                                        + columns
                                        + " fields, found "
                                        + fields.length);
                    }
                    rows.add(fields);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file, e);
            }
            return rows;
        }
    }
}
