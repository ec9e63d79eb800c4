package org.alrao4j.spark;

import java.io.Serializable;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A network's configuration JSON and parameters, as DL4J's training masters ship them to the workers; {@link
 * #rebuild()} makes the network a worker would train (same configuration, same parameters, hence the same per-unit
 * learning rates and the same posterior).
 *
 * @param graph  whether it is a ComputationGraph (else a MultiLayerNetwork)
 * @param json   the configuration's JSON
 * @param params the flattened parameters (a copy)
 */
record NetworkSnapshot(boolean graph, String json, INDArray params) implements Serializable {

    /** @return a snapshot of {@code model}'s configuration and current parameters */
    static NetworkSnapshot of(Model model) {
        if (model instanceof ComputationGraph) {
            return new NetworkSnapshot(true, ((ComputationGraph) model).getConfiguration().toJson(),
                    model.params().dup());
        }
        if (model instanceof MultiLayerNetwork) {
            return new NetworkSnapshot(false, ((MultiLayerNetwork) model).getLayerWiseConfigurations().toJson(),
                    model.params().dup());
        }
        throw new IllegalArgumentException("model is a " + model.getClass().getName() + "; pass a"
                + " MultiLayerNetwork or a ComputationGraph");
    }

    /** @return a new network with this configuration and these parameters (no updater state) */
    Model rebuild() {
        if (graph) {
            ComputationGraph net = new ComputationGraph(ComputationGraphConfiguration.fromJson(json));
            net.init(params.dup(), false);
            return net;
        }
        MultiLayerNetwork net = new MultiLayerNetwork(MultiLayerConfiguration.fromJson(json));
        net.init(params.dup(), false);
        return net;
    }
}
