package org.alrao4j.examples.robustness;

import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * One arm's runs reduced to mean &plusmn; sample standard deviation over seeds.
 *
 * <p>Accuracy and validation loss average every completed run, diverged ones included (their accuracy is what
 * was measured, usually chance). Test loss averages the runs whose loss stayed finite; {@link #diverged()} counts
 * the others, and a loss column shows "diverged" when no run stayed finite.
 *
 * @param arm          the arm
 * @param runs         its runs, one per seed
 * @param accuracy     test accuracy over completed runs
 * @param loss         test loss over runs with a finite loss
 * @param validLoss    validation loss over runs with a finite loss (chooses the best SGD rate)
 * @param seconds      wall seconds per run
 * @param diverged     runs with a non-finite loss
 * @param failed       runs that ended with an exception (no measurement)
 */
public record ArmSummary(Arm arm, List<ArmRun> runs, Stat accuracy, Stat loss, Stat validLoss, Stat seconds,
                         int diverged, int failed) {

    /**
     * Mean and sample standard deviation.
     *
     * @param mean mean (NaN without values)
     * @param std  sample standard deviation (NaN with fewer than two values)
     * @param n    number of values
     */
    public record Stat(double mean, double std, int n) {

        /** @return the statistic of the finite values of {@code values} */
        static Stat of(double[] values) {
            double[] v = java.util.Arrays.stream(values).filter(Double::isFinite).toArray();
            if (v.length == 0) {
                return new Stat(Double.NaN, Double.NaN, 0);
            }
            double mean = java.util.Arrays.stream(v).average().orElse(Double.NaN);
            double ss = java.util.Arrays.stream(v).map(x -> (x - mean) * (x - mean)).sum();
            return new Stat(mean, v.length > 1 ? Math.sqrt(ss / (v.length - 1)) : Double.NaN, v.length);
        }
    }

    /**
     * @param arm  the arm
     * @param runs its runs
     * @return the summary
     */
    public static ArmSummary of(Arm arm, List<ArmRun> runs) {
        List<ArmRun> done = runs.stream().filter(ArmRun::completed).toList();
        return new ArmSummary(arm, List.copyOf(runs), stat(done, ArmRun::testAccuracy),
                stat(done, ArmRun::testLoss), stat(done, ArmRun::validLoss), stat(runs, ArmRun::seconds),
                (int) runs.stream().filter(ArmRun::diverged).count(), runs.size() - done.size());
    }

    /** Header of {@code robustness.csv}, in {@link #csvRow()} order. */
    public static final String CSV_HEADER = "arm,method,lr,runs,diverged,failed,testAccuracyMean,testAccuracyStd,"
            + "testLossMean,testLossStd,validLossMean,secondsMean,secondsStd";

    /** @return this summary as one CSV row (empty cells for undefined values) */
    public String csvRow() {
        return String.join(",", Csv.quote(arm.name()), arm.method(), Csv.number(arm.lr()),
                Integer.toString(runs.size()), Integer.toString(diverged), Integer.toString(failed),
                Csv.number(accuracy.mean()), Csv.number(accuracy.std()), Csv.number(loss.mean()),
                Csv.number(loss.std()), Csv.number(validLoss.mean()), Csv.number(seconds.mean()),
                Csv.number(seconds.std()));
    }

    private static Stat stat(List<ArmRun> runs, ToDoubleFunction<ArmRun> f) {
        return Stat.of(runs.stream().mapToDouble(f).toArray());
    }
}
