package org.alrao4j.zoo.adapt;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.graph.PreprocessorVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.objdetect.Yolo2OutputLayer;
import org.deeplearning4j.nn.conf.preprocessor.CnnToFeedForwardPreProcessor;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The generic adapter: splits any single-output classifier into body and classifier.
 *
 * <p>Algorithm: from the network output, walk back through parameter-free vertices (loss layers, softmax
 * activation layers, global pooling, dropout, preprocessor vertices; each must have exactly one input) to the first
 * layer with parameters; that layer must have {@code nOut == numClasses} and is the classifier. Its input is the
 * feature vertex:
 * <ul>
 *   <li>flat ({@code [batch, n]}) or recurrent: used as is;</li>
 *   <li>convolutional, and the classifier is a convolution (Darknet19, SqueezeNet, SimpleCNN: 1x1 conv + global
 *       pooling): a global average pooling {@value #FEATURES} is inserted, the paper's linear classifier on pooled
 *       features;</li>
 *   <li>convolutional, and the classifier is dense (it read the flattened map): the same flattening is inserted as a
 *       {@link PreprocessorVertex} {@value #FEATURES}, so the body outputs exactly what the classifier read.</li>
 * </ul>
 * Everything from the classifier to the output is removed. Detection ({@code Yolo2OutputLayer}), segmentation
 * ({@code CnnLossLayer}) and embedding ({@code CenterLossOutputLayer}) outputs are refused: they are not softmax
 * classifiers over a feature vector.
 *
 * <p>Splitting a network (instead of a configuration) keeps its parameters: {@link ClassifierSplit#bodyNetwork()}
 * and {@link ClassifierSplit#alraoNetwork} start from them.
 */
public final class ClassifierSplitter {

    /** Name of the vertex inserted when the classifier read a convolutional map. */
    public static final String FEATURES = "alrao_features";
    /** Input name of a graph converted from a {@code MultiLayerConfiguration} (layers are named "0".."n-1"). */
    public static final String MLN_INPUT = "in";

    private ClassifierSplitter() {
    }

    /**
     * @param conf       the classifier graph (single output)
     * @param numClasses number of classes; the classifier is the last layer with this nOut
     * @param inputTypes the graph's input types (DL4J does not store them in the configuration)
     * @return the split; the configuration is not modified
     */
    public static ClassifierSplit split(ComputationGraphConfiguration conf, int numClasses, InputType... inputTypes) {
        return split(conf, numClasses, inputTypes, null);
    }

    /** Splits a multi-layer classifier; see {@link #toGraph(MultiLayerConfiguration)} for the vertex names. */
    public static ClassifierSplit split(MultiLayerConfiguration conf, int numClasses, InputType inputType) {
        return split(toGraph(conf), numClasses, new InputType[] {inputType}, null);
    }

    /** Splits an initialised network; the body keeps its parameters. */
    public static ClassifierSplit split(ComputationGraph net, int numClasses, InputType... inputTypes) {
        Map<String, INDArray> params = new LinkedHashMap<>();
        for (org.deeplearning4j.nn.graph.vertex.GraphVertex v : net.getVertices()) {
            if (v.hasLayer() && v.getLayer().numParams() > 0) {
                params.put(v.getVertexName(), v.getLayer().params().dup());
            }
        }
        return split(net.getConfiguration(), numClasses, inputTypes, params);
    }

    /** Splits an initialised multi-layer network; the body keeps its parameters (layers named "0".."n-1"). */
    public static ClassifierSplit split(MultiLayerNetwork net, int numClasses, InputType inputType) {
        Map<String, INDArray> params = new LinkedHashMap<>();
        for (int i = 0; i < net.getnLayers(); i++) {
            if (net.getLayer(i).numParams() > 0) {
                params.put(String.valueOf(i), net.getLayer(i).params().dup());
            }
        }
        return split(toGraph(net.getLayerWiseConfigurations()), numClasses, new InputType[] {inputType}, params);
    }

    /**
     * The graph form of a multi-layer configuration, as DL4J's {@code MultiLayerNetwork.toComputationGraph()}
     * names it (input {@value #MLN_INPUT}, layer i named {@code "i"}, same parameter order) but without
     * allocating a network; every layer keeps its own configuration and preprocessor.
     */
    public static ComputationGraphConfiguration toGraph(MultiLayerConfiguration conf) {
        List<NeuralNetConfiguration> confs = conf.getConfs();
        if (confs.isEmpty()) {
            throw new IllegalArgumentException("MultiLayerConfiguration has no layers; rule: a classifier to split"
                    + " has at least its output layer; remedy: add the layers before converting");
        }
        // the graph's default configuration seeds parameter initialisation (ComputationGraph.init), as layer 0's
        // does for a MultiLayerNetwork; without it the builder's default, the current time, would be used
        ComputationGraphConfiguration.GraphBuilder b = new NeuralNetConfiguration.Builder().seed(confs.get(0).getSeed())
                .dataType(conf.getDataType()).cacheMode(conf.getCacheMode())
                .trainingWorkspaceMode(conf.getTrainingWorkspaceMode())
                .inferenceWorkspaceMode(conf.getInferenceWorkspaceMode()).graphBuilder()
                .backpropType(conf.getBackpropType()).tBPTTForwardLength(conf.getTbpttFwdLength())
                .tBPTTBackwardLength(conf.getTbpttBackLength()).addInputs(MLN_INPUT);
        String previous = MLN_INPUT;
        for (int i = 0; i < confs.size(); i++) {
            b.addLayer(String.valueOf(i), confs.get(i).getLayer().clone(), conf.getInputPreProcess(i), previous);
            previous = String.valueOf(i);
        }
        ComputationGraphConfiguration graph = b.setOutputs(previous).build();
        for (int i = 0; i < confs.size(); i++) {
            LayerVertex v = (LayerVertex) graph.getVertices().get(String.valueOf(i));
            NeuralNetConfiguration c = confs.get(i).clone();
            c.getLayer().setLayerName(String.valueOf(i));
            graph.getVertices().put(String.valueOf(i), new LayerVertex(c, v.getPreProcessor()));
        }
        return graph;
    }

    static ClassifierSplit split(ComputationGraphConfiguration source, int numClasses, InputType[] inputTypes,
                                 Map<String, INDArray> params) {
        if (numClasses < 1) {
            throw new IllegalArgumentException("numClasses=" + numClasses + "; rule: >= 1 (the classifier's nOut)");
        }
        if (inputTypes == null || inputTypes.length != source.getNetworkInputs().size()) {
            throw new IllegalArgumentException("inputTypes=" + Arrays.toString(inputTypes) + " but the graph has"
                    + " inputs " + source.getNetworkInputs() + "; rule: one InputType per network input");
        }
        if (source.getNetworkOutputs().size() != 1) {
            throw new IllegalArgumentException("the graph has outputs " + source.getNetworkOutputs() + "; rule: a"
                    + " classifier has one output; remedy: build a single-output body and use"
                    + " AlraoNetworks.withHead(body, featureVertex, numClasses, inputTypes)");
        }
        ComputationGraphConfiguration conf = source.clone();
        conf.setTopologicalOrder(null); // cached by ComputationGraph.init(); stale once vertices change
        conf.setTopologicalOrderStr(null);
        Map<String, InputType> types;
        try {
            types = conf.clone().getLayerActivationTypes(true, false, inputTypes);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("cannot compute the activation sizes of the graph for input types "
                    + Arrays.toString(inputTypes) + " (" + e.getMessage() + "); rule: the configuration must be valid"
                    + " for these input sizes; remedy: use an input size the model supports", e);
        }
        List<String> removed = new ArrayList<>();
        String current = conf.getNetworkOutputs().get(0);
        String classifier = null;
        while (classifier == null) {
            if (conf.getNetworkInputs().contains(current)) {
                throw new IllegalArgumentException("walked back from the output " + removed + " to the network input '"
                        + current + "' without finding a layer with parameters and nOut=" + numClasses + "; rule: a"
                        + " classifier ends in a layer whose nOut is the number of classes; remedy: check numClasses");
            }
            GraphVertex vertex = conf.getVertices().get(current);
            refuseNonClassifier(current, vertex);
            List<String> inputs = conf.getVertexInputs().get(current);
            long numParams = vertex.numParams(true);
            if (numParams > 0) {
                Layer layer = vertex instanceof LayerVertex ? ((LayerVertex) vertex).getLayerConf().getLayer() : null;
                long nOut = layer instanceof FeedForwardLayer ? ((FeedForwardLayer) layer).getNOut() : -1;
                if (nOut != numClasses) {
                    throw new IllegalArgumentException("walking back from the output through " + removed + ", the"
                            + " first vertex with parameters is '" + current + "' (" + describe(vertex) + ", nOut="
                            + nOut + "), not a classifier with nOut=numClasses=" + numClasses + "; rule: only"
                            + " parameter-free vertices may follow the classifier; remedy: check numClasses, or cut"
                            + " the graph yourself and use AlraoNetworks.withHead(body, featureVertex, ...)");
                }
                classifier = current;
            }
            if (inputs == null || inputs.size() != 1) {
                throw new IllegalArgumentException("vertex '" + current + "' (" + describe(vertex) + ") has inputs "
                        + inputs + "; rule: the classifier and the vertices after it must have exactly one input;"
                        + " remedy: cut the graph yourself and use AlraoNetworks.withHead(body, featureVertex, ...)");
            }
            removed.add(current);
            current = inputs.get(0);
        }
        String feature = current;
        for (String name : removed) {
            conf.getVertices().remove(name);
            conf.getVertexInputs().remove(name);
        }
        conf.getVertexInputs().forEach((name, inputs) -> {
            for (String r : removed) {
                if (inputs.contains(r)) {
                    throw new IllegalArgumentException("vertex '" + name + "' reads '" + r + "', which is part of the"
                            + " classifier tail " + removed + "; rule: the tail may only feed the output; remedy:"
                            + " cut the graph yourself and use AlraoNetworks.withHead(body, featureVertex, ...)");
                }
            }
        });
        if (params != null) {
            removed.forEach(params::remove);
        }
        InputType featureType = types.get(feature);
        Layer classifierLayer = ((LayerVertex) source.getVertices().get(classifier)).getLayerConf().getLayer();
        String kind;
        long size;
        String output = feature;
        switch (featureType.getType()) {
            case FF:
                kind = "flat";
                size = featureType.arrayElementsPerExample();
                break;
            case RNN:
                kind = "recurrent";
                size = ((InputType.InputTypeRecurrent) featureType).getSize();
                break;
            case CNNFlat:
                kind = "flat";
                size = featureType.arrayElementsPerExample();
                break;
            case CNN:
                InputType.InputTypeConvolutional cnn = (InputType.InputTypeConvolutional) featureType;
                if (classifierLayer instanceof ConvolutionLayer) {
                    kind = "global-average-pooling";
                    size = cnn.getChannels();
                    conf.getVertices().put(FEATURES, new LayerVertex(layerConf(conf, feature,
                            new GlobalPoolingLayer.Builder(PoolingType.AVG).name(FEATURES).build()), null));
                } else {
                    kind = "flatten";
                    size = cnn.arrayElementsPerExample();
                    InputPreProcessor flatten = ((LayerVertex) source.getVertices().get(classifier)).getPreProcessor();
                    if (flatten == null) {
                        flatten = new CnnToFeedForwardPreProcessor(cnn.getHeight(), cnn.getWidth(), cnn.getChannels(),
                                cnn.getFormat());
                    }
                    conf.getVertices().put(FEATURES, new PreprocessorVertex(flatten.clone()));
                }
                conf.getVertexInputs().put(FEATURES, List.of(feature));
                output = FEATURES;
                break;
            default:
                throw new IllegalArgumentException("the classifier '" + classifier + "' reads '" + feature + "' of type "
                        + featureType + "; rule: features must be flat, recurrent or 2-D convolutional; remedy: cut"
                        + " the graph yourself and use AlraoNetworks.withHead(body, featureVertex, ...)");
        }
        conf.setNetworkOutputs(List.of(output));
        conf.validate(false, false);
        conf.addPreProcessors(true, false, inputTypes);
        return new ClassifierSplit(conf, output, size, inputTypes, numClasses, classifier, removed, kind, params);
    }

    /** A global pooling layer configured like its neighbours (cache and workspace modes come from the graph). */
    private static NeuralNetConfiguration layerConf(ComputationGraphConfiguration conf, String neighbour,
                                                    Layer layer) {
        GraphVertex v = conf.getVertices().get(neighbour);
        NeuralNetConfiguration.Builder b = new NeuralNetConfiguration.Builder();
        if (v instanceof LayerVertex) {
            b.seed(((LayerVertex) v).getLayerConf().getSeed());
        }
        return b.layer(layer).build();
    }

    private static void refuseNonClassifier(String name, GraphVertex vertex) {
        if (!(vertex instanceof LayerVertex)) {
            return;
        }
        Layer layer = ((LayerVertex) vertex).getLayerConf().getLayer();
        String type = layer.getClass().getSimpleName();
        String reason = null;
        if (layer instanceof Yolo2OutputLayer) {
            reason = "a detection model (Yolo2OutputLayer predicts boxes per grid cell, not one class per example)";
        } else if ("CnnLossLayer".equals(type)) {
            reason = "a segmentation model (CnnLossLayer predicts a class per pixel, not one per example)";
        } else if ("CenterLossOutputLayer".equals(type)) {
            reason = "an embedding model (CenterLossOutputLayer trains embeddings with center loss)";
        }
        if (reason != null) {
            throw new IllegalArgumentException("output vertex '" + name + "' (" + type + ") makes this " + reason
                    + "; rule: Alrao's head replaces a softmax classifier over one feature vector per example;"
                    + " remedy: put a head on a feature vertex yourself with AlraoNetworks.withHead(body,"
                    + " featureVertex, numClasses, inputTypes) if you want a classifier on these features");
        }
    }

    private static String describe(GraphVertex vertex) {
        return vertex instanceof LayerVertex
                ? ((LayerVertex) vertex).getLayerConf().getLayer().getClass().getSimpleName()
                : vertex.getClass().getSimpleName();
    }
}
