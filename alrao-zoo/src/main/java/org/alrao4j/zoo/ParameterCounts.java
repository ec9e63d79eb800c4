package org.alrao4j.zoo;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.Layer;

/**
 * Parameter counts of a built configuration (nIn known), computed from the layer initialisers without
 * allocating the network, so even ImageNet-size models are counted in milliseconds.
 *
 * <p>{@link #total} is DL4J's {@code numParams()} after {@code init()}. {@link #trainable} leaves out the running
 * mean and variance that DL4J stores among a {@link BatchNormalization} layer's parameters, which PyTorch keeps as
 * buffers: it is the number the Alrao paper reports (spec 2.4).
 */
public final class ParameterCounts {

    private ParameterCounts() {
    }

    /** @return DL4J's parameter count of the graph, as {@code new ComputationGraph(conf).init(); numParams()} */
    public static long total(ComputationGraphConfiguration conf) {
        long n = 0;
        for (GraphVertex v : conf.getVertices().values()) {
            n += v.numParams(true);
        }
        return n;
    }

    /** @return the graph's trainable parameters: {@link #total} minus batch-norm running statistics */
    public static long trainable(ComputationGraphConfiguration conf) {
        long n = 0;
        for (GraphVertex v : conf.getVertices().values()) {
            n += v.numParams(true);
            if (v instanceof LayerVertex) {
                n -= runningStatistics(((LayerVertex) v).getLayerConf().getLayer());
            }
        }
        return n;
    }

    /** @return DL4J's parameter count of the network */
    public static long total(MultiLayerConfiguration conf) {
        long n = 0;
        for (NeuralNetConfiguration c : conf.getConfs()) {
            n += c.getLayer().initializer().numParams(c);
        }
        return n;
    }

    /** @return the network's trainable parameters: {@link #total} minus batch-norm running statistics */
    public static long trainable(MultiLayerConfiguration conf) {
        long n = total(conf);
        for (NeuralNetConfiguration c : conf.getConfs()) {
            n -= runningStatistics(c.getLayer());
        }
        return n;
    }

    private static long runningStatistics(Layer layer) {
        return layer instanceof BatchNormalization ? 2 * ((BatchNormalization) layer).getNOut() : 0;
    }
}
