package org.alrao4j.dl4j;

import static org.assertj.core.api.Assertions.assertThat;

import org.alrao4j.core.AlraoSettings;
import org.alrao4j.core.BaseOptimizer;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * With every unit rate equal to eta (lrMin == lrMax == eta), Alrao must train exactly like DL4J's own
 * {@code Sgd(eta)} / {@code Adam(eta)} (the reference implementation's sanity test, spec section 7.2).
 */
class DegenerateEquivalenceTest {

    private static final double ETA = 0.05;
    private static final int STEPS = 5;

    private static AlraoSettings pointRange(BaseOptimizer optimizer) {
        return AlraoSettings.builder().lrMin(ETA).lrMax(ETA).optimizer(optimizer).build();
    }

    private static IUpdater builtIn(BaseOptimizer optimizer) {
        return optimizer == BaseOptimizer.SGD ? new Sgd(ETA) : new Adam(ETA);
    }

    static MultiLayerConfiguration cnn(IUpdater updater) {
        return new NeuralNetConfiguration.Builder().seed(3).updater(updater).list()
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(4).activation(Activation.RELU).build())
                .layer(new BatchNormalization.Builder().build())
                .layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2).stride(2, 2)
                        .build())
                .layer(new DenseLayer.Builder().nOut(8).activation(Activation.TANH).build())
                .layer(UnitLayoutCoverageTest.output(3))
                .setInputType(InputType.convolutional(8, 8, 1)).build();
    }

    @ParameterizedTest
    @EnumSource(BaseOptimizer.class)
    void convolutionalNetworkMatchesBuiltIn(BaseOptimizer optimizer) {
        MultiLayerNetwork plain = new MultiLayerNetwork(cnn(builtIn(optimizer)));
        MultiLayerNetwork alrao = new MultiLayerNetwork(AlraoInstaller.install(cnn(builtIn(optimizer)),
                pointRange(optimizer)));
        plain.init();
        alrao.init();
        assertThat(alrao.params()).isEqualTo(plain.params());
        DataSet batch = TinyData.classification(1, 16, 3, 1, 8, 8);
        for (int i = 0; i < STEPS; i++) {
            plain.fit(batch);
            alrao.fit(batch);
        }
        assertClose(alrao.params(), plain.params(), optimizer);
    }

    @ParameterizedTest
    @EnumSource(BaseOptimizer.class)
    void recurrentGraphMatchesBuiltIn(BaseOptimizer optimizer) {
        ComputationGraph plain = new ComputationGraph(lstmGraph(builtIn(optimizer)));
        ComputationGraph alrao = new ComputationGraph(AlraoInstaller.install(lstmGraph(builtIn(optimizer)),
                pointRange(optimizer)));
        plain.init();
        alrao.init();
        DataSet batch = TinyData.sequences(2, 6, 3, 4, 5);
        for (int i = 0; i < STEPS; i++) {
            plain.fit(batch);
            alrao.fit(batch);
        }
        assertClose(alrao.params(), plain.params(), optimizer);
    }

    @Test
    void aWideRangeDoesNotMatch() {
        MultiLayerNetwork plain = new MultiLayerNetwork(cnn(new Sgd(ETA)));
        MultiLayerNetwork alrao = new MultiLayerNetwork(AlraoInstaller.install(cnn(new Sgd(ETA)),
                AlraoSettings.builder().lrMin(1e-4).lrMax(1).build()));
        plain.init();
        alrao.init();
        DataSet batch = TinyData.classification(1, 16, 3, 1, 8, 8);
        plain.fit(batch);
        alrao.fit(batch);
        assertThat(alrao.params().sub(plain.params()).amaxNumber().doubleValue()).isGreaterThan(1e-4);
    }

    static ComputationGraphConfiguration lstmGraph(IUpdater updater) {
        return new NeuralNetConfiguration.Builder().seed(4).updater(updater).graphBuilder()
                .addInputs("in")
                .addLayer("lstm", new LSTM.Builder().nOut(5).activation(Activation.TANH).build(), "in")
                .addLayer("out", new RnnOutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                        .activation(Activation.SOFTMAX).nOut(4).build(), "lstm")
                .setOutputs("out").setInputTypes(InputType.recurrent(3, 5)).build();
    }

    /** SGD multiplies by the same float, so it is bit-identical; Adam's rate-1 op then scaling is within 1e-6. */
    private static void assertClose(INDArray actual, INDArray expected, BaseOptimizer optimizer) {
        if (optimizer == BaseOptimizer.SGD) {
            assertThat(actual).isEqualTo(expected);
        } else {
            assertThat(actual.sub(expected).amaxNumber().doubleValue()).isLessThan(1e-6);
        }
    }
}
