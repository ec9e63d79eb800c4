package org.alrao4j.core.hypergradient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.Adam;

/**
 * GLOBAL mode with blocks laid out as DL4J lays them out: consecutive views of one updater-state array, applied
 * in order. Checked against a plain-Java global reference: {@code alpha_t = alpha_{t-1} + beta sum_b g_b . d_b}.
 */
class HdGlobalCoordinationTest {

    private static final int[] SIZES = {5, 3, 6};

    private static GradientUpdater<?>[] blocks(HypergradientUpdater config, INDArray root, int[] sizes) {
        GradientUpdater<?>[] blocks = new GradientUpdater<?>[sizes.length];
        long offset = 0;
        for (int b = 0; b < sizes.length; b++) {
            long len = config.stateSize(sizes[b]);
            blocks[b] = config.instantiate(root.get(NDArrayIndex.interval(offset, offset + len)), true);
            offset += len;
        }
        return blocks;
    }

    private static long totalState(HypergradientUpdater config, int[] sizes) {
        long total = 0;
        for (int n : sizes) {
            total += config.stateSize(n);
        }
        return total;
    }

    @ParameterizedTest
    @EnumSource(HdReference.Kind.class)
    void oneAlphaFromTheSumOverBlocksIsAppliedToEveryBlock(HdReference.Kind kind) {
        HypergradientUpdater config = HdUpdaterRulesTest.config(kind, HypergradientMode.GLOBAL);
        INDArray root = Nd4j.create(DataType.DOUBLE, totalState(config, SIZES));
        GradientUpdater<?>[] blocks = blocks(config, root, SIZES);
        HdReference[] refs = new HdReference[SIZES.length];
        double[][][] gs = new double[SIZES.length][][];
        for (int b = 0; b < SIZES.length; b++) {
            refs[b] = HdUpdaterRulesTest.reference(kind, SIZES[b]);
            gs[b] = HdUpdaterRulesTest.gradients(100 + b, 6, SIZES[b]);
        }
        double alpha = config.alpha0();
        for (int s = 0; s < 6; s++) {
            INDArray[] g = new INDArray[SIZES.length];
            double hSum = 0;
            double[][] dirs = new double[SIZES.length][];
            for (int b = 0; b < SIZES.length; b++) {
                g[b] = Nd4j.createFromArray(gs[b][s]);
                blocks[b].applyUpdater(g[b], s, 0);
                hSum += refs[b].hypergradient(gs[b][s]);
                dirs[b] = refs[b].direction(gs[b][s]);
            }
            alpha += config.hypergradLr() * hSum;
            for (int b = 0; b < SIZES.length; b++) {
                assertThat(((HypergradientGradientUpdater<?>) blocks[b]).alpha()).isCloseTo(alpha, within(1e-15));
                for (int i = 0; i < SIZES[b]; i++) {
                    assertThat(g[b].getDouble(i)).as("block %d [%d] step %d", b, i, s)
                            .isCloseTo(alpha * dirs[b][i], within(1e-13));
                }
            }
        }
        assertThat(alpha).isNotCloseTo(config.alpha0(), within(1e-6 * config.alpha0()));
    }

    @Test
    void separateStateArraysCoordinateSeparately() {
        SgdHd config = new SgdHd(0.1, 0.01, HypergradientMode.GLOBAL, null);
        INDArray rootA = Nd4j.create(DataType.DOUBLE, totalState(config, SIZES));
        INDArray rootB = Nd4j.create(DataType.DOUBLE, totalState(config, SIZES));
        GradientUpdater<?>[] a = blocks(config, rootA, SIZES);
        GradientUpdater<?>[] b = blocks(config, rootB, SIZES);
        // interleaved as two networks trained in alternation (or a network and its clone)
        for (int s = 0; s < 4; s++) {
            for (int k = 0; k < SIZES.length; k++) {
                a[k].applyUpdater(Nd4j.ones(DataType.DOUBLE, SIZES[k]), s, 0);
                b[k].applyUpdater(Nd4j.ones(DataType.DOUBLE, SIZES[k]).muli(2), s, 0);
            }
        }
        // h per step: A = 14 (sum of sizes), B = 4 * 14; three steps with a previous direction
        assertThat(rootA.getDouble(0)).isCloseTo(0.1 + 3 * 0.01 * 14, within(1e-12));
        assertThat(rootB.getDouble(0)).isCloseTo(0.1 + 3 * 0.01 * 56, within(1e-12));
    }

    @Test
    void aForeignStatefulBlockInBetweenIsRejectedBeforeTheStep() {
        SgdHd config = new SgdHd(0.1, 0.01, HypergradientMode.GLOBAL, null);
        long l0 = config.stateSize(4);
        long foreign = new Adam().stateSize(4);
        INDArray root = Nd4j.create(DataType.DOUBLE, l0 + foreign + config.stateSize(4));
        GradientUpdater<?> b0 = config.instantiate(root.get(NDArrayIndex.interval(0, l0)), true);
        GradientUpdater<?> b2 = config.instantiate(root.get(NDArrayIndex.interval(l0 + foreign, root.length())), true);
        b0.applyUpdater(Nd4j.ones(DataType.DOUBLE, 4), 0, 0);
        assertThatThrownBy(() -> b2.applyUpdater(Nd4j.ones(DataType.DOUBLE, 4), 0, 0))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("block at state offset " + (l0 + foreign) + " (iteration 0) does not continue")
                .hasMessageContaining("Use HypergradientMode.GLOBAL for every layer with parameters");
    }

    @Test
    void aForeignStatefulBlockAtTheEndIsReportedAtTheNextStep() {
        SgdHd config = new SgdHd(0.1, 0.01, HypergradientMode.GLOBAL, null);
        long l0 = config.stateSize(4);
        INDArray root = Nd4j.create(DataType.DOUBLE, l0 + 8);
        GradientUpdater<?> b0 = config.instantiate(root.get(NDArrayIndex.interval(0, l0)), true);
        INDArray g = Nd4j.ones(DataType.DOUBLE, 4);
        b0.applyUpdater(g, 0, 0);
        assertThat(g.getDouble(0)).as("provisional update with alpha_{t-1}").isEqualTo(0.1);
        assertThatThrownBy(() -> b0.applyUpdater(Nd4j.ones(DataType.DOUBLE, 4), 1, 0))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("the step at iteration 0 never completed")
                .hasMessageContaining("covered only state [0, " + l0 + ") of " + (l0 + 8));
    }

    @Test
    void blocksWithDifferentHypergradLrAreRejected() {
        SgdHd c1 = new SgdHd(0.1, 0.01, HypergradientMode.GLOBAL, null);
        SgdHd c2 = new SgdHd(0.1, 0.02, HypergradientMode.GLOBAL, null);
        INDArray root = Nd4j.create(DataType.DOUBLE, c1.stateSize(3) + c2.stateSize(3));
        GradientUpdater<?> b0 = c1.instantiate(root.get(NDArrayIndex.interval(0, 4)), true);
        GradientUpdater<?> b1 = c2.instantiate(root.get(NDArrayIndex.interval(4, 8)), true);
        b0.applyUpdater(Nd4j.ones(DataType.DOUBLE, 3), 0, 0);
        assertThatThrownBy(() -> b1.applyUpdater(Nd4j.ones(DataType.DOUBLE, 3), 0, 0))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("GLOBAL hypergradient blocks disagree")
                .hasMessageContaining("must share the updater class, alpha0 and hypergradLr");
    }

    @Test
    void anAbortedStepRetriedAtTheSameIterationStartsAfresh() {
        SgdHd config = new SgdHd(0.1, 0.01, HypergradientMode.GLOBAL, null);
        INDArray root = Nd4j.create(DataType.DOUBLE, totalState(config, SIZES));
        GradientUpdater<?>[] blocks = blocks(config, root, SIZES);
        blocks[0].applyUpdater(Nd4j.ones(DataType.DOUBLE, SIZES[0]), 0, 0); // then an exception elsewhere
        for (int k = 0; k < SIZES.length; k++) {
            blocks[k].applyUpdater(Nd4j.ones(DataType.DOUBLE, SIZES[k]), 0, 0);
        }
        // no exception; block 0's direction was already stored by the aborted attempt, so it contributes g . g
        assertThat(root.getDouble(0)).isCloseTo(0.1 + 0.01 * SIZES[0], within(1e-15));
        assertThat(root.getDouble(config.stateSize(SIZES[0]))).isCloseTo(0.1 + 0.01 * SIZES[0], within(1e-15));
    }
}
