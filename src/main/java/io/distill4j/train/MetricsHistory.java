package io.distill4j.train;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Keeps every epoch's metrics in memory, in the order reported. */
public final class MetricsHistory implements TrainingListener {
    private final List<EpochMetrics> rows = new ArrayList<>();

    @Override
    public void onEpoch(EpochMetrics metrics) {
        rows.add(metrics);
    }

    /** @return the metrics so far, oldest first (a live, read-only view) */
    public List<EpochMetrics> rows() {
        return Collections.unmodifiableList(rows);
    }
}
