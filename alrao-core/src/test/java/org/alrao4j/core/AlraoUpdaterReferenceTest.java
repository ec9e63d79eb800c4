package org.alrao4j.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.schedule.ExponentialSchedule;
import org.nd4j.linalg.schedule.ScheduleType;

/**
 * The ND4J appliers against a plain-Java reference of Alrao spec 1.4 (SGD) and 4.2 (PyTorch-0.4 Adam with
 * the unit rate multiplying the step), over several steps, on a layout with several segments and tiles.
 */
class AlraoUpdaterReferenceTest {

    /**
     * Every multiply path of the scaler over 5 units: a bias, a tiled block with a short repeat, a plain block, a
     * tiled block with a long repeat (3 + 2*2*3 + 4*2 + 2*70*2 = 303 elements).
     */
    private static final UnitLayout LAYOUT = UnitLayout.builder()
            .segment(0, 3, 1, 1).segment(1, 2, 2, 3).segment(1, 4, 2, 1)
            .segment(3, 2, UnitRateScaler.MAX_EXPANDED_REPEAT + 6, 2).build();
    private static final int STEPS = 6;

    @ParameterizedTest
    @EnumSource(BaseOptimizer.class)
    void matchesPlainJavaReferenceInDouble(BaseOptimizer optimizer) {
        runAgainstReference(optimizer, DataType.DOUBLE, 1e-12);
    }

    @ParameterizedTest
    @EnumSource(BaseOptimizer.class)
    void matchesPlainJavaReferenceInFloat(BaseOptimizer optimizer) {
        runAgainstReference(optimizer, DataType.FLOAT, 1e-5, false);
    }

    /** DL4J hands an updater the same gradient view every iteration, refilled; the scaler caches its views of it. */
    @ParameterizedTest
    @EnumSource(BaseOptimizer.class)
    void matchesReferenceWhenTheSameGradientArrayIsRefilled(BaseOptimizer optimizer) {
        runAgainstReference(optimizer, DataType.FLOAT, 1e-5, true);
    }

    private static void runAgainstReference(BaseOptimizer optimizer, DataType type, double relTol) {
        runAgainstReference(optimizer, type, relTol, false);
    }

    private static void runAgainstReference(BaseOptimizer optimizer, DataType type, double relTol,
                                            boolean reuseGradientArray) {
        double[] unitRates = {0.5, 1e-3, 2.0, 0.05, 1e-5};
        ExponentialSchedule multiplier = new ExponentialSchedule(ScheduleType.ITERATION, 1.0, 0.9);
        AlraoSettings settings = AlraoSettings.builder().optimizer(optimizer).lrMultiplier(multiplier).build();
        AlraoUpdater config = settings.updaterFor(unitRates, LAYOUT, "test");
        int n = (int) LAYOUT.length();
        INDArray state = config.stateSize(n) == 0 ? null : Nd4j.zeros(type, 1, config.stateSize(n));
        GradientUpdater<?> applier = config.instantiate(state, true);
        Reference reference = new Reference(n, optimizer);
        Random rng = new Random(11);
        INDArray reused = Nd4j.zeros(type, 1, n);
        for (int t = 0; t < STEPS; t++) {
            double[] g = new double[n];
            for (int k = 0; k < n; k++) {
                g[k] = rng.nextGaussian();
            }
            INDArray fresh = Nd4j.createFromArray(g).castTo(type);
            INDArray gradient = reuseGradientArray ? reused.assign(fresh.reshape(1, n)) : fresh;
            applier.applyUpdater(gradient, t, 0);
            double[] expected = reference.step(g, unitRates, multiplier.valueAt(t, 0));
            double[] actual = gradient.toDoubleVector();
            for (int k = 0; k < n; k++) {
                assertThat(actual[k]).as("step %d element %d", t, k)
                        .isCloseTo(expected[k], within(relTol * Math.max(1e-3, Math.abs(expected[k]))));
            }
        }
    }

    /** Plain Java, double precision; iteration t uses bias-correction step t + 1 as DL4J counts from 0. */
    private static final class Reference {
        private final double[] m;
        private final double[] v;
        private final BaseOptimizer optimizer;
        private int t;

        Reference(int n, BaseOptimizer optimizer) {
            this.m = new double[n];
            this.v = new double[n];
            this.optimizer = optimizer;
        }

        double[] step(double[] g, double[] unitRates, double multiplier) {
            t++;
            double[] update = new double[g.length];
            double b1 = AlraoAdam.DEFAULT_BETA1;
            double b2 = AlraoAdam.DEFAULT_BETA2;
            double stepSize = Math.sqrt(1 - Math.pow(b2, t)) / (1 - Math.pow(b1, t));
            for (int k = 0; k < g.length; k++) {
                double lambda = unitRates[(int) LAYOUT.unitOf(k)] * multiplier;
                if (optimizer == BaseOptimizer.SGD) {
                    update[k] = lambda * g[k];
                } else {
                    m[k] = b1 * m[k] + (1 - b1) * g[k];
                    v[k] = b2 * v[k] + (1 - b2) * g[k] * g[k];
                    update[k] = stepSize * lambda * m[k] / (Math.sqrt(v[k]) + AlraoAdam.DEFAULT_EPSILON);
                }
            }
            return update;
        }
    }
}
