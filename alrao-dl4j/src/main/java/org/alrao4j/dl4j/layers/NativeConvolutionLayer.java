package org.alrao4j.dl4j.layers;

import java.util.Arrays;
import java.util.List;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.convolution.ConvolutionLayer;
import org.deeplearning4j.nn.params.ConvolutionParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.util.ConvolutionUtils;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.scalar.RectifiedLinear;
import org.nd4j.linalg.api.ops.impl.scalar.Step;
import org.nd4j.linalg.api.shape.Shape;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Runtime of {@link NativeConvolution}: DL4J's convolution layer with a leaner training path. Same results
 * as DL4J's layer (up to float rounding of a different summation order).
 *
 * <p>Forward: libnd4j's {@code conv2d} (oneDNN on the CPU backend's oneDNN build, as DL4J's helper) into the
 * activations workspace, ReLU in place; in training also {@code mask = step(a)}, the ReLU derivative, kept
 * outside workspaces (DL4J instead copies the pre-activation into its cache and runs {@code relu_bp}, about
 * 0.6 ms on LeNet's first layer against 0.1 ms for the step and the product here).
 *
 * <p>Backward: {@code delta = mask * epsilon} (legacy element-wise ops), then either libnd4j's
 * {@code conv2d_bp} (input, weight and bias gradients, as DL4J's helper) or, when the configuration says the
 * input gradient is not needed, only the parameter gradients:
 * <ul>
 *   <li>{@code dW[o, c, i, j] = sum_{b, y, x} delta[b, o, y, x] * in[b, c, y s + i d, x s + j d]} is itself a
 *       convolution: of the input seen as {@code [c, b, H, W]} (channels and minibatch swapped; a free reshape
 *       for one channel) with {@code delta} seen as weights {@code [o, b, oH, oW]}, stride {@code d} and
 *       dilation {@code s} swapped, same padding; one {@code conv2d} call (0.5 ms on LeNet's first layer
 *       against 2.8 ms for {@code conv2d_bp}, whose input gradient alone is oneDNN's slowest primitive
 *       there). Only for stride 1 outside {@code Same} mode (whose padding may be asymmetric; and a stride
 *       becomes a dilation, for which this oneDNN build creates no primitive): otherwise {@code conv2d_bp} runs
 *       and its input gradient is dropped;</li>
 *   <li>{@code db[o] = sum_{b, y, x} delta[b, o, y, x]}: a matrix-vector product with ones and a sum over the
 *       minibatch (about a quarter of the time of a sum over dimensions 0, 2, 3).</li>
 * </ul>
 * A backward pass reuses the mask of the training forward pass before it when input and parameters are the
 * same arrays (identity, as in a network's {@code fit}); otherwise it runs the forward pass again.
 * Configurations outside the lean path (NHWC, other activations, other data types, dilation other than 1,
 * for which oneDNN refuses the convolution and DL4J's helper falls back to DL4J's own code) run DL4J's code.
 */
public class NativeConvolutionLayer extends ConvolutionLayer {

    private INDArray mask;
    private List<Object> forwardKey;
    private INDArray ones;
    private INDArray rowSums;
    /** Backward passes that had to run the forward pass again (read by tests). */
    int forwardRecomputations;

    /**
     * @param conf     the layer's configuration (its layer is a {@link NativeConvolution})
     * @param dataType the network's data type
     */
    public NativeConvolutionLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    /** @return whether this configuration takes the lean path (otherwise DL4J's own code runs) */
    boolean lean() {
        org.deeplearning4j.nn.conf.layers.ConvolutionLayer c = layerConf();
        return c.getCnn2dDataFormat() == CNN2DFormat.NCHW && (relu() || identity())
                && (dataType == DataType.FLOAT || dataType == DataType.DOUBLE)
                && c.getDilation()[0] == 1 && c.getDilation()[1] == 1;
    }

    private boolean relu() {
        return PlainRelu.is(layerConf().getActivationFn());
    }

    private boolean identity() {
        return layerConf().getActivationFn() instanceof ActivationIdentity;
    }

    private boolean inputGradient() {
        return !(layerConf() instanceof NativeConvolution n) || n.isInputGradient();
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        if (!lean()) {
            return super.activate(training, workspaceMgr);
        }
        if (input == null) {
            throw new IllegalArgumentException("Cannot perform forward pass with null input " + layerId());
        }
        applyDropOutIfNecessary(training, workspaceMgr);
        INDArray[] p = params(training, workspaceMgr);
        Geometry g = geometry();
        INDArray out = forward(p, g, workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, dataType,
                outputShape(g), 'c'), training);
        forwardKey = training ? key(p) : null;
        return out;
    }

    /** conv2d + activation into {@code out}; in training also the ReLU mask. */
    private INDArray forward(INDArray[] p, Geometry g, INDArray out, boolean training) {
        INDArray x = input.castTo(dataType);
        ConvOps.conv2d(x, p[0], hasBias() ? p[1] : null, out, g.kernel, g.stride, g.pad, g.dilation, g.same);
        if (relu()) {
            Nd4j.getExecutioner().exec(new RectifiedLinear(out, out, 0.0));
            if (training) {
                if (mask == null || !Arrays.equals(mask.shape(), out.shape()) || mask.dataType() != dataType) {
                    try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
                        mask = Nd4j.createUninitialized(dataType, out.shape(), 'c');
                    }
                }
                Nd4j.getExecutioner().exec(new Step(out, mask, 0.0));
            }
        }
        return out;
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        if (!lean()) {
            return super.backpropGradient(epsilon, workspaceMgr);
        }
        assertInputSet(true);
        INDArray[] p = params(true, workspaceMgr);
        Geometry g = geometry();
        if (relu() && (forwardKey == null || !forwardKey.equals(key(p)))) {
            forward(p, g, workspaceMgr.createUninitialized(ArrayType.BP_WORKING_MEM, dataType, outputShape(g),
                    'c'), true);
            forwardRecomputations++;
        }
        forwardKey = null;
        INDArray eps = epsilon.castTo(dataType);
        INDArray delta;
        if (relu()) {
            LstmOps.mul(mask, eps, mask);
            delta = mask;
        } else {
            delta = eps.ordering() == 'c' && Shape.hasDefaultStridesForShape(eps) ? eps : eps.dup('c');
        }
        INDArray gW = gradientViews.get(ConvolutionParamInitializer.WEIGHT_KEY);
        INDArray gb = hasBias() ? gradientViews.get(ConvolutionParamInitializer.BIAS_KEY) : null;
        INDArray x = input.castTo(dataType);
        INDArray epsOut = null;
        boolean weightConv = !g.same && g.stride[0] == 1 && g.stride[1] == 1;
        if (inputGradient() || !weightConv) {
            INDArray gI = workspaceMgr.createUninitialized(inputGradient() ? ArrayType.ACTIVATION_GRAD
                    : ArrayType.BP_WORKING_MEM, dataType, x.shape(), 'c');
            ConvOps.conv2dBp(x, p[0], gb == null ? null : p[1], delta, gI, gW, gb, g.kernel, g.stride, g.pad,
                    g.dilation, g.same);
            if (inputGradient()) {
                epsOut = backpropDropOutIfPresent(gI);
            }
        } else {
            ConvOps.weightGradient(x, delta, gW, g.kernel, g.stride, g.pad, g.dilation);
            if (gb != null) {
                biasGradient(delta, gb);
            }
        }
        Gradient ret = new DefaultGradient();
        if (gb != null) {
            ret.setGradientFor(ConvolutionParamInitializer.BIAS_KEY, gb);
        }
        ret.setGradientFor(ConvolutionParamInitializer.WEIGHT_KEY, gW, 'c');
        weightNoiseParams.clear();
        return new Pair<>(ret, epsOut);
    }

    /** {@code gb[o] = sum over b, y, x of delta[b, o, y, x]}: a product with ones, then a sum over b. */
    private void biasGradient(INDArray delta, INDArray gb) {
        long b = delta.size(0);
        long o = delta.size(1);
        long plane = delta.size(2) * delta.size(3);
        if (ones == null || ones.length() != plane || ones.dataType() != dataType) {
            try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
                ones = Nd4j.ones(dataType, plane, 1);
            }
        }
        if (rowSums == null || rowSums.length() != b * o || rowSums.dataType() != dataType) {
            try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
                rowSums = Nd4j.createUninitialized(dataType, new long[] {b * o, 1}, 'c');
            }
        }
        Nd4j.gemm(delta.reshape('c', b * o, plane), ones, rowSums, false, false, 1.0, 0.0);
        rowSums.reshape('c', b, o).sum(gb.reshape(o), 0);
    }

    /** @return weights and bias (with weight noise in training, as DL4J) in the layer's data type */
    private INDArray[] params(boolean training, LayerWorkspaceMgr mgr) {
        INDArray w = getParamWithNoise(ConvolutionParamInitializer.WEIGHT_KEY, training, mgr).castTo(dataType);
        INDArray b = hasBias()
                ? getParamWithNoise(ConvolutionParamInitializer.BIAS_KEY, training, mgr).castTo(dataType) : null;
        return new INDArray[] {w, b};
    }

    /** Identity of what the kept mask depends on (identity, not content: nothing changes them within a fit). */
    private List<Object> key(INDArray[] p) {
        return List.of(new IdentityKey(input), new IdentityKey(p[0]), new IdentityKey(p[1]));
    }


    /** Kernel, stride, top-left padding, dilation and whether the mode is Same, for the current input. */
    private record Geometry(int[] kernel, int[] stride, int[] pad, int[] dilation, boolean same, int[] outSize) {
    }

    private Geometry geometry() {
        validateInputRank();
        org.deeplearning4j.nn.conf.layers.ConvolutionLayer c = layerConf();
        validateInputDepth(c.getNIn());
        int[] kernel = c.getKernelSize();
        int[] stride = c.getStride();
        int[] dilation = c.getDilation();
        boolean same = c.getConvolutionMode() == ConvolutionMode.Same;
        int[] pad;
        int[] outSize;
        if (same) {
            outSize = ConvolutionUtils.getOutputSize(input, kernel, stride, null, c.getConvolutionMode(), dilation,
                    CNN2DFormat.NCHW);
            pad = ConvolutionUtils.getSameModeTopLeftPadding(outSize,
                    new int[] {(int) input.size(2), (int) input.size(3)}, kernel, stride, dilation);
        } else {
            pad = c.getPadding();
            outSize = ConvolutionUtils.getOutputSize(input, kernel, stride, pad, c.getConvolutionMode(), dilation,
                    CNN2DFormat.NCHW);
        }
        return new Geometry(kernel, stride, pad, dilation, same, outSize);
    }

    private long[] outputShape(Geometry g) {
        int[] o = g.outSize;
        return new long[] {input.size(0), layerConf().getNOut(), o[0], o[1]};
    }
}
