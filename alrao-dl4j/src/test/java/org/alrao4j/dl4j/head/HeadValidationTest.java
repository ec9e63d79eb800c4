package org.alrao4j.dl4j.head;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.alrao4j.core.AlraoSettings;
import org.alrao4j.dl4j.AlraoNetworks;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

class HeadValidationTest {

    @Test
    void badHeadParametersAreNamed() {
        assertThatThrownBy(() -> new AlraoOutputLayer.Builder().nOut(3).numClassifiers(0).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("numClassifiers must be >= 1");
        assertThatThrownBy(() -> new AlraoOutputLayer.Builder().nOut(3).lrMin(Double.NaN).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must be finite");
        assertThatThrownBy(() -> new AlraoOutputLayer.Builder().nOut(3).lrMin(1).lrMax(0.1).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("lrMin=1.0, lrMax=0.1");
        assertThatThrownBy(() -> new AlraoOutputLayer.Builder().nOut(0).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nOut must be >= 1");
        assertThatThrownBy(() -> new AlraoOutputLayer.Builder().nOut(3).theta(1).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("theta");
        assertThatThrownBy(() -> AlraoNetworks.builder().numClassifiers(-2).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("numClassifiers=-2");
    }

    @Test
    void labelsOfTheWrongShapeAreAClearError() {
        MultiLayerNetwork net = new MultiLayerNetwork(AlraoNetworks.builder().numClassifiers(2).build()
                .convert(HeadPersistenceTest.mlp()));
        net.init();
        DataSet wrongClasses = new DataSet(Nd4j.rand(4, 4), Nd4j.zeros(4, 5));
        assertThatThrownBy(() -> net.fit(wrongClasses))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("labels of shape [batch, 3]").hasMessageContaining("got [4, 5]");
        DataSet wrongBatch = new DataSet(Nd4j.rand(4, 4), Nd4j.zeros(3, 3));
        assertThatThrownBy(() -> net.fit(wrongBatch)).hasMessageContaining("got [3, 3]");
    }

    @Test
    void onlySoftmaxClassifiersAreReplaced() {
        MultiLayerConfiguration regression = new NeuralNetConfiguration.Builder().updater(new Sgd(0.1)).list()
                .layer(new DenseLayer.Builder().nOut(4).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE).activation(Activation.TANH)
                        .nOut(1).build())
                .setInputType(InputType.feedForward(3)).build();
        assertThatThrownBy(() -> AlraoNetworks.builder().build().convert(regression))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("softmax activation with MCXENT or NEGATIVELOGLIKELIHOOD loss")
                .hasMessageContaining("identity activation with MSE or L2");
        MultiLayerConfiguration lossLayer = new NeuralNetConfiguration.Builder().updater(new Sgd(0.1)).list()
                .layer(new DenseLayer.Builder().nOut(3).activation(Activation.SOFTMAX).build())
                .layer(new LossLayer.Builder(LossFunctions.LossFunction.MCXENT).build())
                .setInputType(InputType.feedForward(3)).build();
        assertThatThrownBy(() -> AlraoNetworks.builder().build().convert(lossLayer))
                .hasMessageContaining("is a LossLayer").hasMessageContaining("withHead");
    }

    @Test
    void rangeErrorsComeFromTheSettings() {
        assertThatThrownBy(() -> AlraoNetworks.builder().settings(AlraoSettings.builder().lrMin(-1).build()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("lrMin must be > 0");
    }
}
