package dev.jury.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** File-tree chores shared by the tests, the benchmarks and the local stack. */
public final class Directories {

    private Directories() {}

    /**
     * Deletes a directory and everything under it, deepest entries first; a missing {@code root} is
     * fine. Best effort: it is called while cleaning up after a run, where a file that cannot be
     * removed must not hide the run's own outcome, and the OS clears temporary directories anyway.
     *
     * @param root the directory (or file) to remove
     */
    public static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder())
                    .forEach(
                            path -> {
                                try {
                                    Files.deleteIfExists(path);
                                } catch (IOException ignored) {
                                    // Best effort, see above.
                                }
                            });
        } catch (IOException | UncheckedIOException ignored) {
            // Best effort, see above.
        }
    }
}
