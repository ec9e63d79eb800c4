package org.alrao4j.examples;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.alrao4j.core.schedule.SgdrSchedule;
import org.alrao4j.dl4j.hypergradient.HypergradientInstaller;
import org.alrao4j.dl4j.snapshot.Snapshot;
import org.alrao4j.dl4j.snapshot.SnapshotListener;
import org.alrao4j.examples.train.EnsembleReport;
import org.alrao4j.examples.train.IterationRecorder;
import org.alrao4j.examples.train.RunExtras;
import org.alrao4j.examples.train.SgdrSpec;
import org.alrao4j.examples.train.SnapshotEnsembles;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.learning.config.IUpdater;

/**
 * SGDR warm restarts, snapshot ensembles and hypergradient descent around a run: the schedule (per iteration,
 * {@code --lr} down to 0 for a baseline, a multiplier from 1 to 0 for Alrao), the hypergradient installation,
 * the listeners (per-iteration recorder, snapshots) and, after training, the ensemble's evaluation.
 *
 * <p>Order of use: {@link #prepare}, then {@link #baselineUpdater()} / {@link #alraoMultiplier()} while building
 * the network, {@link #install} after {@code init()}, {@link #listeners} for the training loop, {@link #finish}.
 */
final class LrMethods {

    /** Steps searched for the epochs a number of cycles needs. */
    private static final int MAX_SEARCH = 20_000_000;

    private final CommonOptions common;
    private final SgdrOptions options;
    private final double lr;
    private final SgdrSpec spec;
    private final SgdrSchedule schedule;
    private SnapshotListener snapshots;
    private IterationRecorder recorder;

    private LrMethods(CommonOptions common, SgdrOptions options, double lr, long iterationsPerEpoch) {
        this.common = common;
        this.options = options;
        this.lr = lr;
        this.spec = options.sgdrSpec();
        this.schedule = spec == null ? null : spec.schedule(common.useAlrao ? 1.0 : lr, iterationsPerEpoch);
    }

    /**
     * Validates the options (also against the run's length) and builds the schedule.
     *
     * @param common             the shared options
     * @param options            the SGDR and snapshot options
     * @param lr                 the baseline's {@code --lr} (SGDR peak, hypergradient alpha0)
     * @param iterationsPerEpoch updates per epoch
     * @param hasValidation      whether the data has a validation split (needed by {@code --ensemble best})
     * @return the set-up
     * @throws BadInputException for unusable combinations
     */
    static LrMethods prepare(CommonOptions common, SgdrOptions options, double lr, long iterationsPerEpoch,
                             boolean hasValidation) {
        options.validate(common.optimizerChoice());
        LrMethods m = new LrMethods(common, options, lr, iterationsPerEpoch);
        CommonOptions.require(!options.bestEnsemble() || hasValidation, "--ensemble best ranks snapshots on the"
                + " validation split, which is empty here; pass --ensemble last, or a larger --max_train");
        m.requireEnoughCycles(iterationsPerEpoch);
        return m;
    }

    private void requireEnoughCycles(long iterationsPerEpoch) {
        int m = options.snapshotCount();
        if (m == 0) {
            return;
        }
        int cycles = SgdrSpec.completedCycles(schedule, (long) common.epochs * iterationsPerEpoch);
        if (cycles < m) {
            long needed = epochsFor(m, iterationsPerEpoch);
            throw new BadInputException("--snapshots " + m + " needs at least " + m + " complete cosine cycles, but"
                    + " --sgdr " + options.sgdr + " with --epochs " + common.epochs + " completes " + cycles + "; "
                    + (needed > 0 ? "pass --epochs " + needed + " or more, or lower --snapshots"
                    : "lower --snapshots or Tmult"));
        }
    }

    /** @return the epochs needed for {@code cycles} complete cycles, {@code -1} if beyond {@value #MAX_SEARCH} steps */
    private long epochsFor(int cycles, long iterationsPerEpoch) {
        int seen = 0;
        for (int step = 1; step <= MAX_SEARCH; step++) {
            if (schedule.isRestart(step) && ++seen == cycles) {
                return (step + iterationsPerEpoch - 1) / iterationsPerEpoch;
            }
        }
        return -1;
    }

    /** @return the baseline's updater: SGD/Adam at {@code --lr}, on the SGDR schedule with {@code --sgdr} */
    IUpdater baselineUpdater() {
        return schedule == null ? Networks.baselineUpdater(common.baseOptimizer(), lr)
                : Networks.baselineUpdater(common.baseOptimizer(), schedule);
    }

    /** @return the SGDR multiplier of every Alrao rate, or {@code null} without {@code --sgdr} */
    SgdrSchedule alraoMultiplier() {
        return schedule;
    }

    /** Installs the global hypergradient updater of an -HD optimizer; right after {@code init()}. */
    void install(ComputationGraph net) {
        OptimizerChoice choice = common.optimizerChoice();
        if (choice.hypergradient()) {
            HypergradientInstaller.installGlobal(net, choice.updater(lr, common.hypergradLr(), common.momentum));
        }
    }

    /**
     * @param dir        the results folder ({@code dir/snapshots} receives the snapshot files)
     * @param validation the validation data in a fixed order, or {@code null}
     * @return the listeners to add to the training loop
     */
    TrainingListener[] listeners(Path dir, DataSetIterator validation) {
        boolean hd = common.optimizerChoice().hypergradient();
        IterationRecorder.Probe alpha = hd ? LrMethods::alpha : null;
        recorder = new IterationRecorder(common.useAlrao ? this::multiplier : hd ? alpha : LrMethods::updaterRate,
                alpha);
        List<TrainingListener> list = new ArrayList<>(List.of(recorder));
        if (options.snapshotCount() > 0) {
            snapshots = SnapshotListener.builder(schedule, dir.resolve("snapshots")).validation(validation).build();
            list.add(snapshots);
        }
        return list.toArray(new TrainingListener[0]);
    }

    /**
     * Evaluates the snapshot ensemble (if any) on the test data and collects the run's extras.
     *
     * @param test the test data in a fixed order, or {@code null}
     * @param out  console output for the ensemble table
     * @return the extras for the results folder
     */
    RunExtras finish(DataSetIterator test, PrintStream out) {
        List<Snapshot> kept = snapshots == null ? null : snapshots.snapshots();
        EnsembleReport ensemble = null;
        if (kept != null && !kept.isEmpty() && test != null) {
            int m = Math.min(options.snapshotCount(), kept.size());
            if (m < options.snapshotCount()) {
                out.printf("note: only %d snapshots were taken (training stopped early); the ensemble uses %d%n",
                        kept.size(), m);
            }
            ensemble = SnapshotEnsembles.evaluate(kept, m, options.bestEnsemble(), options.metric(), test);
            out.print(SnapshotEnsembles.table(ensemble));
            out.printf("snapshot ensemble (%s %d): test accuracy %.4f, test loss %.4f%n", ensemble.mode(), m,
                    ensemble.testAccuracy(), ensemble.testLoss());
        }
        RunExtras.Hypergradient hd = common.optimizerChoice().hypergradient()
                ? new RunExtras.Hypergradient(lr, common.hypergradLr()) : null;
        return new RunExtras(spec, kept, ensemble, hd, recorder == null ? List.of() : recorder.points());
    }

    /** @return e.g. " with SGDR(T0=1 epochs = 250 iterations, Tmult=2)", or "" */
    String describe(long iterationsPerEpoch) {
        StringBuilder sb = new StringBuilder();
        if (spec != null) {
            sb.append(String.format(" with SGDR(T0=%s epochs = %.0f iterations, Tmult=%s)", spec.t0(),
                    spec.t0Iterations(iterationsPerEpoch), spec.tMult()));
        }
        if (options.snapshotCount() > 0) {
            sb.append(String.format(", snapshot ensemble of the %s %d", options.ensembleMode(),
                    options.snapshotCount()));
        }
        if (common.optimizerChoice().hypergradient()) {
            sb.append(String.format(", global alpha from %s with hypergrad_lr %s", lr, common.hypergradLr()));
        }
        return sb.toString();
    }

    private double multiplier(Model model, int iteration, int epoch) {
        return schedule == null ? 1.0 : schedule.valueAt(iteration, epoch);
    }

    /** The first layer with parameters: its weight updater's rate at this step. */
    private static double updaterRate(Model model, int iteration, int epoch) {
        for (Layer layer : ((ComputationGraph) model).getLayers()) {
            if (layer.numParams() > 0 && layer.conf().getLayer() instanceof BaseLayer) {
                return ((BaseLayer) layer.conf().getLayer()).getIUpdater().getLearningRate(iteration, epoch);
            }
        }
        return Double.NaN;
    }

    /** The global alpha (all blocks share it in GLOBAL mode). */
    private static double alpha(Model model, int iteration, int epoch) {
        Map<String, Double> alphas = HypergradientInstaller.alphas((ComputationGraph) model);
        return alphas.isEmpty() ? Double.NaN : alphas.values().iterator().next();
    }
}
