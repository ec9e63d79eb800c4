package org.alrao4j.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import org.alrao4j.dl4j.head.AlraoOutputLayerRuntime;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.broadcast.Broadcast;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * One minibatch's Switch evidence for one head: each classifier's mean negative log-likelihood (spec 3.4 step 1),
 * computed on a worker by {@link Pass} with the broadcast network.
 *
 * @param partition RDD partition of the minibatch
 * @param index     position of the minibatch in its partition
 * @param head      the head's layer name
 * @param meanNll   one mean NLL per classifier
 */
record SwitchEvidence(int partition, int index, String head, double[] meanNll) implements Serializable {

    /** The distributed pass: rebuilds the network once per partition and scores every minibatch. */
    static final class Pass implements Function2<Integer, Iterator<DataSet>, Iterator<SwitchEvidence>> {

        private static final long serialVersionUID = 1L;
        private final Broadcast<NetworkSnapshot> network;

        Pass(Broadcast<NetworkSnapshot> network) {
            this.network = network;
        }

        @Override
        public Iterator<SwitchEvidence> call(Integer partition, Iterator<DataSet> minibatches) {
            List<SwitchEvidence> out = new ArrayList<>();
            if (!minibatches.hasNext()) {
                return out.iterator();
            }
            Model model = network.getValue().rebuild();
            Map<String, AlraoOutputLayerRuntime> heads = AlraoHeads.of(model);
            int index = 0;
            while (minibatches.hasNext()) {
                DataSet batch = minibatches.next();
                for (Map.Entry<String, AlraoOutputLayerRuntime> head : heads.entrySet()) {
                    INDArray input = headInput(model, head.getKey(), batch.getFeatures());
                    out.add(new SwitchEvidence(partition, index, head.getKey(),
                            meanNll(head.getValue().classifierLogProbabilities(input), batch.getLabels())));
                }
                index++;
            }
            return out.iterator();
        }
    }

    /** @return the input the head layer sees for {@code features} (after its preprocessor, if any) */
    static INDArray headInput(Model model, String head, INDArray features) {
        INDArray x;
        InputPreProcessor pre;
        if (model instanceof ComputationGraph) {
            ComputationGraph graph = (ComputationGraph) model;
            List<String> inputs = graph.getConfiguration().getVertexInputs().get(head);
            if (inputs.size() != 1) {
                throw new IllegalArgumentException("head '" + head + "' has " + inputs.size() + " inputs " + inputs
                        + ", but the Switch evidence pass supports a head with one input vertex");
            }
            x = graph.feedForward(new INDArray[] {features}, false).get(inputs.get(0));
            pre = ((LayerVertex) graph.getConfiguration().getVertices().get(head)).getPreProcessor();
        } else {
            MultiLayerNetwork net = (MultiLayerNetwork) model;
            int index = net.getLayer(head).getIndex();
            x = net.feedForward(features, false).get(index);
            pre = net.getLayerWiseConfigurations().getInputPreProcess(index);
        }
        if (x.rank() != 2 && pre == null) {
            throw new IllegalArgumentException("head '" + head + "' gets input of rank " + x.rank() + ", but the"
                    + " Switch evidence pass supports feed-forward heads [batch, nIn] only (no sequences)");
        }
        return pre == null ? x : pre.preProcess(x, (int) x.size(0), LayerWorkspaceMgr.noWorkspaces());
    }

    /**
     * @param logP   {@code [M, N, C]} classifier log-probabilities
     * @param labels {@code [M, C]} one-hot labels
     * @return each classifier's mean NLL over the M examples
     */
    static double[] meanNll(INDArray logP, INDArray labels) {
        int n = (int) logP.size(1);
        long m = logP.size(0);
        INDArray y = labels.castTo(logP.dataType());
        double[] out = new double[n];
        for (int j = 0; j < n; j++) {
            INDArray lj = logP.get(NDArrayIndex.all(), NDArrayIndex.point(j), NDArrayIndex.all());
            out[j] = -lj.mul(y).sumNumber().doubleValue() / m;
        }
        return out;
    }
}
