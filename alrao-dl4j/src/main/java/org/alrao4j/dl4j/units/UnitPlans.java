package org.alrao4j.dl4j.units;

import java.util.Set;

import org.alrao4j.core.RecurrentRateSharing;
import org.alrao4j.dl4j.layers.NativeConvolution;
import org.alrao4j.dl4j.layers.NativeDense;
import org.alrao4j.dl4j.layers.NativeOutput;
import org.alrao4j.dl4j.layers.NativeBatchNorm;
import org.alrao4j.dl4j.layers.NativeLstm;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.Convolution1D;
import org.deeplearning4j.nn.conf.layers.Convolution1DLayer;
import org.deeplearning4j.nn.conf.layers.Convolution2D;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.Deconvolution2D;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DepthwiseConvolution2D;
import org.deeplearning4j.nn.conf.layers.EmbeddingLayer;
import org.deeplearning4j.nn.conf.layers.EmbeddingSequenceLayer;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.conf.layers.SeparableConvolution2D;
import org.deeplearning4j.nn.conf.layers.misc.FrozenLayer;
import org.deeplearning4j.nn.conf.layers.misc.FrozenLayerWithBackprop;
import org.deeplearning4j.nn.conf.layers.recurrent.SimpleRnn;
import org.deeplearning4j.nn.conf.layers.wrapper.BaseWrapperLayer;

/** Finds the {@link UnitPlan} of a DL4J layer configuration. */
public final class UnitPlans {

    /** The layer types with a unit layout, by exact class (subclasses may lay out parameters differently). */
    private static final Set<Class<?>> DENSE_LIKE = Set.of(DenseLayer.class, NativeDense.class, OutputLayer.class,
            NativeOutput.class, RnnOutputLayer.class, EmbeddingLayer.class, EmbeddingSequenceLayer.class);
    private static final Set<Class<?>> PLAIN_CONVOLUTION = Set.of(ConvolutionLayer.class, Convolution2D.class,
            Convolution1DLayer.class, Convolution1D.class, NativeConvolution.class);
    private static final String SUPPORTED = "DenseLayer, NativeDense, OutputLayer, NativeOutput, RnnOutputLayer,"
            + " EmbeddingLayer, EmbeddingSequenceLayer, ConvolutionLayer, NativeConvolution, Convolution1D,"
            + " Deconvolution2D, DepthwiseConvolution2D, SeparableConvolution2D, BatchNormalization, NativeBatchNorm,"
            + " LSTM, NativeLstm, SimpleRnn (also inside LastTimeStep, TimeDistributed or MaskZeroLayer)";

    private UnitPlans() {
    }

    /**
     * @return the layer whose updaters Alrao sets: the layer itself, or the layer a wrapper such as
     *     {@code LastTimeStep} wraps; {@code null} for a frozen layer, which keeps its own updater
     */
    public static Layer trainableLayer(Layer layer) {
        if (layer instanceof FrozenLayer || layer instanceof FrozenLayerWithBackprop) {
            return null;
        }
        if (layer instanceof BaseWrapperLayer) {
            return trainableLayer(((BaseWrapperLayer) layer).getUnderlying());
        }
        return layer;
    }

    /**
     * @param layerName the layer's name, for messages
     * @param layer     the (unwrapped, see {@link #trainableLayer}) layer configuration, with nIn set
     * @param sharing   how recurrent layers share rates
     * @return the layer's plan, or {@code null} when it has no trainable parameters
     * @throws IllegalArgumentException for a layer with parameters but no known unit layout
     * @throws IllegalStateException    when nIn is not known yet
     */
    public static UnitPlan planFor(String layerName, Layer layer, RecurrentRateSharing sharing) {
        long numParams = layer.initializer().numParams(layer);
        if (numParams == 0) {
            return null;
        }
        requireInputSize(layerName, layer);
        UnitPlan plan = dispatch(layerName, layer, sharing);
        if (plan != null) {
            checkCovers(layerName, layer, plan, numParams);
        }
        return plan;
    }

    private static UnitPlan dispatch(String layerName, Layer layer, RecurrentRateSharing sharing) {
        Class<?> type = layer.getClass();
        if (DENSE_LIKE.contains(type)) {
            return FeedForwardUnits.denseLike((FeedForwardLayer) layer);
        }
        if (type == BatchNormalization.class || type == NativeBatchNorm.class) {
            // NativeBatchNorm keeps DL4J's batch-norm parameter layout
            return FeedForwardUnits.batchNorm((BatchNormalization) layer);
        }
        if (PLAIN_CONVOLUTION.contains(type)) {
            return ConvolutionUnits.convolution((ConvolutionLayer) layer);
        }
        if (type == Deconvolution2D.class) {
            return ConvolutionUnits.deconvolution((Deconvolution2D) layer);
        }
        if (type == DepthwiseConvolution2D.class) {
            return ConvolutionUnits.depthwise((DepthwiseConvolution2D) layer);
        }
        if (type == SeparableConvolution2D.class) {
            return ConvolutionUnits.separable((SeparableConvolution2D) layer);
        }
        if (type == LSTM.class || type == NativeLstm.class) {
            // NativeLstm keeps DL4J's LSTM parameter layout
            return RecurrentUnits.lstm((LSTM) layer, sharing);
        }
        if (type == SimpleRnn.class) {
            return RecurrentUnits.simpleRnn((SimpleRnn) layer, sharing);
        }
        throw new IllegalArgumentException("Layer '" + layerName + "' of type " + type.getSimpleName()
                + " has parameters but Alrao has no unit layout for it. Supported: " + SUPPORTED + ". Exclude it"
                + " with AlraoInstaller.excluding(\"" + layerName + "\") to keep its own updater, or replace it"
                + " with a supported layer.");
    }

    private static void requireInputSize(String layerName, Layer layer) {
        if (layer instanceof FeedForwardLayer && ((FeedForwardLayer) layer).getNIn() <= 0) {
            throw new IllegalStateException("Layer '" + layerName + "' (" + layer.getClass().getSimpleName()
                    + ") has nIn=" + ((FeedForwardLayer) layer).getNIn() + ", so its units cannot be laid out yet."
                    + " Build the configuration with setInputType(...)/setInputTypes(...) or set nIn explicitly"
                    + " before installing Alrao.");
        }
        if (!(layer instanceof BaseLayer)) {
            throw new IllegalArgumentException("Layer '" + layerName + "' of type " + layer.getClass().getSimpleName()
                    + " does not take an updater configuration; supported: " + SUPPORTED);
        }
    }

    /** Guards against a DL4J parameter layout that differs from the one the plan assumes. */
    private static void checkCovers(String layerName, Layer layer, UnitPlan plan, long numParams) {
        long untrained = layer instanceof BatchNormalization ? 2 * ((BatchNormalization) layer).getNOut() : 0;
        if (plan.layout().length() + untrained != numParams) {
            throw new IllegalStateException("Alrao unit layout of layer '" + layerName + "' ("
                    + layer.getClass().getSimpleName() + ") covers " + plan.layout().length() + " parameters but the"
                    + " layer has " + numParams + " (" + untrained + " untrained). Please report this with the"
                    + " layer's configuration; exclude the layer meanwhile.");
        }
    }
}
