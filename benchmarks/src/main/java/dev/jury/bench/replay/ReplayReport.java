package dev.jury.bench.replay;

import dev.jury.bench.ConsensusBench;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What one replay measured, and the one table it prints (Markdown, so that it pastes into {@code
 * docs/benchmarks.md} unchanged).
 *
 * @param dataset the dataset's folder name
 * @param target the API replayed against
 * @param workers recorded workers, one contributor account each
 * @param concurrency contributors working at once
 * @param labelsSubmitted labels the API accepted with 201
 * @param plannedLabels distinct (worker, item) pairs of the dataset
 * @param answerRows rows of {@code answers.csv}
 * @param seconds from the first {@code next} to the last accepted label
 * @param latencies submit to the first {@code ItemResolved} aggregating that label, as seen on the
 *     SSE feed
 * @param lateLabels accepted labels no {@code ItemResolved} ever aggregated (they reached the
 *     stream job after their item was final)
 * @param unmeasured accepted labels whose event was not seen (feed lost, or still in flight when
 *     the replay stopped waiting)
 * @param items items of the dataset
 * @param finalItems items whose consensus became final (resolved or exhausted) during the replay
 * @param accuracy accuracy of the API's consensus on the gold items
 * @param goldItems gold items scored
 * @param goldWithoutConsensus gold items with answers that the API reported no consensus for
 *     (scored as wrong)
 * @param adaptive {@code ./jury bench consensus} adaptive mode on the same dataset: the issue's
 *     yardstick, in shuffled orders
 * @param apiOrder its adaptive-api mode: the same rule in a simulation of the order the API gives,
 *     which is what this replay should land near (the two orders differ by up to 2 points on some
 *     datasets, and one order by about a point from the next)
 * @param chain on-chain figures
 * @param errors requests that failed: any non-2xx except 204 from {@code next}, and transport
 *     errors
 * @param firstErrors the first few errors, for the reader
 */
record ReplayReport(
        String dataset,
        String target,
        int workers,
        int concurrency,
        long labelsSubmitted,
        int plannedLabels,
        int answerRows,
        double seconds,
        Latencies latencies,
        long lateLabels,
        long unmeasured,
        int items,
        int finalItems,
        double accuracy,
        int goldItems,
        int goldWithoutConsensus,
        ConsensusBench.Adaptive adaptive,
        ConsensusBench.Adaptive apiOrder,
        ChainFigures chain,
        long errors,
        List<String> firstErrors) {

    /** Agreement with the offline adaptive benchmark is required within this many points. */
    static final double AGREEMENT_POINTS = 1.0;

    /** One offline row as the table shows it: mean, range over its orders, labels used. */
    private static String describe(ConsensusBench.Adaptive row) {
        return String.format(
                Locale.ROOT,
                "%.4f (%.4f–%.4f), %,.0f labels (mean, lowest and highest of %d orders)",
                row.accuracy(),
                row.lowest(),
                row.highest(),
                row.labelsUsed(),
                row.orders());
    }

    double labelsPerSecond() {
        return seconds > 0 ? labelsSubmitted / seconds : 0;
    }

    /** Accuracy difference to the adaptive benchmark in percentage points (replay minus bench). */
    double differencePoints() {
        return (accuracy - adaptive.accuracy()) * 100;
    }

    boolean agrees() {
        return Math.abs(differencePoints()) <= AGREEMENT_POINTS;
    }

    /** Whether the replay met its own correctness bar: no error and agreement with the bench. */
    boolean passed() {
        return errors == 0 && agrees() && goldWithoutConsensus == 0;
    }

    String table() {
        List<String[]> rows = new ArrayList<>();
        rows.add(row("dataset", dataset));
        rows.add(row("target", target));
        rows.add(
                row(
                        "contributors",
                        String.format(Locale.ROOT, "%,d (%,d at once)", workers, concurrency)));
        rows.add(row("labels/s sustained", String.format(Locale.ROOT, "%,.0f", labelsPerSecond())));
        rows.add(row("replay time", String.format(Locale.ROOT, "%.1f s", seconds)));
        rows.add(
                row(
                        "submit→ItemResolved p50 / p99",
                        ms(latencies.percentile(50)) + " / " + ms(latencies.percentile(99))));
        rows.add(
                row(
                        "latency samples",
                        String.format(
                                Locale.ROOT,
                                "%,d (late labels never aggregated: %,d; no event seen: %,d)",
                                latencies.count(),
                                lateLabels,
                                unmeasured)));
        rows.add(
                row(
                        "labels used / dataset",
                        String.format(
                                Locale.ROOT,
                                "%,d / %,d (%.1f %%; %,d rows, repeats dropped)",
                                labelsSubmitted,
                                plannedLabels,
                                plannedLabels == 0 ? 0 : 100.0 * labelsSubmitted / plannedLabels,
                                answerRows)));
        rows.add(
                row(
                        "items final / total",
                        String.format(Locale.ROOT, "%,d / %,d", finalItems, items)));
        rows.add(
                row(
                        "accuracy vs truth.csv",
                        String.format(
                                Locale.ROOT,
                                "%.4f on %,d gold items%s",
                                accuracy,
                                goldItems,
                                goldWithoutConsensus == 0
                                        ? ""
                                        : String.format(
                                                Locale.ROOT,
                                                " (%,d without consensus)",
                                                goldWithoutConsensus))));
        rows.add(row("bench consensus adaptive", describe(adaptive)));
        rows.add(
                row(
                        "accuracy difference",
                        String.format(
                                Locale.ROOT,
                                "%+.2f points (%s within %.0f)",
                                differencePoints(),
                                agrees() ? "agrees:" : "DISAGREES: not",
                                AGREEMENT_POINTS)));
        rows.add(row("bench consensus adaptive-api", describe(apiOrder)));
        rows.add(
                row(
                        "difference to adaptive-api",
                        String.format(
                                Locale.ROOT,
                                "%+.2f points (%s)",
                                (accuracy - apiOrder.accuracy()) * 100,
                                accuracy >= apiOrder.lowest() && accuracy <= apiOrder.highest()
                                        ? "within its orders' range"
                                        : "outside its orders' range")));
        rows.add(row("accepted labels on chain", orNa(chain.acceptedLabels())));
        rows.add(row("epochs", orNa(chain.epochs())));
        rows.add(
                row(
                        "gas per accepted label",
                        chain.gasPerLabel() == null
                                ? "n/a"
                                : String.format(Locale.ROOT, "%,.0f", chain.gasPerLabel())));
        rows.add(row("errors", String.format(Locale.ROOT, "%,d", errors)));

        int width = 0;
        for (String[] r : rows) {
            width = Math.max(width, r[0].length());
        }
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "| %-" + width + "s | %s |%n", "metric", "value"));
        out.append("|").append("-".repeat(width + 2)).append("|-------|\n");
        for (String[] r : rows) {
            out.append(String.format(Locale.ROOT, "| %-" + width + "s | %s |%n", r[0], r[1]));
        }
        if (chain.acceptedLabels() == null) {
            out.append(
                    "\nn/a: the stack recorded no ContributionRecorded for this project (no chain"
                            + " or rewards service running).\n");
        }
        for (String e : firstErrors) {
            out.append("error: ").append(e).append('\n');
        }
        return out.toString();
    }

    private static String[] row(String name, String value) {
        return new String[] {name, value};
    }

    private static String orNa(Long value) {
        return value == null ? "n/a" : String.format(Locale.ROOT, "%,d", value);
    }

    private static String ms(long micros) {
        return micros < 0 ? "n/a" : String.format(Locale.ROOT, "%,.0f ms", micros / 1000.0);
    }
}
