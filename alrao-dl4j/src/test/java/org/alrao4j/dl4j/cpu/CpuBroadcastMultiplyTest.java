package org.alrao4j.dl4j.cpu;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ServiceLoader;

import org.alrao4j.core.AlraoSettings;
import org.alrao4j.core.AlraoUpdater;
import org.alrao4j.core.BaseOptimizer;
import org.alrao4j.core.BroadcastMultiplyProvider;
import org.alrao4j.core.UnitLayout;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.executioner.OpExecutioner;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastMulOp;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.profiler.OpProfiler;
import org.nd4j.linalg.learning.GradientUpdater;

/** The prepared native multiply against ND4J's own broadcast op, and through the Alrao updater. */
class CpuBroadcastMultiplyTest {

    private final CpuBroadcastMultiply provider = new CpuBroadcastMultiply();

    @AfterEach
    void defaultProfilerConfig() {
        Nd4j.getExecutioner().setProfilingMode(OpExecutioner.ProfilingMode.SCOPE_PANIC);
    }

    @Test
    void isTheRegisteredProvider() {
        assertThat(ServiceLoader.load(BroadcastMultiplyProvider.class).stream().map(ServiceLoader.Provider::type))
                .contains(CpuBroadcastMultiply.class);
    }

    /** Views at an offset inside a flat gradient, as the updater passes them, rows and columns, both precisions. */
    @ParameterizedTest
    @CsvSource({"FLOAT,0", "FLOAT,1", "DOUBLE,0", "DOUBLE,1"})
    void equalsNd4jsBroadcastOpBitForBit(DataType type, int dimension) {
        long rows = 7;
        long cols = 13;
        Nd4j.getRandom().setSeed(3);
        INDArray flat = Nd4j.randn(type, 5 + rows * cols);
        INDArray rates = Nd4j.rand(type, dimension == 0 ? new long[] {rows, 1} : new long[] {cols});
        INDArray expected = flat.dup();
        INDArray expectedView = view(expected, rows, cols);
        Nd4j.getExecutioner().exec(new BroadcastMulOp(expectedView, rates, expectedView, dimension));

        Runnable multiply = provider.prepare(view(flat, rows, cols), rates, dimension);
        assertThat(multiply).isNotNull();
        multiply.run();
        assertThat(flat).isEqualTo(expected);
        multiply.run();
        Nd4j.getExecutioner().exec(new BroadcastMulOp(expectedView, rates, expectedView, dimension));
        assertThat(flat).as("second step on the same arrays").isEqualTo(expected);
    }

    @Test
    void nd4jsOpProfilerStillSeesTheMultiply() {
        INDArray target = Nd4j.ones(DataType.FLOAT, 2, 3);
        Runnable multiply = provider.prepare(target, Nd4j.createFromArray(2f, 3f, 4f), 1);
        Nd4j.getExecutioner().setProfilingMode(OpExecutioner.ProfilingMode.OPERATIONS);
        OpProfiler.getInstance().reset();
        multiply.run();
        assertThat(OpProfiler.getInstance().getInvocationsCount()).isEqualTo(1);
        assertThat(target).isEqualTo(Nd4j.createFromArray(new float[][] {{2, 3, 4}, {2, 3, 4}}));
    }

    @Test
    void takesTheNativeCallUnderNd4jsDefaultProfilerConfig() {
        Runnable multiply = provider.prepare(Nd4j.ones(DataType.FLOAT, 2, 3), Nd4j.createFromArray(2f, 3f, 4f), 1);
        assertThat(multiply).isInstanceOf(CpuBroadcastMultiply.Prepared.class);
        assertThat(((CpuBroadcastMultiply.Prepared) multiply).checkedByProfiler()).isFalse();
        Nd4j.getExecutioner().setProfilingMode(OpExecutioner.ProfilingMode.NAN_PANIC);
        assertThat(((CpuBroadcastMultiply.Prepared) multiply).checkedByProfiler()).isTrue();
    }

    @Test
    void declinesArraysItCannotServe() {
        INDArray floats = Nd4j.ones(DataType.FLOAT, 2, 3);
        assertThat(provider.prepare(floats, Nd4j.ones(DataType.DOUBLE, 3), 1)).as("mixed types").isNull();
        assertThat(provider.prepare(Nd4j.ones(DataType.FLOAT, 2, 3, 4), Nd4j.ones(DataType.FLOAT, 4), 2)).as("rank 3")
                .isNull();
        assertThat(provider.prepare(Nd4j.ones(DataType.INT, 2, 3), Nd4j.ones(DataType.INT, 3), 1)).as("integers")
                .isNull();
        assertThat(provider.prepare(floats.dup('f'), Nd4j.ones(DataType.FLOAT, 3), 1)).as("F order").isNull();
    }

    /** The updater's step with the provider in place: element k of unit u is g[k] * rate[u], repeated steps. */
    @Test
    void alraoSgdStepScalesEveryUnitByItsRate() {
        // a convolution: bias (4 units), then W [4, 2, 3, 3] in C order; then 4 units tiled 3 times (each row of a C-order W [3, 4])
        UnitLayout layout = UnitLayout.builder().segment(0, 4, 1, 1).segment(0, 4, 18, 1).segment(4, 4, 1, 3).build();
        double[] rates = {0.5, 1e-3, 2.0, 0.05, 7.0, 0.25, 1e-4, 3.0};
        AlraoUpdater config = AlraoSettings.builder().optimizer(BaseOptimizer.SGD).build()
                .updaterFor(rates, layout, "test");
        GradientUpdater<?> applier = config.instantiate((INDArray) null, true);
        int n = (int) layout.length();
        INDArray gradient = Nd4j.zeros(DataType.FLOAT, 1, n);
        java.util.Random rng = new java.util.Random(5);
        for (int step = 0; step < 3; step++) {
            float[] g = new float[n];
            for (int k = 0; k < n; k++) {
                g[k] = (float) rng.nextGaussian();
            }
            gradient.assign(Nd4j.createFromArray(g).reshape(1, n));
            applier.applyUpdater(gradient, step, 0);
            float[] actual = gradient.toFloatVector();
            for (int k = 0; k < n; k++) {
                assertThat(actual[k]).as("step %d element %d", step, k).isEqualTo(g[k] * (float) rates[unitOf(k)]);
            }
        }
    }

    /** Unit of element k in the layout above: bias 0..3, conv rows of 18, then rows of 4 units. */
    private static int unitOf(int k) {
        if (k < 4) {
            return k;
        }
        if (k < 4 + 72) {
            return (k - 4) / 18;
        }
        return 4 + (k - 76) % 4;
    }

    private static INDArray view(INDArray flat, long rows, long cols) {
        return flat.get(NDArrayIndex.interval(5, 5 + rows * cols)).reshape('c', rows, cols);
    }
}
