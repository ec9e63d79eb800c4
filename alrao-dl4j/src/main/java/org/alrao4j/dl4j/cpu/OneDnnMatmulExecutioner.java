package org.alrao4j.dl4j.cpu;

import org.nd4j.linalg.api.blas.params.MMulTranspose;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.CustomOp;
import org.nd4j.linalg.api.ops.impl.reduce.Mmul;
import org.nd4j.linalg.api.shape.Shape;
import org.nd4j.linalg.cpu.nativecpu.ops.NativeOpExecutioner;

/**
 * ND4J's CPU op executioner with one change: a matrix product into a Fortran-order result runs as the transposed
 * product into the same memory seen in C order, {@code Z^T = op(B)^T op(A)^T}, so libnd4j hands it to oneDNN.
 *
 * <p>libnd4j M2.1 sends a {@code matmul} whose output is F-order to OpenBLAS and one whose output is C-order to
 * oneDNN. DL4J computes most of its products into F-order arrays (every dense and output layer's weight gradient
 * and input gradient, {@code INDArray.mmuli}'s results), and the fast path gives OpenBLAS a single thread so that
 * it does not fight libnd4j's OpenMP threads. Measured on the 2-core benchmark machine for the
 * {@code [64, 784] x [784, 500]} products of an MLP step (docs/performance.md): OpenBLAS 480-540 us (it also picks
 * its Haswell kernels on AVX-512 AMD CPUs), oneDNN on libnd4j's two OpenMP threads 143-200 us. The transposed
 * product is the same mathematics on the same memory; only the summation order inside the kernel differs.
 *
 * <p>{@link org.alrao4j.dl4j.CpuFastPath#enable()} installs it (ND4J system property {@code opexec}) when the CPU
 * backend is the one in use; it can also be named directly:
 * {@code -Dopexec=org.alrao4j.dl4j.cpu.OneDnnMatmulExecutioner}.
 */
public class OneDnnMatmulExecutioner extends NativeOpExecutioner {

    /** Used by ND4J when it starts its backend. */
    public OneDnnMatmulExecutioner() {
        super();
    }

    @Override
    public INDArray[] exec(CustomOp op) {
        if (op instanceof Mmul && intoFortranOrder((Mmul) op)) {
            super.exec(transposedProblem((Mmul) op));
            return op.outputArguments().toArray(new INDArray[0]);
        }
        return super.exec(op);
    }

    /** True for a plain 2-D product of floating-point matrices into a contiguous F-order result. */
    static boolean intoFortranOrder(Mmul op) {
        if (op.numInputArguments() != 2 || op.numOutputArguments() != 1 || op.numIArguments() > 3
                || op.numIArguments() == 3 && op.iArgs()[2] != 0 || op.numTArguments() > 2) {
            return false;
        }
        INDArray a = op.getInputArgument(0);
        INDArray b = op.getInputArgument(1);
        INDArray z = op.getOutputArgument(0);
        return z.rank() == 2 && a.rank() == 2 && b.rank() == 2 && z.ordering() == 'f' && z.length() > 1
                && z.dataType().isFPType() && a.dataType() == z.dataType() && b.dataType() == z.dataType()
                && Shape.hasDefaultStridesForShape(z) && !z.isEmpty();
    }

    /**
     * {@code Z = alpha op(A) op(B) + beta Z} as {@code Z^T = alpha op'(B) op'(A) + beta Z^T}, where op' flips the
     * transpose flag, written through {@code Z.transpose()}: the same memory, in C order.
     */
    static Mmul transposedProblem(Mmul op) {
        long[] i = op.iArgs();
        double[] t = op.tArgs();
        boolean transposeA = i.length > 0 && i[0] != 0;
        boolean transposeB = i.length > 1 && i[1] != 0;
        double alpha = t.length > 0 ? t[0] : 1.0;
        double beta = t.length > 1 ? t[1] : 0.0;
        MMulTranspose flipped = MMulTranspose.builder().transposeA(!transposeB).transposeB(!transposeA).build();
        return new Mmul(op.getInputArgument(1), op.getInputArgument(0), op.getOutputArgument(0).transpose(), alpha,
                beta, flipped);
    }
}
