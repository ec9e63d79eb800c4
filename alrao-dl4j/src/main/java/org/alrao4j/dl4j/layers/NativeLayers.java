package org.alrao4j.dl4j.layers;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;

/**
 * Converts a configuration to this package's faster drop-in layers: every DL4J {@link DenseLayer} becomes a
 * {@link NativeDense}, every 2-D {@link ConvolutionLayer} a {@link NativeConvolution} (both skipping the input
 * gradient where the layer is the only consumer of a network input, without a preprocessor: DL4J discards that
 * gradient), every {@link BatchNormalization} a {@link NativeBatchNorm}, every DL4J {@link OutputLayer} a
 * {@link NativeOutput} and every DL4J {@link LSTM} with tanh activation and sigmoid gates a {@link NativeLstm}. Subclasses of those layers and all other layers are kept as they are. Parameters
 * keep their layout, so a network initialised from the converted configuration with the same seed starts from
 * the same weights, and Alrao's conversion applies to it unchanged.
 *
 * <p>One consequence of skipping the unused input gradient: {@code calculateGradients} of a converted network
 * returns a null gradient for the network input when the first layer is dense or a convolution.
 */
public final class NativeLayers {

    private NativeLayers() {
    }

    /**
     * @param conf a graph configuration (not modified)
     * @return a copy whose dense, convolution, batch-norm, output and LSTM layers are the native ones
     */
    public static ComputationGraphConfiguration convert(ComputationGraphConfiguration conf) {
        ComputationGraphConfiguration copy = conf.clone();
        Map<String, Long> consumers = copy.getVertexInputs().values().stream().flatMap(List::stream)
                .collect(Collectors.groupingBy(name -> name, Collectors.counting()));
        for (Map.Entry<String, GraphVertex> e : copy.getVertices().entrySet()) {
            if (e.getValue() instanceof LayerVertex vertex) {
                // DL4J adds the input gradients of a network input's consumers: skipping one needs a sole consumer
                boolean fedByInput = vertex.getPreProcessor() == null && copy.getVertexInputs().get(e.getKey())
                        .stream().allMatch(in -> copy.getNetworkInputs().contains(in) && consumers.get(in) == 1);
                NeuralNetConfiguration layerConf = vertex.getLayerConf();
                layerConf.setLayer(replacement(layerConf.getLayer(), fedByInput));
            }
        }
        return copy;
    }

    /**
     * @param conf a multi-layer configuration (not modified)
     * @return a copy whose dense, convolution, batch-norm, output and LSTM layers are the native ones
     */
    public static MultiLayerConfiguration convert(MultiLayerConfiguration conf) {
        MultiLayerConfiguration copy = conf.clone();
        for (int i = 0; i < copy.getConfs().size(); i++) {
            boolean fedByInput = i == 0 && copy.getInputPreProcess(0) == null;
            NeuralNetConfiguration layerConf = copy.getConf(i);
            layerConf.setLayer(replacement(layerConf.getLayer(), fedByInput));
        }
        return copy;
    }

    /**
     * @param layer      a layer configuration
     * @param fedByInput whether the layer's input is a network input, unchanged
     * @return its native replacement, or the layer itself when there is none
     */
    static Layer replacement(Layer layer, boolean fedByInput) {
        if (layer.getClass() == DenseLayer.class) {
            NativeDense dense = NativeDense.of((DenseLayer) layer);
            dense.setInputGradient(!fedByInput);
            return dense;
        }
        if (layer.getClass() == ConvolutionLayer.class) {
            return NativeConvolution.of((ConvolutionLayer) layer, !fedByInput);
        }
        if (layer.getClass() == BatchNormalization.class) {
            return NativeBatchNorm.of((BatchNormalization) layer);
        }
        if (layer.getClass() == OutputLayer.class) {
            return NativeOutput.of((OutputLayer) layer);
        }
        if (layer.getClass() == LSTM.class && NativeLstm.supports((LSTM) layer)) {
            return NativeLstm.of((LSTM) layer);
        }
        return layer;
    }
}
