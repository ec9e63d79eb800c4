package org.alrao4j.dl4j.snapshot;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One saved snapshot: a {@code ModelSerializer} file (with updater state) and where in training it was taken.
 *
 * @param file      the model file
 * @param iteration completed parameter updates when it was taken; also the iteration count stored in the file,
 *                  so a restored network continues with the schedule's next step (the restart)
 * @param epoch     the epoch count stored in the file: in epoch mode the number of completed epochs, in
 *                  iteration mode the (0-based) epoch the cycle ended in
 * @param cycle     0-based index of the cosine cycle that ended at this snapshot ({@code -1}: unknown, e.g.
 *                  for a snapshot built from a bare file or saved before the first cycle)
 * @param accuracy  validation accuracy, {@code NaN} if not evaluated
 * @param logLoss   validation mean negative log-likelihood of the true class, {@code NaN} if not evaluated
 */
public record Snapshot(Path file, int iteration, int epoch, long cycle, double accuracy, double logLoss) {

    /** Checks the file is given. */
    public Snapshot {
        Objects.requireNonNull(file, "file");
    }

    /** @return whether validation metrics were recorded (both accuracy and log-loss are numbers) */
    public boolean hasMetrics() {
        return !Double.isNaN(accuracy) && !Double.isNaN(logLoss);
    }

    /**
     * @param metric which metric
     * @return its value, {@code NaN} if not evaluated
     */
    public double metric(SnapshotMetric metric) {
        return metric == SnapshotMetric.ACCURACY ? accuracy : logLoss;
    }
}
