package org.alrao4j.zoo;

import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.inputs.InvalidInputTypeException;
import org.deeplearning4j.nn.conf.memory.LayerMemoryReport;
import org.deeplearning4j.nn.conf.memory.MemoryReport;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Parameter-free vertex that multiplies a feature map {@code [b, C, H, W]} (first input) by per-channel weights
 * {@code [b, C, 1, 1]} (second input): the "excitation" of a squeeze-and-excitation block ({@code out * w} in the
 * reference's {@code senet.py}).
 *
 * <p>DL4J's {@code ElementWiseVertex(Product)} already broadcasts at run time (forward and backward), but its
 * configuration-time type check rejects CNN inputs of different spatial sizes; this vertex only relaxes that check
 * and runs DL4J's own element-wise product implementation.
 */
public class ChannelScaleVertex extends GraphVertex {

    private static final long serialVersionUID = 1L;

    /** Creates the vertex; it has no settings. */
    public ChannelScaleVertex() {
    }

    @Override
    public ChannelScaleVertex clone() {
        return new ChannelScaleVertex();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ChannelScaleVertex;
    }

    @Override
    public int hashCode() {
        return ChannelScaleVertex.class.hashCode();
    }

    @Override
    public long numParams(boolean backprop) {
        return 0;
    }

    @Override
    public int minVertexInputs() {
        return 2;
    }

    @Override
    public int maxVertexInputs() {
        return 2;
    }

    @Override
    public org.deeplearning4j.nn.graph.vertex.GraphVertex instantiate(ComputationGraph graph, String name, int idx,
            INDArray paramsView, boolean initializeParams, DataType networkDatatype) {
        return new org.deeplearning4j.nn.graph.vertex.impl.ElementWiseVertex(graph, name, idx,
                org.deeplearning4j.nn.graph.vertex.impl.ElementWiseVertex.Op.Product, networkDatatype);
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType... vertexInputs) throws InvalidInputTypeException {
        if (vertexInputs.length != 2 || !(vertexInputs[0] instanceof InputType.InputTypeConvolutional)
                || !(vertexInputs[1] instanceof InputType.InputTypeConvolutional)) {
            throw new InvalidInputTypeException("ChannelScaleVertex needs two convolutional inputs (feature map"
                    + " [b,C,H,W], channel weights [b,C,1,1]), got " + java.util.Arrays.toString(vertexInputs)
                    + "; produce the weights with GlobalPoolingLayer.collapseDimensions(false) and 1x1 convolutions");
        }
        InputType.InputTypeConvolutional map = (InputType.InputTypeConvolutional) vertexInputs[0];
        InputType.InputTypeConvolutional w = (InputType.InputTypeConvolutional) vertexInputs[1];
        if (w.getChannels() != map.getChannels() || w.getHeight() != 1 || w.getWidth() != 1) {
            throw new InvalidInputTypeException("ChannelScaleVertex: second input must be [b," + map.getChannels()
                    + ",1,1] channel weights for the first input " + map + ", got " + w
                    + "; rule: channels equal, weights 1x1");
        }
        return map;
    }

    @Override
    public MemoryReport getMemoryReport(InputType... inputTypes) {
        return new LayerMemoryReport.Builder(null, ChannelScaleVertex.class, inputTypes[0], inputTypes[0])
                .standardMemory(0, 0).workingMemory(0, 0, 0, 0).cacheMemory(0, 0).build();
    }

    @Override
    public String toString() {
        return "ChannelScaleVertex()";
    }
}
