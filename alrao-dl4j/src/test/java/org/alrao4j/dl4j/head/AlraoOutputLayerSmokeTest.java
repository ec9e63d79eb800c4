package org.alrao4j.dl4j.head;

import static org.assertj.core.api.Assertions.assertThat;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;

class AlraoOutputLayerSmokeTest {

    @Test
    void feedForwardTrainsAndOutputsAMixture() {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(1).updater(new Sgd(0.1)).list()
                .layer(new DenseLayer.Builder().nOut(8).activation(Activation.TANH).build())
                .layer(new AlraoOutputLayer.Builder().nOut(3).numClassifiers(4).lrMin(1e-3).lrMax(1).build())
                .setInputType(InputType.feedForward(5)).build();
        assertThat(MultiLayerConfiguration.fromJson(conf.toJson())).isEqualTo(conf);
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        Nd4j.getRandom().setSeed(3);
        INDArray x = Nd4j.rand(16, 5);
        INDArray y = Nd4j.zeros(16, 3);
        for (int i = 0; i < 16; i++) {
            y.putScalar(i, i % 3, 1);
        }
        DataSet ds = new DataSet(x, y);
        double first = net.score(ds);
        for (int i = 0; i < 30; i++) {
            net.fit(ds);
        }
        INDArray out = net.output(x);
        assertThat(out.sum(1).sub(1).amaxNumber().doubleValue()).isLessThan(1e-5);
        AlraoOutputLayerRuntime head = (AlraoOutputLayerRuntime) net.getOutputLayer();
        System.out.println(head.classifierStats().table());
        assertThat(net.score(ds)).isLessThan(first);
        assertThat(head.currentSwitch().step()).isEqualTo(31);
    }

    @Test
    void recurrentWithMask() {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(1).updater(new Sgd(0.1)).list()
                .layer(new LSTM.Builder().nOut(6).activation(Activation.TANH).build())
                .layer(new AlraoOutputLayer.Builder().nOut(3).numClassifiers(2).lrMin(1e-2).lrMax(1).build())
                .setInputType(InputType.recurrent(4, 5)).build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        INDArray out0 = net.output(Nd4j.rand(2, 4, 5));
        assertThat(out0.shape()).containsExactly(2, 3, 5);
        Nd4j.getRandom().setSeed(3);
        INDArray x = Nd4j.rand(3, 4, 5);
        INDArray y = Nd4j.zeros(3, 3, 5);
        for (int i = 0; i < 3; i++) {
            for (int t = 0; t < 5; t++) {
                y.putScalar(new int[] {i, (i + t) % 3, t}, 1);
            }
        }
        INDArray mask = Nd4j.ones(3, 5);
        mask.putScalar(0, 4, 0);
        DataSet ds = new DataSet(x, y, null, mask);
        for (int i = 0; i < 10; i++) {
            net.fit(ds);
        }
        INDArray out = net.output(x);
        assertThat(out.shape()).containsExactly(3, 3, 5);
        assertThat(out.sum(1).sub(1).amaxNumber().doubleValue()).isLessThan(1e-5);
        System.out.println(((AlraoOutputLayerRuntime) net.getOutputLayer()).classifierStats().table());
    }
}
