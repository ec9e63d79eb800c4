package org.alrao4j.examples.robustness;

import org.alrao4j.examples.train.EpochMetrics;
import org.alrao4j.examples.train.ImageClassificationTask;
import org.alrao4j.examples.train.RunResult;

/**
 * One training run of an arm with one seed: the test metrics of the epoch with the lowest validation loss (the
 * paper's protocol, as {@code cnn} reports them) and the run's wall time.
 *
 * @param arm           the arm
 * @param seed          the seed
 * @param bestEpoch     the selected epoch (0 when the run failed)
 * @param validLoss     validation loss of the selected epoch (nats)
 * @param validAccuracy validation accuracy of the selected epoch
 * @param testLoss      test loss of the selected epoch (nats; non-finite when the run diverged)
 * @param testAccuracy  test accuracy of the selected epoch, as measured (NaN only when the run failed)
 * @param seconds       wall time of the whole run: data, training, evaluation and its results folder
 * @param msPerIteration mean milliseconds of one training update
 * @param diverged      whether a loss of the run was not finite (NaN or infinite)
 * @param note          why the run diverged or failed, empty otherwise
 */
public record ArmRun(Arm arm, long seed, int bestEpoch, double validLoss, double validAccuracy, double testLoss,
                     double testAccuracy, double seconds, double msPerIteration, boolean diverged, String note) {

    /** Header of {@code robustness-runs.csv}, in {@link #csvRow()} order. */
    public static final String CSV_HEADER = "arm,method,lr,seed,bestEpoch,validLoss,validAccuracy,testLoss,"
            + "testAccuracy,seconds,msPerIteration,diverged,note";

    /**
     * The smallest evaluation loss that means non-finite outputs: every prediction at
     * {@link ImageClassificationTask#PROBABILITY_FLOOR} (a NaN probability is counted there).
     */
    static final double FLOOR_LOSS = -Math.log(ImageClassificationTask.PROBABILITY_FLOOR) * (1 - 1e-9);

    /**
     * @param arm     the arm
     * @param seed    the seed
     * @param result  what {@code cnn} reported
     * @param seconds the run's wall time
     * @return the run; diverged when an epoch's mean training loss was not finite (no finite minibatch loss) or
     *         its validation or test loss was not finite or at the floor's ceiling ({@link #FLOOR_LOSS}: NaN
     *         outputs). Such a loss of the selected epoch is recorded as +infinity; the accuracy as measured.
     */
    public static ArmRun of(Arm arm, long seed, RunResult result, double seconds) {
        EpochMetrics best = result.best();
        String note = "";
        for (EpochMetrics e : result.history().epochs()) {
            boolean validBad = !Double.isNaN(e.validAccuracy()) && nonFinite(e.validLoss());
            if (!Double.isFinite(e.trainLoss()) || validBad || nonFinite(e.testLoss())) {
                note = "non-finite loss from epoch " + e.epoch();
                break;
            }
        }
        double valid = nonFinite(best.validLoss()) && !Double.isNaN(best.validLoss()) ? Double.POSITIVE_INFINITY
                : best.validLoss();
        double test = nonFinite(best.testLoss()) ? Double.POSITIVE_INFINITY : best.testLoss();
        return new ArmRun(arm, seed, best.epoch(), valid, best.validAccuracy(), test, best.testAccuracy(), seconds,
                result.history().msPerIteration(), !note.isEmpty(), note);
    }

    private static boolean nonFinite(double loss) {
        return !Double.isFinite(loss) || loss >= FLOOR_LOSS;
    }

    /**
     * @param arm     the arm
     * @param seed    the seed
     * @param error   what ended the run
     * @param seconds wall time until then
     * @return a run without measurements
     */
    public static ArmRun failed(Arm arm, long seed, RuntimeException error, double seconds) {
        String message = error.getMessage() == null ? "" : ": " + error.getMessage().replace('\n', ' ');
        return new ArmRun(arm, seed, 0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, seconds, Double.NaN, false,
                "failed: " + error.getClass().getSimpleName() + message);
    }

    /** @return whether the run ended without an exception (its accuracy was measured) */
    public boolean completed() {
        return !Double.isNaN(testAccuracy);
    }

    /** @return this run as one CSV row */
    public String csvRow() {
        return String.join(",", Csv.quote(arm.name()), arm.method(), Csv.number(arm.lr()), Long.toString(seed),
                Integer.toString(bestEpoch), Csv.number(validLoss), Csv.number(validAccuracy), Csv.number(testLoss),
                Csv.number(testAccuracy), Csv.number(seconds), Csv.number(msPerIteration), Boolean.toString(diverged),
                Csv.quote(note));
    }
}
