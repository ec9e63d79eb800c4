package org.alrao4j.dl4j.layers;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Collection;
import java.util.Map;
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
        NativeOutput n = new NativeOutput();
        for (Class<?> c = OutputLayer.class; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (Modifier.isStatic(f.getModifiers())) {
                    continue;
                }
                try {
                    f.setAccessible(true);
                    f.set(n, f.get(output));
                } catch (ReflectiveOperationException | RuntimeException e) {
                    throw new IllegalStateException("NativeOutput.of: could not copy OutputLayer field "
                            + c.getSimpleName() + "." + f.getName() + " (" + e + "); build the layer with"
                            + " NativeOutput.Builder instead", e);
                }
            }
        }
        return n;
    }

    @Override
    public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> trainingListeners,
                             int layerIndex, INDArray layerParamsView, boolean initializeParams,
                             DataType networkDataType) {
        LayerValidation.assertNInNOutSet("NativeOutput", getLayerName(), layerIndex, getNIn(), getNOut());
        NativeOutputLayer ret = new NativeOutputLayer(conf, networkDataType);
        ret.setListeners(trainingListeners);
        ret.setIndex(layerIndex);
        ret.setParamsViewArray(layerParamsView);
        Map<String, INDArray> paramTable = initializer().init(conf, layerParamsView, initializeParams);
        ret.setParamTable(paramTable);
        ret.setConf(conf);
        return ret;
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
