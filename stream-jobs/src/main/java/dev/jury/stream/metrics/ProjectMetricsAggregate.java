package dev.jury.stream.metrics;

import org.apache.flink.api.common.functions.AggregateFunction;

/**
 * Folds a project window's labels and decisions into a {@link MetricsAccumulator} as they arrive,
 * so the window keeps a few bytes per item rather than every input; {@link ProjectMetricsWindow}
 * turns the result into {@code ProjectMetrics} when the window fires.
 */
public class ProjectMetricsAggregate
        implements AggregateFunction<MetricsInput, MetricsAccumulator, MetricsAccumulator> {
    private static final long serialVersionUID = 1L;

    @Override
    public MetricsAccumulator createAccumulator() {
        return new MetricsAccumulator();
    }

    @Override
    public MetricsAccumulator add(MetricsInput value, MetricsAccumulator accumulator) {
        accumulator.add(value);
        return accumulator;
    }

    @Override
    public MetricsAccumulator getResult(MetricsAccumulator accumulator) {
        return accumulator;
    }

    @Override
    public MetricsAccumulator merge(MetricsAccumulator a, MetricsAccumulator b) {
        a.merge(b);
        return a;
    }
}
