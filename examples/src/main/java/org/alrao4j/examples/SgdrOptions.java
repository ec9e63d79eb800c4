package org.alrao4j.examples;

import java.util.Locale;

import org.alrao4j.dl4j.snapshot.SnapshotMetric;
import org.alrao4j.examples.train.SgdrSpec;
import picocli.CommandLine.Option;

/**
 * {@code cnn}'s options for SGDR warm restarts and snapshot ensembles: {@code --sgdr T0,Tmult},
 * {@code --snapshots m}, {@code --ensemble last|best} and {@code --ensemble_metric loss|accuracy}.
 */
public final class SgdrOptions {

    /** {@code --ensemble} default. */
    static final String LAST = "last";
    /** {@code --ensemble} value choosing the best m snapshots on the validation split. */
    static final String BEST = "best";

    @Option(names = "--sgdr", paramLabel = "T0,Tmult", description = "Cosine annealing with warm restarts (SGDR),"
            + " stepped per iteration: the first cycle lasts T0 epochs (may be fractional), each next one Tmult >= 1"
            + " times longer; e.g. --sgdr 1,2. The rate falls from --lr to 0 in each cycle (with --use_alrao, a"
            + " multiplier of every unit and classifier rate from 1 to 0). Recorded in iterations.csv and"
            + " learning-rate.png.")
    String sgdr;

    @Option(names = "--snapshots", paramLabel = "m", description = "Snapshot ensemble (needs --sgdr): save the"
            + " network at the end of every cycle into OUT/snapshots, then evaluate the average of m snapshots'"
            + " probabilities on the test set (results.json 'ensemble', ensemble.png). Plan at least m cycles.")
    Integer snapshots;

    @Option(names = "--ensemble", paramLabel = "last|best", description = "Which m snapshots form the ensemble:"
            + " the last m (default, as the paper) or the best m on the validation split by --ensemble_metric.")
    String ensemble;

    @Option(names = "--ensemble_metric", paramLabel = "loss|accuracy", description = "Validation metric of"
            + " --ensemble best (default: loss, the log-loss; accuracy: validation accuracy).")
    String ensembleMetric;

    /** @return the parsed {@code --sgdr}, or {@code null} without it */
    SgdrSpec sgdrSpec() {
        if (sgdr == null) {
            return null;
        }
        String[] parts = sgdr.split(",", -1);
        CommonOptions.require(parts.length == 2, malformedSgdr("two numbers separated by a comma"));
        double t0 = number(parts[0]);
        double tMult = number(parts[1]);
        CommonOptions.require(t0 > 0, malformedSgdr("T0 (epochs of the first cycle) must be > 0"));
        CommonOptions.require(tMult >= 1, malformedSgdr("Tmult (cycle-length multiplier) must be >= 1"));
        return new SgdrSpec(t0, tMult);
    }

    private double number(String text) {
        try {
            double v = Double.parseDouble(text.trim());
            CommonOptions.require(Double.isFinite(v), malformedSgdr("T0 and Tmult must be finite numbers"));
            return v;
        } catch (NumberFormatException e) {
            throw new BadInputException(malformedSgdr("'" + text.trim() + "' is not a number"));
        }
    }

    private String malformedSgdr(String rule) {
        return "--sgdr " + sgdr + " is malformed: " + rule + "; pass T0,Tmult with T0 > 0 epochs and Tmult >= 1,"
                + " e.g. --sgdr 1,2 or --sgdr 10,1";
    }

    /** @return {@code --snapshots}, {@code 0} without it */
    int snapshotCount() {
        return snapshots == null ? 0 : snapshots;
    }

    /** @return whether the ensemble is the best m on the validation split */
    boolean bestEnsemble() {
        return BEST.equals(ensembleMode());
    }

    /** @return "last" or "best" */
    String ensembleMode() {
        return ensemble == null ? LAST : ensemble.trim().toLowerCase(Locale.ROOT);
    }

    /** @return the ranking metric of {@code --ensemble best} */
    SnapshotMetric metric() {
        return ensembleMetric == null || ensembleMetric.trim().equalsIgnoreCase("loss") ? SnapshotMetric.LOG_LOSS
                : SnapshotMetric.ACCURACY;
    }

    /**
     * Checks the options against each other and against the optimizer.
     *
     * @param optimizer the {@code --optimizer} choice
     */
    void validate(OptimizerChoice optimizer) {
        SgdrSpec spec = sgdrSpec();
        CommonOptions.require(spec == null || !optimizer.hypergradient(), "--sgdr " + sgdr + " is not supported"
                + " with --optimizer " + optimizer.displayName() + ": hypergradient descent learns the learning rate"
                + " itself; drop --sgdr, or pass --optimizer "
                + (optimizer.base() == org.alrao4j.core.BaseOptimizer.SGD ? "SGD" : "Adam"));
        CommonOptions.require(snapshots == null || spec != null, "--snapshots " + snapshots + " needs --sgdr:"
                + " snapshots are taken at the end of each cosine cycle; add e.g. --sgdr 1,1 or drop --snapshots");
        CommonOptions.require(snapshots == null || snapshots >= 1, "--snapshots must be >= 1 (the ensemble size m),"
                + " got " + snapshots + "; e.g. --snapshots 3");
        CommonOptions.require(LAST.equals(ensembleMode()) || BEST.equals(ensembleMode()), "--ensemble " + ensemble
                + " is not supported; pass --ensemble last (the last m snapshots) or --ensemble best (the best m on"
                + " the validation split)");
        CommonOptions.require(ensembleMetric == null || ensembleMetric.trim().equalsIgnoreCase("loss")
                || ensembleMetric.trim().equalsIgnoreCase("accuracy"), "--ensemble_metric " + ensembleMetric
                + " is not supported; pass --ensemble_metric loss or --ensemble_metric accuracy");
        CommonOptions.require(snapshots != null || ensemble == null && ensembleMetric == null, "--ensemble and"
                + " --ensemble_metric need --snapshots m; add e.g. --sgdr 1,1 --snapshots 3, or drop them");
    }
}
