package dev.jury.bench.stream;

import dev.jury.consensus.Vote;
import dev.jury.datasets.CrowdDataset;
import dev.jury.datasets.CrowdSimulator;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;

/**
 * The labels a stream benchmark submits, in submission order, without their submit time (the bench
 * stamps that when it sends). A feed can be iterated once per run.
 */
interface LabelFeed extends Iterable<LabelFeed.Template> {

    /** One label to submit: who labelled which item of which project, and the answer. */
    record Template(String projectId, String itemId, String contributorId, String choice) {}

    /** Name in the result table. */
    String name();

    /** Number of labels the iterator yields. */
    long size();

    /** Projects the labels belong to. */
    int projects();

    /** A real crowd dataset's answers in file order, all in one project named after it. */
    static LabelFeed of(CrowdDataset dataset) {
        List<Vote> votes = dataset.votes();
        String project = dataset.name();
        return new LabelFeed() {
            @Override
            public String name() {
                return dataset.name();
            }

            @Override
            public long size() {
                return votes.size();
            }

            @Override
            public int projects() {
                return 1;
            }

            @Override
            public Iterator<Template> iterator() {
                Iterator<Vote> it = votes.iterator();
                return new Iterator<>() {
                    @Override
                    public boolean hasNext() {
                        return it.hasNext();
                    }

                    @Override
                    public Template next() {
                        Vote v = it.next();
                        return new Template(project, v.task(), v.worker(), v.label());
                    }
                };
            }
        };
    }

    /**
     * A synthetic crowd of at least {@code labels} labels over {@code projects} projects, built
     * from {@link CrowdSimulator} in chunks so that a million labels never sit in memory at once.
     * Each chunk simulates every project afresh (its own seed, items and contributors: new people
     * keep joining), and the projects' labels are interleaved one by one, as when several projects
     * are labelled at the same time.
     *
     * <p>The consensus operator is keyed by project, so how projects spread over its subtasks
     * decides how much of the parallelism is used. Project ids are chosen with Flink's own key
     * group assignment so that each subtask owns the same number of projects.
     *
     * @param labels at least this many labels (rounded up to whole chunks)
     * @param projects number of projects, at least 1
     * @param parallelism the consensus operator's parallelism, to balance projects over
     * @param seed base seed; the same seed gives the same labels
     */
    static LabelFeed synthetic(long labels, int projects, int parallelism, long seed) {
        return synthetic("synthetic", labels, projects, parallelism, seed);
    }

    /**
     * As {@link #synthetic(long, int, int, long)}, with projects (and so items and contributors)
     * named after {@code name}: feeds with different names never share an item.
     */
    static LabelFeed synthetic(String name, long labels, int projects, int parallelism, long seed) {
        final int labelsPerItem = 5;
        final int workers = 40;
        // Chunks of up to 2,000 items per project; a small run is one smaller chunk.
        final int itemsPerChunk =
                (int)
                        Math.min(
                                2_000,
                                Math.max(
                                        1,
                                        (labels + (long) labelsPerItem * projects - 1)
                                                / ((long) labelsPerItem * projects)));
        long perChunk = (long) itemsPerChunk * labelsPerItem * projects;
        long chunks = Math.max(1, (labels + perChunk - 1) / perChunk);
        List<String> projectIds = balancedProjectIds(name, projects, parallelism);
        return new LabelFeed() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public long size() {
                return chunks * perChunk;
            }

            @Override
            public int projects() {
                return projects;
            }

            @Override
            public Iterator<Template> iterator() {
                return new Iterator<>() {
                    private long chunk = -1;
                    private List<List<Vote>> votes = List.of();
                    private int index;
                    private int project;

                    @Override
                    public boolean hasNext() {
                        return chunk < chunks - 1 || index < itemsPerChunk * labelsPerItem;
                    }

                    @Override
                    public Template next() {
                        if (!hasNext()) {
                            throw new NoSuchElementException();
                        }
                        if (chunk < 0 || index == itemsPerChunk * labelsPerItem) {
                            nextChunk();
                        }
                        Vote v = votes.get(project).get(index);
                        String p = projectIds.get(project);
                        Template t =
                                new Template(
                                        p,
                                        p + "-c" + chunk + "-" + v.task(),
                                        p + "-c" + chunk + "-" + v.worker(),
                                        v.label());
                        if (++project == projects) {
                            project = 0;
                            index++;
                        }
                        return t;
                    }

                    private void nextChunk() {
                        chunk++;
                        index = 0;
                        project = 0;
                        List<List<Vote>> next = new ArrayList<>(projects);
                        for (int p = 0; p < projects; p++) {
                            next.add(
                                    new CrowdSimulator(
                                                    itemsPerChunk,
                                                    workers,
                                                    3,
                                                    labelsPerItem,
                                                    0.6,
                                                    0.95,
                                                    seed + chunk * projects + p)
                                            .generate()
                                            .votes());
                        }
                        votes = next;
                    }
                };
            }
        };
    }

    /**
     * Project ids {@code <prefix>-p<n>} picked so that the i-th lands on consensus subtask {@code i
     * % parallelism}, by the same key-group hashing Flink applies to {@code keyBy(projectId)}.
     */
    static List<String> balancedProjectIds(String prefix, int projects, int parallelism) {
        int maxParallelism = KeyGroupRangeAssignment.computeDefaultMaxParallelism(parallelism);
        List<String> ids = new ArrayList<>(projects);
        int n = 0;
        while (ids.size() < projects) {
            String candidate = prefix + "-p" + n++;
            int subtask =
                    KeyGroupRangeAssignment.assignKeyToParallelOperator(
                            candidate, maxParallelism, parallelism);
            if (subtask == ids.size() % parallelism) {
                ids.add(candidate);
            }
        }
        return ids;
    }
}
