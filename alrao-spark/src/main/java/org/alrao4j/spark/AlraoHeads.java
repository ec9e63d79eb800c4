package org.alrao4j.spark;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.alrao4j.dl4j.head.AlraoOutputLayer;
import org.alrao4j.dl4j.head.AlraoOutputLayerRuntime;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/** The Alrao heads of a network, with their configurations; MultiLayerNetwork and ComputationGraph alike. */
final class AlraoHeads {

    private AlraoHeads() {
    }

    /** @return the network's Alrao head layers, by layer name, in layer order */
    static Map<String, AlraoOutputLayerRuntime> of(Model model) {
        Map<String, AlraoOutputLayerRuntime> heads = new LinkedHashMap<>();
        for (Layer layer : layers(model)) {
            if (layer instanceof AlraoOutputLayerRuntime) {
                heads.put(layer.conf().getLayer().getLayerName(), (AlraoOutputLayerRuntime) layer);
            }
        }
        return heads;
    }

    /**
     * Sets {@link AlraoOutputLayer#setSwitchFrozen} on every head: on the running layers' configurations and on the
     * network configuration that DL4J serializes for the workers (they may be distinct objects).
     */
    static void setFrozen(Model model, boolean frozen) {
        for (AlraoOutputLayer conf : configurations(model)) {
            conf.setSwitchFrozen(frozen);
        }
        for (AlraoOutputLayerRuntime head : of(model).values()) {
            ((AlraoOutputLayer) head.conf().getLayer()).setSwitchFrozen(frozen);
        }
    }

    /** @return every head's posterior, after renormalizing a pooled (averaged) state in place */
    static Map<String, double[]> posteriors(Model model) {
        Map<String, double[]> out = new LinkedHashMap<>();
        of(model).forEach((name, head) -> out.put(name, head.posterior()));
        return out;
    }

    private static List<AlraoOutputLayer> configurations(Model model) {
        List<AlraoOutputLayer> out = new ArrayList<>();
        if (model instanceof ComputationGraph) {
            ComputationGraphConfiguration conf = ((ComputationGraph) model).getConfiguration();
            for (GraphVertex vertex : conf.getVertices().values()) {
                if (vertex instanceof LayerVertex
                        && ((LayerVertex) vertex).getLayerConf().getLayer() instanceof AlraoOutputLayer) {
                    out.add((AlraoOutputLayer) ((LayerVertex) vertex).getLayerConf().getLayer());
                }
            }
        } else {
            for (NeuralNetConfiguration c : ((MultiLayerNetwork) model).getLayerWiseConfigurations().getConfs()) {
                if (c.getLayer() instanceof AlraoOutputLayer) {
                    out.add((AlraoOutputLayer) c.getLayer());
                }
            }
        }
        return out;
    }

    private static Layer[] layers(Model model) {
        if (model instanceof ComputationGraph) {
            return ((ComputationGraph) model).getLayers();
        }
        if (model instanceof MultiLayerNetwork) {
            return ((MultiLayerNetwork) model).getLayers();
        }
        throw new IllegalArgumentException("model is a " + model.getClass().getName() + ", but alrao-spark trains"
                + " MultiLayerNetwork or ComputationGraph networks; pass SparkDl4jMultiLayer or SparkComputationGraph");
    }
}
