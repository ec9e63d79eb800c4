package org.alrao4j.dl4j.snapshot;

/** Validation metric used to rank snapshots for a "best m" ensemble. */
public enum SnapshotMetric {
    /** Classification accuracy; higher is better. */
    ACCURACY(true),
    /** Mean negative log-likelihood of the true class (log-loss); lower is better. */
    LOG_LOSS(false);

    private final boolean higherIsBetter;

    SnapshotMetric(boolean higherIsBetter) {
        this.higherIsBetter = higherIsBetter;
    }

    /** @return {@code true} for accuracy, {@code false} for log-loss */
    public boolean higherIsBetter() {
        return higherIsBetter;
    }

    /**
     * @return negative when {@code a} is better than {@code b}, so sorting with this comparator puts the best
     *     first
     */
    int compareBestFirst(double a, double b) {
        return higherIsBetter ? Double.compare(b, a) : Double.compare(a, b);
    }
}
