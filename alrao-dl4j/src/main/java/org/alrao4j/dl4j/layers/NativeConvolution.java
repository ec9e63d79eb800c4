package org.alrao4j.dl4j.layers;

import java.util.Collection;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.LayerValidation;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * DL4J's 2-D {@link ConvolutionLayer} (same parameters {@code b [nOut]}, {@code W [nOut, nIn, kH, kW]}, same
 * initialisation, modes, strides, padding, dilation) whose runtime, {@link NativeConvolutionLayer}, spends
 * less time per training step: the ReLU derivative is kept as a 0/1 mask from the forward pass instead of a
 * copy of the pre-activation and {@code relu_bp}, and, when {@link #isInputGradient() inputGradient} is
 * false, the backward pass computes only the weight and bias gradients, skipping the gradient with respect
 * to the layer's input (oneDNN's {@code backward_data}, the most expensive primitive of LeNet's first layer).
 * It <em>is</em> a {@code ConvolutionLayer} configuration, so Alrao's unit planner, updaters, JSON and model
 * serialization treat it as one.
 *
 * <p>{@code inputGradient(false)} is for a layer whose input is a network input that feeds no other vertex
 * and has no input preprocessor (4-D {@code InputType.convolutional} data): its backward pass then returns a
 * {@code null} input gradient, as DL4J's {@code EmbeddingLayer} does, which DL4J's {@code fit} discards. A
 * network's {@code backpropGradient(...)} then has no gradient for that input, and a preprocessor in front of
 * the layer would fail on the {@code null}. The default, {@code true}, returns the input gradient as DL4J does.
 *
 * <p>Only NCHW data, ReLU (plain: no threshold, slope or maximum) or identity activations, dilation 1 and
 * float or double data take the lean path (and the input gradient is skipped outright only for stride 1 and
 * a mode other than {@code Same}; otherwise it is computed and dropped); any other configuration runs DL4J's own convolution code unchanged (and then
 * returns its input gradient whatever {@code inputGradient} says).
 */
public class NativeConvolution extends ConvolutionLayer {

    /** Whether the backward pass returns the gradient with respect to the layer input (DL4J always does). */
    protected boolean inputGradient = true;

    /** For Jackson and {@link #of(ConvolutionLayer, boolean)}. */
    public NativeConvolution() {
        super();
    }

    /**
     * @param conv          a built DL4J 2-D convolution configuration (exactly {@code ConvolutionLayer} or
     *                      {@code Convolution2D}, whose fields are copied)
     * @param inputGradient false to skip the input gradient (see the class comment for when that is safe)
     * @return a NativeConvolution with all of its settings
     * @throws IllegalArgumentException for a subclass of ConvolutionLayer with other semantics (1-D, 3-D,
     *                                  depthwise, separable, deconvolution)
     */
    public static NativeConvolution of(ConvolutionLayer conv, boolean inputGradient) {
        String type = conv.getClass().getSimpleName();
        if (!type.equals("ConvolutionLayer") && !type.equals("Convolution2D") && !(conv instanceof NativeConvolution)) {
            throw new IllegalArgumentException("NativeConvolution.of: layer '" + conv.getLayerName() + "' is a "
                    + type + "; only a 2-D ConvolutionLayer / Convolution2D can become a NativeConvolution,"
                    + " keep the " + type + " as it is");
        }
        NativeConvolution n = NativeConfigs.copy(conv, new NativeConvolution(), ConvolutionLayer.class);
        n.inputGradient = inputGradient;
        return n;
    }

    /** @return whether the backward pass returns the gradient with respect to the layer's input */
    public boolean isInputGradient() {
        return inputGradient;
    }

    /** @param inputGradient false to skip the input gradient (see the class comment) */
    public void setInputGradient(boolean inputGradient) {
        this.inputGradient = inputGradient;
    }

    @Override
    public NativeConvolution clone() {
        return (NativeConvolution) super.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NativeConvolution n && super.equals(o) && n.inputGradient == inputGradient;
    }

    @Override
    public int hashCode() {
        return 31 * super.hashCode() + Boolean.hashCode(inputGradient);
    }

    @Override
    public String toString() {
        return "NativeConvolution(inputGradient=" + inputGradient + ", " + super.toString() + ")";
    }

    @Override
    public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> trainingListeners,
                             int layerIndex, INDArray layerParamsView, boolean initializeParams,
                             DataType networkDataType) {
        LayerValidation.assertNInNOutSet("NativeConvolution", getLayerName(), layerIndex, getNIn(), getNOut());
        return NativeConfigs.wire(new NativeConvolutionLayer(conf, networkDataType), this, conf, trainingListeners,
                layerIndex, layerParamsView, initializeParams);
    }

    /** {@link ConvolutionLayer.Builder} whose {@link #build()} returns a {@link NativeConvolution}. */
    public static class Builder extends ConvolutionLayer.Builder {

        private boolean inputGradient = true;

        /** @param kernelSize kernel height and width */
        public Builder(int... kernelSize) {
            super(kernelSize);
        }

        /** Kernel, stride and padding as {@code ConvolutionLayer.Builder(int[], int[], int[])}. */
        public Builder(int[] kernelSize, int[] stride, int[] padding) {
            super(kernelSize, stride, padding);
        }

        /**
         * @param inputGradient false on a layer whose input is a network input feeding nothing else and
         *                      having no preprocessor: the backward pass then skips the input gradient
         * @return this builder
         */
        public Builder inputGradient(boolean inputGradient) {
            this.inputGradient = inputGradient;
            return this;
        }

        /** @return the NativeConvolution configuration */
        @Override
        public NativeConvolution build() {
            return of(super.build(), inputGradient);
        }
    }
}
