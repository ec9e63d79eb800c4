package org.alrao4j.dl4j.hypergradient;

import java.util.Random;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** Tiny test fixtures: dense -> batchnorm -> output in double precision, and a fixed minibatch. */
final class HdNetworks {

    static final int N_IN = 4;
    static final int HIDDEN = 5;
    static final int N_OUT = 3;

    private HdNetworks() {
    }

    /** @return an initialized dense(4-5) -> batch-norm -> softmax output(5-3) network with {@code updater} */
    static MultiLayerNetwork denseBnOutput(IUpdater updater) {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(12345).dataType(DataType.DOUBLE)
                .updater(updater).list()
                .layer(new DenseLayer.Builder().nIn(N_IN).nOut(HIDDEN).activation(Activation.TANH).build())
                .layer(new BatchNormalization.Builder().nOut(HIDDEN).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).activation(Activation.SOFTMAX)
                        .nIn(HIDDEN).nOut(N_OUT).build())
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    /** @return the same network with {@code Sgd(1.0)}: one fit subtracts exactly the raw gradient */
    static MultiLayerNetwork rawGradientProbe() {
        return denseBnOutput(new Sgd(1.0));
    }

    /** @return a fixed minibatch of 8 examples with one-hot labels */
    static DataSet minibatch(long seed) {
        Random r = new Random(seed);
        INDArray x = Nd4j.create(DataType.DOUBLE, 8, N_IN);
        INDArray y = Nd4j.zeros(DataType.DOUBLE, 8, N_OUT);
        for (int i = 0; i < 8; i++) {
            for (int j = 0; j < N_IN; j++) {
                x.putScalar(i, j, r.nextGaussian());
            }
            y.putScalar(i, r.nextInt(N_OUT), 1.0);
        }
        return new DataSet(x, y);
    }
}
