package org.alrao4j.core.hypergradient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.GradientUpdater;

/** Each rule, per block, against the plain-Java {@link HdReference} for several steps. */
class HdUpdaterRulesTest {

    static final int N = 7;
    static final int STEPS = 8;

    static Stream<Arguments> cases() {
        return Stream.of(HdReference.Kind.values())
                .flatMap(k -> Stream.of(Arguments.of(k, DataType.DOUBLE), Arguments.of(k, DataType.FLOAT)));
    }

    static HypergradientUpdater config(HdReference.Kind kind, HypergradientMode mode) {
        switch (kind) {
            case SGD:
                return new SgdHd(0.05, 0.01, mode, null);
            case SGDN:
                return new SgdnHd(0.05, 0.01, 0.8, mode, null);
            default:
                return new AdamHd(0.01, 1e-3, 0.85, 0.99, 1e-6, mode, null);
        }
    }

    static HdReference reference(HdReference.Kind kind, int n) {
        switch (kind) {
            case SGD:
                return HdReference.sgd(n, 0.05);
            case SGDN:
                return HdReference.sgdn(n, 0.05, 0.8);
            default:
                return HdReference.adam(n, 0.01, 0.85, 0.99, 1e-6);
        }
    }

    /** Correlated gradients (a fixed mean plus noise), so alpha moves clearly. */
    static double[][] gradients(long seed, int steps, int n) {
        Random r = new Random(seed);
        double[] mean = new double[n];
        for (int i = 0; i < n; i++) {
            mean[i] = r.nextGaussian();
        }
        double[][] g = new double[steps][n];
        for (int s = 0; s < steps; s++) {
            for (int i = 0; i < n; i++) {
                g[s][i] = mean[i] * (1 - 0.1 * s) + 0.5 * r.nextGaussian();
            }
        }
        return g;
    }

    static void assertClose(double actual, double expected, double rel, String what) {
        assertThat(actual).as(what).isCloseTo(expected, within(rel * Math.max(1e-3, Math.abs(expected))));
    }

    static double maxAbs(double[] x) {
        double m = 0;
        for (double v : x) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void perBlockRuleMatchesReference(HdReference.Kind kind, DataType type) {
        HypergradientUpdater config = config(kind, HypergradientMode.PER_BLOCK);
        // a block of two variables (3 + 4 parameters): the state has one unused trailing value
        INDArray view = Nd4j.create(type, config.stateSize(3) + config.stateSize(4));
        GradientUpdater<?> updater = config.instantiate(view, true);
        HdReference ref = reference(kind, N);
        double rel = type == DataType.DOUBLE ? 1e-12 : 1e-6;
        double[][] gs = gradients(42, STEPS, N);
        for (int s = 0; s < STEPS; s++) {
            INDArray g = Nd4j.createFromArray(gs[s]).castTo(type);
            double[] input = g.toDoubleVector(); // the reference gets the same (rounded) gradient
            updater.applyUpdater(g, s, 0);
            double[] expected = ref.step(input, config.hypergradLr());
            double alpha = ((HypergradientGradientUpdater<?>) updater).alpha();
            assertClose(alpha, ref.alpha, rel, "alpha at step " + s);
            assertClose(view.getDouble(0), ref.alpha, rel, "alpha in the state view at step " + s);
            double scale = maxAbs(expected); // relative to the vector: momentum sums cancel element-wise
            for (int i = 0; i < N; i++) {
                assertThat(g.getDouble(i)).as("update[" + i + "] at step " + s)
                        .isCloseTo(expected[i], within(rel * scale));
                assertThat(view.getDouble(1 + i)).as("prevDir[" + i + "] at step " + s)
                        .isCloseTo(expected[i] / ref.alpha, within(rel * scale / ref.alpha));
            }
        }
        assertThat(Math.abs(ref.alpha - config.alpha0())).as("alpha moved").isGreaterThan(1e-4 * config.alpha0());
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void restoredStateViewContinuesIdentically(HdReference.Kind kind, DataType type) {
        HypergradientUpdater config = config(kind, HypergradientMode.PER_BLOCK);
        double[][] gs = gradients(7, 6, N);
        INDArray view = Nd4j.create(type, config.stateSize(N));
        GradientUpdater<?> a = config.instantiate(view, true);
        for (int s = 0; s < 3; s++) {
            a.applyUpdater(Nd4j.createFromArray(gs[s]).castTo(type), s, 0);
        }
        // DL4J's restore: a fresh updater initialized, then the saved state assigned into the same view
        INDArray saved = view.dup();
        INDArray view2 = Nd4j.create(type, config.stateSize(N));
        GradientUpdater<?> b = config.instantiate(view2, true);
        view2.assign(saved);
        for (int s = 3; s < 6; s++) {
            INDArray ga = Nd4j.createFromArray(gs[s]).castTo(type);
            INDArray gb = ga.dup();
            a.applyUpdater(ga, s, 0);
            b.applyUpdater(gb, s, 0);
            assertThat(gb.toDoubleVector()).containsExactly(ga.toDoubleVector());
        }
        assertThat(view2.toDoubleVector()).containsExactly(view.toDoubleVector());
    }

    @Test
    void zeroHypergradLrIsTheBaseOptimizer() {
        INDArray view = Nd4j.create(DataType.DOUBLE, new SgdnHd(0.1, 0, 0.9).stateSize(N));
        GradientUpdater<?> u = new SgdnHd(0.1, 0, 0.9).instantiate(view, true);
        HdReference ref = HdReference.sgdn(N, 0.1, 0.9);
        for (double[] g : gradients(3, 5, N)) {
            INDArray arr = Nd4j.createFromArray(g);
            u.applyUpdater(arr, 0, 0);
            double[] expected = ref.step(g, 0);
            for (int i = 0; i < N; i++) {
                assertClose(arr.getDouble(i), expected[i], 1e-12, "update");
            }
        }
        assertThat(((HypergradientGradientUpdater<?>) u).alpha()).isEqualTo(0.1);
    }

    @Test
    void stateMapExposesAlphaDirectionAndBaseState() {
        AdamHd config = new AdamHd();
        INDArray view = Nd4j.create(DataType.DOUBLE, config.stateSize(N));
        GradientUpdater<?> u = config.instantiate(view, true);
        assertThat(u.getState()).containsOnlyKeys(HypergradientGradientUpdater.ALPHA_STATE);
        u.applyUpdater(Nd4j.createFromArray(gradients(1, 1, N)[0]), 0, 0);
        assertThat(u.getState()).containsOnlyKeys("alpha", "prevDir", "M", "V");
        assertThat(u.getState().get("M").length()).isEqualTo(N);
        assertThatThrownBy(() -> u.setState(java.util.Map.of("alpha", Nd4j.scalar(1.0)), false))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("exactly the keys [alpha, prevDir, M, V]");
    }

    @Test
    void uninitializedOrTooSmallStateIsALifecycleError() {
        SgdHdUpdater u = new SgdHdUpdater(new SgdHd(0.1, 1e-3, HypergradientMode.PER_BLOCK, "dense0"));
        assertThatThrownBy(() -> u.applyUpdater(Nd4j.ones(3), 0, 0)).isInstanceOf(IllegalStateException.class)
                .hasMessage("SgdHd updater of 'dense0' has not been initialized with view state");
        GradientUpdater<?> small = new SgdHd().instantiate(Nd4j.create(DataType.DOUBLE, 3), true);
        assertThatThrownBy(() -> small.applyUpdater(Nd4j.ones(DataType.DOUBLE, 5), 0, 0))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("gradient of length 5 but a state view of length 3 < 6");
    }
}
