package org.alrao4j.examples.robustness;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.alrao4j.examples.train.EpochMetrics;
import org.alrao4j.examples.train.RunResult;
import org.alrao4j.examples.train.TrainingHistory;
import org.junit.jupiter.api.Test;

/** Divergence detection, statistics, findings and the table, on hand-made runs. */
class RobustnessTablesTest {

    private static final Arm SGD_01 = new Arm("SGD lr=0.1", Arms.SGD, 0.1, List.of());
    private static final Arm SGD_10 = new Arm("SGD lr=10", Arms.SGD, 10, List.of());
    private static final Arm ALRAO = new Arm("Alrao-SGD", Arms.ALRAO_SGD, Double.NaN, List.of());

    private static RunResult result(EpochMetrics... epochs) {
        TrainingHistory h = new TrainingHistory(List.of(epochs), epochs[epochs.length - 1], List.of(), 10, false);
        return new RunResult("cnn", "d", "LeNet", "SGD", false, 0.1, 0.1, new double[] {0.1}, 1, h, new double[] {1},
                Map.of(), false, Path.of("."));
    }

    private static EpochMetrics epoch(int e, double trainLoss, double validLoss, double testLoss, double testAcc) {
        return new EpochMetrics(e, trainLoss, testAcc, validLoss, testAcc, testLoss, testAcc, 1);
    }

    private static ArmRun run(Arm arm, long seed, double validLoss, double testLoss, double acc, double seconds) {
        return new ArmRun(arm, seed, 1, validLoss, acc, testLoss, acc, seconds, 10, !Double.isFinite(testLoss), "");
    }

    @Test
    void nonFiniteTrainingLossMarksTheRunDivergedAndKeepsItsMeasuredAccuracy() {
        ArmRun r = ArmRun.of(SGD_10, 3, result(epoch(1, 2.3, 2.3, 2.3, 0.1), epoch(2, Double.NaN, Double.NaN,
                Double.NaN, 0.1)), 5);
        assertThat(r.diverged()).isTrue();
        assertThat(r.note()).isEqualTo("non-finite loss from epoch 2");
        assertThat(r.testAccuracy()).isEqualTo(0.1);
        assertThat(r.csvRow()).contains(",true,non-finite loss from epoch 2").contains(",,");
        ArmRun nanOutputs = ArmRun.of(SGD_10, 4, result(epoch(1, 2.41, 69.0775527898217, 69.0775527898217, 0.1)), 5);
        assertThat(nanOutputs.diverged()).as("every probability at the 1e-30 floor: NaN outputs").isTrue();
        assertThat(nanOutputs.testLoss()).isInfinite();
        assertThat(nanOutputs.validLoss()).isInfinite();
        assertThat(nanOutputs.csvRow()).contains(",inf,");
        ArmRun fine = ArmRun.of(SGD_01, 3, result(epoch(1, 0.5, 0.4, 0.45, 0.85)), 5);
        assertThat(fine.diverged()).isFalse();
        assertThat(fine.note()).isEmpty();
    }

    @Test
    void statisticsAreMeanAndSampleStdOverFiniteValues() {
        ArmSummary.Stat s = ArmSummary.Stat.of(new double[] {1, 2, 3, Double.NaN, Double.POSITIVE_INFINITY});
        assertThat(s.n()).isEqualTo(3);
        assertThat(s.mean()).isEqualTo(2.0);
        assertThat(s.std()).isEqualTo(1.0);
        assertThat(ArmSummary.Stat.of(new double[] {4}).std()).isNaN();
    }

    @Test
    void divergedArmShowsDivergedLossAndFindingsPickTheBestRateOnValidation() {
        ArmSummary good = ArmSummary.of(SGD_01, List.of(run(SGD_01, 1, 0.40, 0.42, 0.88, 10),
                run(SGD_01, 2, 0.42, 0.44, 0.86, 10)));
        ArmSummary bad = ArmSummary.of(SGD_10, List.of(run(SGD_10, 1, Double.NaN, Double.NaN, 0.10, 10),
                run(SGD_10, 2, Double.NaN, Double.POSITIVE_INFINITY, 0.10, 10)));
        ArmSummary alrao = ArmSummary.of(ALRAO, List.of(run(ALRAO, 1, 0.45, 0.46, 0.85, 12),
                run(ALRAO, 2, 0.45, 0.48, 0.85, 12)));
        List<String> table = Report.table(List.of(good, bad, alrao));
        assertThat(table.get(2)).isEqualTo("| SGD lr=0.1 | 87.0 ± 1.4 | 0.430 ± 0.014 | 0/2 | 10 ± 0 |");
        assertThat(table.get(3)).isEqualTo("| SGD lr=10 | 10.0 ± 0.0 | diverged | 2/2 | 10 ± 0 |");
        Findings f = Findings.of(List.of(good, bad, alrao));
        assertThat(f.bestSgd()).contains(good);
        assertThat(f.worstSgd()).contains(bad);
        assertThat(f.costRatio()).isEqualTo(0.6);
        assertThat(String.join("\n", f.lines())).contains("Alrao-SGD minus that SGD: -2.0 points")
                .contains("worst SGD rate (SGD lr=10): +75.0 points").contains("ratio 0.60 = 1/1.7");
    }

    @Test
    void csvNumbersAreShortAndInfinityIsSpelledOut() {
        assertThat(Csv.number(1e-5)).isEqualTo("1e-05");
        assertThat(Csv.number(0.1)).isEqualTo("0.1");
        assertThat(Csv.number(10)).isEqualTo("10");
        assertThat(Csv.number(Double.POSITIVE_INFINITY)).isEqualTo("inf");
        assertThat(Csv.number(Double.NaN)).isEmpty();
        assertThat(Csv.quote("a,b")).isEqualTo("\"a,b\"");
    }
}
