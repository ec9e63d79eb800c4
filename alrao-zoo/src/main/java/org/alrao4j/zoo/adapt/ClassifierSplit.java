package org.alrao4j.zoo.adapt;

import java.util.Collections;
import java.util.List;
import java.util.Map;

import org.alrao4j.dl4j.AlraoNetworks;
import org.alrao4j.dl4j.head.AlraoOutputLayer;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * A classifier cut in two: the body (the Alrao paper's "pre-classifier") ending in a flat feature vertex, and the
 * classifier that was removed. Made by {@link ClassifierSplitter} or {@link ZooAdapters}.
 *
 * <ul>
 *   <li>{@link #body()}: the body graph; its only output is {@link #featureVertex()}, activations
 *       {@code [batch, featureSize]} (or {@code [batch, featureSize, time]} for recurrent bodies);</li>
 *   <li>{@link #head(AlraoNetworks)}: the Alrao head for these features, for custom wiring;</li>
 *   <li>{@link #alrao(AlraoNetworks)} / {@link #alraoNetwork(AlraoNetworks)}: the ready Alrao graph (body with
 *       per-unit updaters + head), the network with the source's body parameters when the split was made from a
 *       network;</li>
 *   <li>{@link #classifier(IUpdater)}: the body with one plain softmax classifier, the non-Alrao baseline.</li>
 * </ul>
 */
public final class ClassifierSplit {

    /** Name of the softmax output layer {@link #classifier(IUpdater)} adds. */
    public static final String OUTPUT = "output";

    private final ComputationGraphConfiguration body;
    private final String featureVertex;
    private final long featureSize;
    private final InputType[] inputTypes;
    private final int numClasses;
    private final String classifierVertex;
    private final List<String> removedVertices;
    private final String featureKind;
    private final Map<String, INDArray> sourceParams;

    ClassifierSplit(ComputationGraphConfiguration body, String featureVertex, long featureSize, InputType[] inputTypes,
                    int numClasses, String classifierVertex, List<String> removedVertices, String featureKind,
                    Map<String, INDArray> sourceParams) {
        this.body = body;
        this.featureVertex = featureVertex;
        this.featureSize = featureSize;
        this.inputTypes = inputTypes.clone();
        this.numClasses = numClasses;
        this.classifierVertex = classifierVertex;
        this.removedVertices = List.copyOf(removedVertices);
        this.featureKind = featureKind;
        this.sourceParams = sourceParams == null ? null : Collections.unmodifiableMap(sourceParams);
    }

    /** @return the body configuration (a copy each call); its only output is {@link #featureVertex()} */
    public ComputationGraphConfiguration body() {
        return body.clone();
    }

    /** @return the vertex whose activations are the features the classifiers read */
    public String featureVertex() {
        return featureVertex;
    }

    /** @return number of features (the head's nIn) */
    public long featureSize() {
        return featureSize;
    }

    /** @return the body's input types */
    public InputType[] inputTypes() {
        return inputTypes.clone();
    }

    /** @return number of classes of the removed classifier */
    public int numClasses() {
        return numClasses;
    }

    /** @return the name of the removed classifier layer (the last layer with nOut == numClasses) */
    public String classifierVertex() {
        return classifierVertex;
    }

    /** @return every vertex removed from the source, output first (the classifier and the parameter-free tail) */
    public List<String> removedVertices() {
        return removedVertices;
    }

    /**
     * @return how the feature vertex was made: {@code "flat"} (the classifier read a flat vertex, kept as is),
     *     {@code "global-average-pooling"} (the classifier was convolutional: GAP inserted), {@code "flatten"}
     *     (a dense classifier read a convolutional map: the same flattening inserted) or {@code "recurrent"}
     */
    public String featureKind() {
        return featureKind;
    }

    /** @return whether the split was made from a network, whose body parameters the networks below receive */
    public boolean hasSourceParameters() {
        return sourceParams != null;
    }

    /** @return the initialised body, with the source network's parameters when there is one */
    public ComputationGraph bodyNetwork() {
        ComputationGraph net = new ComputationGraph(body.clone());
        net.init();
        copySourceParameters(net);
        return net;
    }

    /**
     * @param alrao the Alrao converter (settings, number of classifiers)
     * @return the Alrao graph: body with per-unit updaters and the head {@value AlraoNetworks#HEAD_NAME} on
     *     {@link #featureVertex()}
     */
    public ComputationGraphConfiguration alrao(AlraoNetworks alrao) {
        return alrao.withHead(body, featureVertex, numClasses, inputTypes);
    }

    /** @return the head alone (N softmax classifiers + Switch), nIn = {@link #featureSize()}, for custom wiring */
    public AlraoOutputLayer head(AlraoNetworks alrao) {
        LayerVertex v = (LayerVertex) alrao(alrao).getVertices().get(AlraoNetworks.HEAD_NAME);
        return (AlraoOutputLayer) v.getLayerConf().getLayer();
    }

    /**
     * @return the initialised Alrao network; body layers carry the source network's parameters when the split was
     *     made from a network (the head is freshly initialised)
     */
    public ComputationGraph alraoNetwork(AlraoNetworks alrao) {
        ComputationGraph net = new ComputationGraph(alrao(alrao));
        net.init();
        copySourceParameters(net);
        return net;
    }

    /**
     * @param updater the updater of the new classifier layer (body layers keep theirs)
     * @return the plain (non-Alrao) classifier: the body plus one softmax {@code OutputLayer} {@value #OUTPUT}
     *     (an {@code RnnOutputLayer} for recurrent features; negative log-likelihood) on the features;
     *     {@code AlraoNetworks.convert} accepts it
     */
    public ComputationGraphConfiguration classifier(IUpdater updater) {
        if (body.getVertices().containsKey(OUTPUT)) {
            throw new IllegalStateException("the body already has a vertex named '" + OUTPUT + "'; rule: the plain"
                    + " classifier is added as '" + OUTPUT + "'; remedy: use alrao(...) or wire body() yourself");
        }
        ComputationGraphConfiguration copy = body.clone();
        BaseOutputLayer out = "recurrent".equals(featureKind)
                ? new RnnOutputLayer.Builder(LossFunctions.LossFunction.NEGATIVELOGLIKELIHOOD)
                        .activation(Activation.SOFTMAX).nIn(featureSize).nOut(numClasses).updater(updater).name(OUTPUT)
                        .build()
                : new OutputLayer.Builder(LossFunctions.LossFunction.NEGATIVELOGLIKELIHOOD)
                        .activation(Activation.SOFTMAX).nIn(featureSize).nOut(numClasses).updater(updater).name(OUTPUT)
                        .build();
        NeuralNetConfiguration.Builder global = new NeuralNetConfiguration.Builder().updater(updater)
                .cacheMode(copy.getCacheMode());
        if (copy.getDefaultConfiguration() != null) {
            global.seed(copy.getDefaultConfiguration().getSeed());
        }
        copy.getVertices().put(OUTPUT, new LayerVertex(global.layer(out).build(), null));
        copy.getVertexInputs().put(OUTPUT, List.of(featureVertex));
        copy.setNetworkOutputs(List.of(OUTPUT));
        copy.validate(false, false);
        copy.addPreProcessors(true, false, inputTypes);
        return copy;
    }

    private void copySourceParameters(ComputationGraph net) {
        if (sourceParams == null) {
            return;
        }
        for (Map.Entry<String, INDArray> e : sourceParams.entrySet()) {
            Layer layer = net.getLayer(e.getKey());
            if (layer == null || layer.numParams() != e.getValue().length()) {
                throw new IllegalStateException("cannot copy parameters of layer '" + e.getKey() + "' ("
                        + e.getValue().length() + " values) into the new network (layer "
                        + (layer == null ? "missing" : "has " + layer.numParams()) + "); this is a bug, please"
                        + " report it with the source configuration");
            }
            layer.setParams(e.getValue().dup()); // never alias the split's copy
        }
    }

    @Override
    public String toString() {
        return "ClassifierSplit[features=" + featureVertex + " (" + featureSize + ", " + featureKind
                + "), removed=" + removedVertices + ", numClasses=" + numClasses + "]";
    }
}
