package org.alrao4j.dl4j.layers;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The libnd4j operations of {@link NativeConvolutionLayer}, all NCHW with weights {@code [oC, iC, kH, kW]}
 * (libnd4j's weight format 1, DL4J's layout). {@code conv2d} and {@code conv2d_bp} run in oneDNN on the CPU
 * backend's oneDNN build for float data (as DL4J's convolution helper), in libnd4j's own im2col + GEMM code
 * otherwise.
 */
final class ConvOps {

    private ConvOps() {
    }

    /** {@code out = conv(x, w) + b} ({@code b} may be null); {@code pad} is the top-left padding. */
    static void conv2d(INDArray x, INDArray w, INDArray b, INDArray out, int[] kernel, int[] stride, int[] pad,
                       int[] dilation, boolean same) {
        DynamicCustomOp.DynamicCustomOpsBuilder op = DynamicCustomOp.builder("conv2d");
        if (b == null) {
            op.addInputs(x, w);
        } else {
            op.addInputs(x, w, b);
        }
        Nd4j.exec(op.addOutputs(out).addIntegerArguments(args(kernel, stride, pad, dilation, same)).build());
    }

    /** Input, weight and bias gradients of {@link #conv2d} for the output gradient {@code delta}. */
    static void conv2dBp(INDArray x, INDArray w, INDArray b, INDArray delta, INDArray gI, INDArray gW, INDArray gb,
                         int[] kernel, int[] stride, int[] pad, int[] dilation, boolean same) {
        DynamicCustomOp.DynamicCustomOpsBuilder op = DynamicCustomOp.builder("conv2d_bp");
        if (b == null) {
            op.addInputs(x, w, delta).addOutputs(gI, gW);
        } else {
            op.addInputs(x, w, b, delta).addOutputs(gI, gW, gb);
        }
        Nd4j.exec(op.addIntegerArguments(args(kernel, stride, pad, dilation, same)).build());
    }

    /**
     * The weight gradient alone, {@code gW[o, c, i, j] = sum_{b, y, x} delta[b, o, y, x] * xp[b, c, y s + i d,
     * x s + j d]} ({@code xp}: the input with zero padding), as one forward convolution: input {@code x} with
     * minibatch and channels swapped ({@code [C, B, H, W]}), weights {@code delta} with minibatch and channels
     * swapped ({@code [O, B, oH, oW]}), stride and dilation exchanged, same padding. Its output is
     * {@code [C, O, kH', kW']} with {@code kH' >= kH} (more only when the stride leaves input rows unused); the
     * first {@code kH x kW} positions are the gradient. Explicit (symmetric) padding only.
     */
    static void weightGradient(INDArray x, INDArray delta, INDArray gW, int[] kernel, int[] stride, int[] pad,
                               int[] dilation) {
        long c = x.size(1);
        long o = delta.size(1);
        long oH = delta.size(2);
        long oW = delta.size(3);
        int tH = (int) ((x.size(2) + 2L * pad[0] - stride[0] * (oH - 1) - 1) / dilation[0] + 1);
        int tW = (int) ((x.size(3) + 2L * pad[1] - stride[1] * (oW - 1) - 1) / dilation[1] + 1);
        int[] tKernel = {(int) oH, (int) oW};
        INDArray xT = x.permute(1, 0, 2, 3);
        INDArray dT = delta.permute(1, 0, 2, 3);
        if (c == 1 && tH == kernel[0] && tW == kernel[1]) {
            // [O, 1, kH, kW] and [1, O, kH, kW] are the same memory
            conv2d(xT, dT, null, gW.reshape('c', 1, o, kernel[0], kernel[1]), tKernel, dilation, pad, stride, false);
            return;
        }
        INDArray t = Nd4j.createUninitialized(gW.dataType(), c, o, tH, tW);
        conv2d(xT, dT, null, t, tKernel, dilation, pad, stride, false);
        gW.assign(t.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(0, kernel[0]),
                NDArrayIndex.interval(0, kernel[1])).permute(1, 0, 2, 3));
    }

    private static int[] args(int[] kernel, int[] stride, int[] pad, int[] dilation, boolean same) {
        return new int[] {kernel[0], kernel[1], stride[0], stride[1], pad[0], pad[1], dilation[0], dilation[1],
            same ? 1 : 0, 0, 1};
    }
}
