package org.alrao4j.dl4j.layers;

import java.util.Collection;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.LayerValidation;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * DL4J's {@link BatchNormalization} (batch normalization, Ioffe &amp; Szegedy 2015, arXiv:1502.03167: same
 * parameters {@code gamma}, {@code beta}, {@code mean}, {@code log10stdev} or {@code var}, same running-average
 * convention, {@code eps}, {@code decay}, NCHW and NHWC) whose training forward and backward passes run as a
 * dozen large libnd4j operations: per-channel sums as matrix products with vectors of ones and per-channel
 * scaling as row-vector broadcasts (see {@code BatchNormKernels}), instead of DL4J's reductions over dimensions
 * (0, 2, 3) and its oneDNN helper's {@code batchnorm_bp}. It <em>is</em> a {@link BatchNormalization}
 * configuration, so Alrao's unit planner, updaters, JSON and model serialization treat it as one.
 *
 * <p>Build it as DL4J's layer, {@code new NativeBatchNorm.Builder().build()}, convert a built one with
 * {@link #of(BatchNormalization)}, or convert a whole configuration with {@link NativeLayers#convert}. Inputs the fast path
 * does not handle (locked gamma/beta, rank-3 or rank-5 inputs, data types other than float and double) run
 * DL4J's implementation of the same layer, so every configuration DL4J accepts works.
 */
public class NativeBatchNorm extends BatchNormalization {

    /** For Jackson and {@link #of(BatchNormalization)}. */
    public NativeBatchNorm() {
        super();
    }

    /**
     * @param bn a built DL4J batch-normalization configuration
     * @return a NativeBatchNorm with all of its settings (copied field by field)
     */
    public static NativeBatchNorm of(BatchNormalization bn) {
        NativeBatchNorm n = NativeConfigs.copy(bn, new NativeBatchNorm(), BatchNormalization.class);
        return n;
    }

    @Override
    public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> trainingListeners,
                             int layerIndex, INDArray layerParamsView, boolean initializeParams,
                             DataType networkDataType) {
        LayerValidation.assertNOutSet("NativeBatchNorm", getLayerName(), layerIndex, getNOut());
        return NativeConfigs.wire(new NativeBatchNormLayer(conf, networkDataType), this, conf, trainingListeners,
                layerIndex, layerParamsView, initializeParams);
    }

    /** {@link BatchNormalization.Builder} whose {@link #build()} returns a {@link NativeBatchNorm}. */
    public static class Builder extends BatchNormalization.Builder {

        /** @return the NativeBatchNorm configuration */
        @Override
        public NativeBatchNorm build() {
            return of(super.build());
        }
    }
}
