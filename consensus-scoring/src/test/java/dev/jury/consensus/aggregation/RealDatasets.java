package dev.jury.consensus.aggregation;

import dev.jury.consensus.AnswerTable;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Loads the shared real crowd datasets ({@code shared/datasets/<name>/answers.csv} and {@code
 * truth.csv}) and scores an aggregation against their gold labels. Test support only: the files
 * live outside the project and are never copied into it.
 */
final class RealDatasets {
    private RealDatasets() {}

    /** A dataset's answers (first answer per contributor and item kept) and its gold labels. */
    record Dataset(String name, AnswerTable answers, Map<String, String> truth) {}

    /**
     * The {@code shared/datasets} directory found by walking up from the working directory, or
     * empty when this checkout has none.
     */
    static Optional<Path> locate() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            Path candidate = dir.resolve("shared").resolve("datasets");
            if (Files.isDirectory(candidate)) {
                return Optional.of(candidate);
            }
            dir = dir.getParent();
        }
        return Optional.empty();
    }

    static Dataset load(Path root, String name) {
        Path folder = root.resolve(name);
        AnswerTable.Builder builder = AnswerTable.builder();
        for (String[] row : rows(folder.resolve("answers.csv"), 3)) {
            builder.add(row[0], row[1], row[2]);
        }
        Map<String, String> truth = new HashMap<>();
        for (String[] row : rows(folder.resolve("truth.csv"), 2)) {
            truth.put(row[0], row[1]);
        }
        return new Dataset(name, builder.build(), truth);
    }

    /**
     * Accuracy on the gold items that have at least one answer; an item whose truth is among {@code
     * k} classes tied for the top posterior earns {@code 1/k}.
     */
    static double accuracy(Aggregation result, Map<String, String> truth) {
        AnswerTable answers = result.answers();
        double credit = 0;
        int scored = 0;
        for (Map.Entry<String, String> gold : truth.entrySet()) {
            int t = answers.taskIndex(gold.getKey());
            if (t < 0) {
                continue;
            }
            scored++;
            List<Integer> top = result.topClasses(t);
            if (top.contains(answers.labelIndex(gold.getValue()))) {
                credit += 1.0 / top.size();
            }
        }
        return credit / scored;
    }

    private static List<String[]> rows(Path csv, int columns) {
        try (BufferedReader reader = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
            return reader.lines()
                    .skip(1) // header
                    .filter(line -> !line.isBlank())
                    .map(line -> split(line, columns, csv))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Splits on the last {@code columns − 1} commas, so an item name may itself hold commas. */
    private static String[] split(String line, int columns, Path csv) {
        String[] fields = new String[columns];
        int end = line.length();
        for (int c = columns - 1; c > 0; c--) {
            int comma = line.lastIndexOf(',', end - 1);
            if (comma < 0) {
                throw new IllegalArgumentException(
                        csv + ": expected " + columns + " fields: " + line);
            }
            fields[c] = line.substring(comma + 1, end).strip();
            end = comma;
        }
        fields[0] = line.substring(0, end).strip();
        return fields;
    }
}
