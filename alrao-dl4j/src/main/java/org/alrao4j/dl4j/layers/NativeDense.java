package org.alrao4j.dl4j.layers;

import java.util.Collection;
import java.util.Objects;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.LayerValidation;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * DL4J's {@link DenseLayer} ({@code y = act(x W + b)}, same parameters {@code W [nIn, nOut]} and
 * {@code b [1, nOut]}, initialisation, dropout, masks) with a leaner runtime, {@link NativeDenseLayer}: the
 * backward pass reuses the pre-activation of the training forward pass instead of recomputing {@code x W + b},
 * every product is computed straight into its destination (no F-order temporary and copy), the bias is added
 * and its gradient summed as rank-one products, and, for a layer whose input is the network's input, the
 * unused input gradient {@code dY W^T} can be skipped ({@link #isInputGradient()}).
 *
 * <p>It <em>is</em> a {@link DenseLayer} configuration, so Alrao's unit planner, updaters, constraints, JSON
 * and model serialization treat it as one. Build it as a dense layer
 * ({@code new NativeDense.Builder().nOut(500).activation(Activation.RELU).build()}) or convert a built one
 * with {@link #of(DenseLayer)}. Layer normalisation and weight noise run DL4J's own code path.
 */
public class NativeDense extends DenseLayer {

    /** Whether backpropagation returns the gradient with respect to the layer's input (DL4J always does). */
    private boolean inputGradient = true;

    /** For Jackson and {@link #of(DenseLayer)}. */
    public NativeDense() {
        super();
    }

    /**
     * @param dense a built DL4J dense layer configuration
     * @return a NativeDense with all of its settings (copied field by field), computing the input gradient
     */
    public static NativeDense of(DenseLayer dense) {
        NativeDense n = NativeConfigs.copy(dense, new NativeDense(), DenseLayer.class);
        return n;
    }

    /**
     * @return true (the default) if backpropagation returns the gradient with respect to the input; false only
     *         for a layer fed directly by the network's input, where DL4J discards that gradient
     */
    public boolean isInputGradient() {
        return inputGradient;
    }

    /**
     * @param inputGradient false to skip the input gradient (backpropagation then returns a null epsilon, which
     *                      DL4J accepts only from a layer fed directly by the network's input, without an input
     *                      preprocessor; {@code NativeLayers} sets it only there)
     */
    public void setInputGradient(boolean inputGradient) {
        this.inputGradient = inputGradient;
    }

    @Override
    public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> trainingListeners,
                             int layerIndex, INDArray layerParamsView, boolean initializeParams,
                             DataType networkDataType) {
        LayerValidation.assertNInNOutSet("NativeDense", getLayerName(), layerIndex, getNIn(), getNOut());
        return NativeConfigs.wire(new NativeDenseLayer(conf, networkDataType), this, conf, trainingListeners,
                layerIndex, layerParamsView, initializeParams);
    }

    @Override
    public NativeDense clone() {
        return (NativeDense) super.clone();
    }

    @Override
    public boolean equals(Object o) {
        return super.equals(o) && o instanceof NativeDense other && inputGradient == other.inputGradient;
    }

    @Override
    public int hashCode() {
        return Objects.hash(super.hashCode(), inputGradient);
    }

    @Override
    public String toString() {
        return "NativeDense(inputGradient=" + inputGradient + ", " + super.toString() + ")";
    }

    /** {@link DenseLayer.Builder} whose {@link #build()} returns a {@link NativeDense}. */
    public static class Builder extends DenseLayer.Builder {

        /** @return the NativeDense configuration */
        @Override
        public NativeDense build() {
            return of(super.build());
        }
    }
}
