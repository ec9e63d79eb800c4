package org.alrao4j.dl4j.snapshot;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;

import org.alrao4j.core.schedule.SgdrSchedule;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.schedule.ScheduleType;

/**
 * Saves a snapshot of the network exactly at the end of each cosine cycle of an {@link SgdrSchedule}
 * (Huang et al., "Snapshot Ensembles", arXiv:1704.00109): the parameters reached at the bottom of the
 * learning-rate cosine, just before the warm restart.
 *
 * <pre>
 *   SnapshotListener snapshots = SnapshotListener.builder(sgdr, dir).keep(5).validation(validIter).build();
 *   net.setListeners(snapshots);
 *   net.fit(trainIter, epochs);
 *   SnapshotEnsemble ensemble = SnapshotEnsemble.bestM(snapshots.snapshots(), 3, SnapshotMetric.LOG_LOSS);
 * </pre>
 *
 * <p><b>When it saves.</b> DL4J calls {@code iterationDone(model, iteration, epoch)} after the update of step
 * {@code iteration} and before incrementing the iteration count, and {@code onEpochEnd} before incrementing
 * the epoch count. So for an {@link ScheduleType#ITERATION} schedule the listener saves in
 * {@code iterationDone} when {@code schedule.isRestart(iteration + 1)}: the step that just ran was the last of
 * its cycle and the next one jumps back to the peak. (Testing {@code isRestart(iteration)} would save one step
 * late, after the first high-rate update of the next cycle.) For an {@link ScheduleType#EPOCH} schedule it
 * saves in {@code onEpochEnd} when {@code schedule.isRestart(epochCount + 1)}. With {@code t0 = 3, tMult = 2}
 * per iteration, snapshots are taken after 3, 9, 21, 45, ... updates.
 *
 * <p><b>What it saves.</b> {@code ModelSerializer} files with the updater state. The counters written into the
 * file are those of the state it holds: iteration count {@code iteration + 1} (iteration mode) or epoch count
 * {@code epochCount + 1} (epoch mode), so a restored snapshot continues with the restart step of the schedule,
 * exactly as the original network does. At most {@link Builder#keep(int) K} files are kept: saving the
 * {@code K+1}-th deletes the oldest. With a validation iterator, each snapshot is evaluated right after it is
 * saved (accuracy and log-loss, recorded in its {@link Snapshot}).
 *
 * <p><b>Training loops.</b> Works with {@code fit(iterator)} and {@code fit(iterator, epochs)} of
 * {@link MultiLayerNetwork} and {@link ComputationGraph}, and with manual {@code fit(DataSet)} loops. DL4J
 * calls {@code onEpochEnd} and increments the epoch count only inside {@code fit(iterator)}; a manual loop with
 * an epoch-mode schedule must end each epoch with {@link #epochDone(Model)} (which calls
 * {@link #onEpochEnd(Model)} then {@code incrementEpochCount()}), or make those two calls itself. Iteration
 * mode needs nothing in manual loops.
 *
 * <p>Not thread-safe; use one listener per network. Validation runs inside the training loop and takes as long
 * as one inference pass over the validation data per snapshot.
 */
public final class SnapshotListener extends BaseTrainingListener {

    /** Default number of snapshot files kept: all of them. */
    public static final int DEFAULT_KEEP = Integer.MAX_VALUE;
    /** Default file name prefix. */
    public static final String DEFAULT_PREFIX = "snapshot";

    private final SgdrSchedule schedule;
    private final Path directory;
    private final int keep;
    private final DataSetIterator validation;
    private final String prefix;
    private final Deque<Snapshot> retained = new ArrayDeque<>();
    private int savedCount;

    private SnapshotListener(Builder b) {
        this.schedule = b.schedule;
        this.directory = b.directory;
        this.keep = b.keep;
        this.validation = b.validation;
        this.prefix = b.prefix;
    }

    /**
     * @param schedule  the SGDR schedule the network trains with (its type selects iteration or epoch mode)
     * @param directory folder for the snapshot files, created if missing
     * @return a builder
     */
    public static Builder builder(SgdrSchedule schedule, Path directory) {
        return new Builder(schedule, directory);
    }

    @Override
    public void iterationDone(Model model, int iteration, int epoch) {
        if (schedule.scheduleType() == ScheduleType.ITERATION && schedule.isRestart(iteration + 1)) {
            save(model, iteration + 1, epoch, schedule.cycleOf(iteration));
        }
    }

    @Override
    public void onEpochEnd(Model model) {
        if (schedule.scheduleType() != ScheduleType.EPOCH) {
            return;
        }
        int epoch = Models.epochCount(model);
        if (schedule.isRestart(epoch + 1)) {
            save(model, Models.iterationCount(model), epoch + 1, schedule.cycleOf(epoch));
        }
    }

    /**
     * Ends an epoch of a manual {@code fit(DataSet)} loop: {@link #onEpochEnd(Model)} (which may save a
     * snapshot), then the network's {@code incrementEpochCount()}. Not needed with {@code fit(iterator)}.
     *
     * @param model the network this listener is attached to
     */
    public void epochDone(Model model) {
        onEpochEnd(model);
        if (model instanceof MultiLayerNetwork) {
            ((MultiLayerNetwork) model).incrementEpochCount();
        } else if (model instanceof ComputationGraph) {
            ((ComputationGraph) model).incrementEpochCount();
        } else {
            throw Models.unsupported(model);
        }
    }

    /**
     * Saves a snapshot now, outside the cycle boundaries (e.g. the final network when training stops
     * mid-cycle, as the reference implementation also keeps the last epoch). Counts toward {@code keep}.
     *
     * @param model the network, between {@code fit} calls
     * @return the snapshot; its {@code cycle} is the cycle of the last completed step ({@code -1} before any)
     */
    public Snapshot saveNow(Model model) {
        int iterations = Models.iterationCount(model);
        int epochs = Models.epochCount(model);
        int step = schedule.scheduleType() == ScheduleType.ITERATION ? iterations : epochs;
        return save(model, iterations, epochs, step > 0 ? schedule.cycleOf(step - 1) : -1);
    }

    private Snapshot save(Model model, int iterations, int epochs, long cycle) {
        Path file = directory.resolve(prefix + "-cycle" + cycle + "-iter" + iterations + "-epoch" + epochs + ".zip");
        int oldIterations = Models.iterationCount(model);
        int oldEpochs = Models.epochCount(model);
        Models.setCounts(model, iterations, epochs);
        try {
            Files.createDirectories(directory);
            Models.write(model, file);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write snapshot " + file.toAbsolutePath() + " (cycle " + cycle
                    + ", iteration " + iterations + "): " + e.getMessage() + "; check that the directory is"
                    + " writable and has free space", e);
        } finally {
            Models.setCounts(model, oldIterations, oldEpochs);
        }
        double accuracy = Double.NaN;
        double logLoss = Double.NaN;
        if (validation != null) {
            ClassificationScore score = evaluate(model, validation);
            accuracy = score.evaluation().accuracy();
            logLoss = score.logLoss();
        }
        Snapshot snapshot = new Snapshot(file, iterations, epochs, cycle, accuracy, logLoss);
        retained.addLast(snapshot);
        savedCount++;
        while (retained.size() > keep) {
            Snapshot oldest = retained.removeFirst();
            try {
                Files.deleteIfExists(oldest.file());
            } catch (IOException e) {
                throw new UncheckedIOException("could not delete the oldest snapshot " + oldest.file()
                        + " to keep at most keep=" + keep + " files: " + e.getMessage(), e);
            }
        }
        return snapshot;
    }

    /** Evaluates a single-output classifier on all of {@code data} (reset before and after when supported). */
    static ClassificationScore evaluate(Model model, DataSetIterator data) {
        if (data.resetSupported()) {
            data.reset();
        }
        ClassificationScore score = new ClassificationScore();
        while (data.hasNext()) {
            DataSet ds = data.next();
            score.add(ds.getLabels(), Models.output(model, ds.getFeatures(), ds.getFeaturesMaskArray()),
                    ds.getLabelsMaskArray());
        }
        if (data.resetSupported()) {
            data.reset();
        }
        return score;
    }

    /** @return the snapshots whose files are kept, oldest first (a copy) */
    public List<Snapshot> snapshots() {
        return new ArrayList<>(retained);
    }

    /** @return how many snapshots were saved in total, including those deleted by the {@code keep} limit */
    public int savedCount() {
        return savedCount;
    }

    /** @return the schedule whose restarts trigger the snapshots */
    public SgdrSchedule schedule() {
        return schedule;
    }

    /** @return the folder of the snapshot files */
    public Path directory() {
        return directory;
    }

    /** @return the maximum number of snapshot files kept */
    public int keep() {
        return keep;
    }

    @Override
    public String toString() {
        return "SnapshotListener(schedule=" + schedule + ", directory=" + directory + ", keep=" + keep
                + ", validation=" + (validation != null) + ", saved=" + savedCount + ")";
    }

    /** Builder for {@link SnapshotListener}; validated in {@link #build()}. */
    public static final class Builder {
        private final SgdrSchedule schedule;
        private final Path directory;
        private int keep = DEFAULT_KEEP;
        private DataSetIterator validation;
        private String prefix = DEFAULT_PREFIX;

        private Builder(SgdrSchedule schedule, Path directory) {
            this.schedule = schedule;
            this.directory = directory;
        }

        /**
         * @param k maximum number of snapshot files kept ({@code >= 1}); older ones are deleted. Default: all.
         *          A "best m" ensemble chooses among the kept snapshots only, so keep more than m for it
         */
        public Builder keep(int k) {
            this.keep = k;
            return this;
        }

        /**
         * @param data validation data evaluated after each snapshot (accuracy and log-loss); must support
         *             {@code reset()} and not be the training iterator. {@code null}: no evaluation (default)
         */
        public Builder validation(DataSetIterator data) {
            this.validation = data;
            return this;
        }

        /** @param filePrefix file name prefix, no path separators; default {@value #DEFAULT_PREFIX} */
        public Builder filePrefix(String filePrefix) {
            this.prefix = filePrefix;
            return this;
        }

        /**
         * @return the listener
         * @throws IllegalArgumentException naming the invalid setting, its value, the rule and a remedy
         */
        public SnapshotListener build() {
            if (schedule == null) {
                throw new IllegalArgumentException("schedule must be set, got schedule=null; pass the SgdrSchedule"
                        + " the network's updater (or Alrao lrMultiplier) uses, so snapshots fall on its restarts");
            }
            if (directory == null) {
                throw new IllegalArgumentException("directory must be set, got directory=null; pass a folder for"
                        + " the snapshot files, e.g. Path.of(\"snapshots\")");
            }
            if (keep < 1) {
                throw new IllegalArgumentException("keep must be >= 1, got keep=" + keep + "; use the ensemble size"
                        + " m (or more, to choose the best m later), or leave the default to keep all");
            }
            if (validation != null && !validation.resetSupported()) {
                throw new IllegalArgumentException("validation iterator must support reset() to be evaluated at"
                        + " every snapshot, got " + validation.getClass().getName() + " with resetSupported()=false;"
                        + " wrap the validation data in an in-memory iterator");
            }
            Objects.requireNonNull(prefix, "filePrefix");
            if (prefix.isEmpty() || prefix.contains("/") || prefix.contains("\\")) {
                throw new IllegalArgumentException("filePrefix must be a non-empty file name without path"
                        + " separators, got filePrefix='" + prefix + "'; put folders in the directory argument");
            }
            return new SnapshotListener(this);
        }
    }
}
