package org.alrao4j.dl4j.layers;

import java.util.Collection;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.LayerValidation;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * DL4J's {@link OutputLayer} with a leaner training step for its most common use, a softmax classifier with
 * cross-entropy loss ({@code LossMCXENT} or {@code LossNegativeLogLikelihood}, no class weights, no mask):
 * {@link NativeOutputLayer} computes the pre-output {@code x W + b} and the softmax once per step, with
 * {@code dZ = p - y} as DL4J's loss does, and computes the score that follows from the kept probabilities,
 * where DL4J's output layer computes the pre-output and the softmax once for the gradient and again for the
 * score. Every other combination runs DL4J's own code.
 *
 * <p>It <em>is</em> an {@link OutputLayer} configuration (same parameters, JSON, serialization, Alrao
 * conversion). Build it as one ({@code new NativeOutput.Builder(LossFunction.MCXENT)...build()}) or convert a
 * built one with {@link #of(OutputLayer)}.
 */
public class NativeOutput extends OutputLayer {

    /** For Jackson and {@link #of(OutputLayer)}. */
    public NativeOutput() {
        super();
    }

    /**
     * @param output a built DL4J output layer configuration
     * @return a NativeOutput with all of its settings (copied field by field)
     */
    public static NativeOutput of(OutputLayer output) {
        NativeOutput n = NativeConfigs.copy(output, new NativeOutput(), OutputLayer.class);
        return n;
    }

    @Override
    public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> trainingListeners,
                             int layerIndex, INDArray layerParamsView, boolean initializeParams,
                             DataType networkDataType) {
        LayerValidation.assertNInNOutSet("NativeOutput", getLayerName(), layerIndex, getNIn(), getNOut());
        return NativeConfigs.wire(new NativeOutputLayer(conf, networkDataType), this, conf, trainingListeners,
                layerIndex, layerParamsView, initializeParams);
    }

    /** {@link OutputLayer.Builder} whose {@link #build()} returns a {@link NativeOutput}. */
    public static class Builder extends OutputLayer.Builder {

        /** An output layer with DL4J's default loss (MCXENT). */
        public Builder() {
            super();
        }

        /** @param lossFunction the loss function */
        public Builder(org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction lossFunction) {
            super(lossFunction);
        }

        /** @return the NativeOutput configuration */
        @Override
        public NativeOutput build() {
            return of(super.build());
        }
    }
}
