package dev.jury.datasets;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Finds the real crowd datasets with gold truth that live beside the project in {@code
 * ../shared/datasets} (they are never copied into the repository).
 *
 * <p>Looked up in order: the {@code JURY_SHARED_DATASETS} environment variable, the {@code
 * jury.shared.datasets} system property, then {@code shared/datasets} next to the working directory
 * or any of its parents.
 */
public final class SharedDatasets {
    /** The datasets of the shared folder, in the order benchmarks print them. */
    public static final List<String> NAMES =
            List.of("product", "possent", "rel", "adult", "rte", "bluebirds");

    private SharedDatasets() {}

    /** The shared datasets folder, if it can be found. */
    public static Optional<Path> root() {
        String configured = System.getenv("JURY_SHARED_DATASETS");
        if (configured == null || configured.isBlank()) {
            configured = System.getProperty("jury.shared.datasets");
        }
        if (configured != null && !configured.isBlank()) {
            Path path = Path.of(configured);
            return Files.isDirectory(path) ? Optional.of(path) : Optional.empty();
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("shared").resolve("datasets");
            if (Files.isDirectory(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** The folder of one shared dataset, if present. */
    public static Optional<Path> dataset(String name) {
        return root().map(r -> r.resolve(name))
                .filter(p -> Files.isRegularFile(p.resolve("answers.csv")));
    }
}
