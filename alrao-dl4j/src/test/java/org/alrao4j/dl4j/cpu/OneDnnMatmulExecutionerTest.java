package org.alrao4j.dl4j.cpu;

import static org.assertj.core.api.Assertions.assertThat;

import org.alrao4j.dl4j.CpuFastPath;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.blas.params.MMulTranspose;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.reduce.Mmul;
import org.nd4j.linalg.cpu.nativecpu.ops.NativeOpExecutioner;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The transposed product against ND4J's own executioner, for every transpose combination, alpha and beta, in both
 * precisions, into F-order results (including a view into a flat gradient, as DL4J's weight gradients are).
 */
class OneDnnMatmulExecutionerTest {

    private static NativeOpExecutioner plain;
    private static OneDnnMatmulExecutioner transposing;

    /** Second executioners beside ND4J's own, created once ND4J's native library is loaded. */
    @BeforeAll
    static void startNd4jFirst() {
        CpuFastPath.enable();
        plain = new NativeOpExecutioner();
        transposing = new OneDnnMatmulExecutioner();
    }

    @ParameterizedTest
    @CsvSource({"FLOAT,false,false,1,0", "FLOAT,true,false,1,0", "FLOAT,false,true,1,0", "FLOAT,true,true,1,0",
        "FLOAT,true,false,0.5,1", "DOUBLE,false,false,1,0", "DOUBLE,true,false,1,0", "DOUBLE,false,true,2,0.25",
        "DOUBLE,true,true,1,1"})
    void equalsNd4jsProductIntoAnFortranOrderResult(DataType type, boolean transposeA, boolean transposeB,
                                                     double alpha, double beta) {
        Nd4j.getRandom().setSeed(9);
        long m = 37;
        long k = 53;
        long n = 29;
        INDArray a = Nd4j.randn(type, transposeA ? new long[] {k, m} : new long[] {m, k});
        INDArray b = Nd4j.randn(type, transposeB ? new long[] {n, k} : new long[] {k, n}).dup('f');
        INDArray flat = Nd4j.randn(type, 1, 7 + m * n);
        INDArray expectedFlat = flat.dup();
        INDArray z = fortranView(flat, m, n);
        INDArray expected = fortranView(expectedFlat, m, n);
        MMulTranspose mt = MMulTranspose.builder().transposeA(transposeA).transposeB(transposeB).build();

        plain.exec(new Mmul(a, b, expected, alpha, beta, mt));
        Mmul op = new Mmul(a, b, z, alpha, beta, mt);
        assertThat(OneDnnMatmulExecutioner.intoFortranOrder(op)).isTrue();
        INDArray[] out = transposing.exec(op);

        assertThat(out).containsExactly(z);
        double tolerance = type == DataType.FLOAT ? 1e-4 : 1e-12;
        assertThat(flat.equalsWithEps(expectedFlat, tolerance)).as("max diff %s",
                flat.sub(expectedFlat).amax().getDouble(0)).isTrue();
        assertThat(flat.getDouble(0, 3)).as("memory outside the result untouched").isEqualTo(expectedFlat.getDouble(0, 3));
    }

    @Test
    void leavesOtherProductsToNd4j() {
        INDArray a = Nd4j.rand(DataType.FLOAT, 3, 4);
        INDArray b = Nd4j.rand(DataType.FLOAT, 4, 5);
        assertThat(OneDnnMatmulExecutioner.intoFortranOrder(new Mmul(a, b, Nd4j.create(DataType.FLOAT, 3, 5),
                MMulTranspose.allFalse()))).as("C-order result").isFalse();
        INDArray strided = Nd4j.create(DataType.FLOAT, new long[] {6, 5}, 'f').get(NDArrayIndex.interval(0, 3),
                NDArrayIndex.all());
        assertThat(OneDnnMatmulExecutioner.intoFortranOrder(new Mmul(a, b, strided, MMulTranspose.allFalse())))
                .as("non-contiguous result").isFalse();
        assertThat(OneDnnMatmulExecutioner.intoFortranOrder(new Mmul(Nd4j.ones(DataType.INT, 3, 4),
                Nd4j.ones(DataType.INT, 4, 5), Nd4j.create(DataType.INT, new long[] {3, 5}, 'f'),
                MMulTranspose.allFalse()))).as("integers").isFalse();
    }

    /** The test JVM runs with the executioner the fast path installs (surefire sets {@code opexec}). */
    @Test
    void isNd4jsExecutionerUnderTheFastPath() {
        assertThat(CpuFastPath.enable().oneDnnMatmul()).isTrue();
        assertThat(Nd4j.getExecutioner()).isInstanceOf(OneDnnMatmulExecutioner.class);
    }

    private static INDArray fortranView(INDArray flat, long rows, long cols) {
        return flat.get(NDArrayIndex.point(0), NDArrayIndex.interval(7, 7 + rows * cols)).reshape('f', rows, cols);
    }
}
