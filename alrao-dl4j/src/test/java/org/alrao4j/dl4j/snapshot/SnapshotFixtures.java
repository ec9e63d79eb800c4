package org.alrao4j.dl4j.snapshot;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.alrao4j.dl4j.data.ShufflingDataSetIterator;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** Tiny double-precision classifiers and blob data for the snapshot tests. */
final class SnapshotFixtures {

    static final int N_IN = 4;
    static final int HIDDEN = 6;
    static final int CLASSES = 3;
    static final int BATCH = 8;

    private SnapshotFixtures() {
    }

    /** @return the configuration dense(4-6, tanh) -> softmax output(6-3) with {@code updater} */
    static MultiLayerConfiguration mlnConf(IUpdater updater) {
        return new NeuralNetConfiguration.Builder().seed(12345).dataType(DataType.DOUBLE).updater(updater).list()
                .layer(new DenseLayer.Builder().nOut(HIDDEN).activation(Activation.TANH).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).activation(Activation.SOFTMAX)
                        .nOut(CLASSES).build())
                .setInputType(InputType.feedForward(N_IN)).build();
    }

    /** @return an initialized network of {@link #mlnConf} */
    static MultiLayerNetwork mln(IUpdater updater) {
        MultiLayerNetwork net = new MultiLayerNetwork(mlnConf(updater));
        net.init();
        return net;
    }

    /** @return the same classifier as a graph "in" -> "dense" -> "out" */
    static ComputationGraph graph(IUpdater updater) {
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().seed(12345)
                .dataType(DataType.DOUBLE).updater(updater).graphBuilder().addInputs("in")
                .addLayer("dense", new DenseLayer.Builder().nOut(HIDDEN).activation(Activation.TANH).build(), "in")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                        .activation(Activation.SOFTMAX).nOut(CLASSES).build(), "dense")
                .setOutputs("out").setInputTypes(InputType.feedForward(N_IN)).build();
        ComputationGraph graph = new ComputationGraph(conf);
        graph.init();
        return graph;
    }

    /** @return {@code n} examples of three noisy Gaussian blobs, class {@code i % 3} */
    static DataSet blobs(long seed, int n) {
        Random r = new Random(seed);
        INDArray x = Nd4j.create(DataType.DOUBLE, n, N_IN);
        INDArray y = Nd4j.zeros(DataType.DOUBLE, n, CLASSES);
        for (int i = 0; i < n; i++) {
            int c = i % CLASSES;
            for (int j = 0; j < N_IN; j++) {
                x.putScalar(i, j, (j % CLASSES == c ? 1.0 : 0.0) + 0.8 * r.nextGaussian());
            }
            y.putScalar(i, c, 1.0);
        }
        return new DataSet(x, y);
    }

    /** @return 4 fixed batches of 8 training examples per epoch, in a fixed order */
    static DataSetIterator trainIterator() {
        return new ShufflingDataSetIterator(blobs(1, 4 * BATCH), BATCH, false, 0);
    }

    /** @return the training batches as a list, in the iterator's order */
    static List<DataSet> trainBatches() {
        List<DataSet> out = new ArrayList<>();
        DataSetIterator it = trainIterator();
        while (it.hasNext()) {
            out.add(it.next());
        }
        return out;
    }

    /** @return 30 validation examples in batches of 12 (the last has 6), fixed order */
    static DataSetIterator validIterator() {
        return new ShufflingDataSetIterator(blobs(2, 30), 12, false, 0);
    }

    /** Records a copy of the parameters after every update, keyed by the number of completed updates. */
    static final class ParamRecorder extends BaseTrainingListener {
        final java.util.Map<Integer, INDArray> params = new java.util.HashMap<>();

        @Override
        public void iterationDone(Model model, int iteration, int epoch) {
            params.put(iteration + 1, model.params().dup());
        }
    }
}
