package org.alrao4j.dl4j.layers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.File;
import java.nio.file.Path;
import org.alrao4j.dl4j.DoublePrecision;
import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;

/** NativeOutput against DL4J's OutputLayer: training steps, scores, fallbacks, gradient check, serialization. */
@ExtendWith(DoublePrecision.class)
class NativeOutputTest {

    private static OutputLayer output(boolean nativeLayer, int variant) {
        OutputLayer.Builder b = nativeLayer ? new NativeOutput.Builder() : new OutputLayer.Builder();
        b.nOut(3);
        switch (variant) {
            case 0 -> b.lossFunction(LossFunction.MCXENT).activation(Activation.SOFTMAX);
            case 1 -> b.lossFunction(LossFunction.NEGATIVELOGLIKELIHOOD).activation(Activation.SOFTMAX).l2(1e-2);
            case 2 -> b.lossFunction(LossFunction.XENT).activation(Activation.SIGMOID);
            case 3 -> b.lossFunction(LossFunction.MSE).activation(Activation.IDENTITY).hasBias(false);
            default -> b.lossFunction(new LossMCXENT(Nd4j.createFromArray(1.0, 2.0, 0.5))).activation(Activation.SOFTMAX);
        }
        return b.build();
    }

    static MultiLayerConfiguration conf(boolean nativeLayer, int variant, DataType type, IUpdater updater) {
        return new NeuralNetConfiguration.Builder().seed(5).dataType(type).updater(updater).list()
                .layer(new DenseLayer.Builder().nOut(6).activation(Activation.TANH).build())
                .layer(new DenseLayer.Builder().nOut(5).activation(Activation.RELU).dropOut(0.8).build())
                .layer(output(nativeLayer, variant)).setInputType(InputType.feedForward(4)).build();
    }

    @Test
    void trainsAndScoresAsDl4jsOutputLayer() {
        for (DataType type : new DataType[] {DataType.DOUBLE, DataType.FLOAT}) {
            double tol = type == DataType.DOUBLE ? 1e-10 : 1e-5;
            for (int variant = 0; variant < 5; variant++) {
                MultiLayerNetwork dl4j = new MultiLayerNetwork(conf(false, variant, type, new Sgd(0.1)));
                MultiLayerNetwork nat = new MultiLayerNetwork(conf(true, variant, type, new Sgd(0.1)));
                dl4j.init();
                nat.init();
                for (int step = 0; step < 4; step++) {
                    DataSet d = NativeDenseTest.data(type, 5 + step, step);
                    Nd4j.getRandom().setSeed(40 + step);
                    dl4j.fit(d);
                    Nd4j.getRandom().setSeed(40 + step);
                    nat.fit(d);
                    assertThat(nat.score()).as("score %s variant %d step %d", type, variant, step)
                            .isCloseTo(dl4j.score(), within(tol));
                }
                assertThat(nat.params().sub(dl4j.params()).amaxNumber().doubleValue())
                        .as("params %s variant %d", type, variant).isLessThan(tol);
                DataSet d = NativeDenseTest.data(type, 4, 9);
                assertThat(nat.score(d)).isCloseTo(dl4j.score(d), within(tol));
                int kept = ((NativeOutputLayer) nat.getLayer(2)).scoresFromKeptProbabilities;
                assertThat(kept).as("fast path used, variant %d", variant).isEqualTo(variant < 2 ? 4 : 0);
            }
        }
    }

    @Test
    void graphTrainsAsDl4j() {
        ComputationGraph[] nets = new ComputationGraph[2];
        for (int i = 0; i < 2; i++) {
            ComputationGraphConfiguration c = new NeuralNetConfiguration.Builder().seed(5).dataType(DataType.DOUBLE)
                    .updater(new Sgd(0.1)).graphBuilder().addInputs("in")
                    .addLayer("d", new DenseLayer.Builder().nOut(6).activation(Activation.TANH).build(), "in")
                    .addLayer("out", output(i == 1, 0), "d").setOutputs("out")
                    .setInputTypes(InputType.feedForward(4)).build();
            nets[i] = new ComputationGraph(c);
            nets[i].init();
        }
        for (int step = 0; step < 4; step++) {
            DataSet d = NativeDenseTest.data(DataType.DOUBLE, 6, step);
            nets[0].fit(d);
            nets[1].fit(d);
            assertThat(nets[1].score()).isCloseTo(nets[0].score(), within(1e-12));
        }
        assertThat(nets[1].params().sub(nets[0].params()).amaxNumber().doubleValue()).isLessThan(1e-12);
    }

    @Test
    void gradientCheckPassesInDouble() {
        MultiLayerConfiguration c = new NeuralNetConfiguration.Builder().seed(5).dataType(DataType.DOUBLE)
                .updater(new NoOp()).list()
                .layer(new DenseLayer.Builder().nOut(6).activation(Activation.TANH).build())
                .layer(output(true, 0)).setInputType(InputType.feedForward(4)).build();
        MultiLayerNetwork net = new MultiLayerNetwork(c);
        net.init();
        DataSet d = NativeDenseTest.data(DataType.DOUBLE, 3, 1);
        assertThat(GradientCheckUtil.checkGradients(new GradientCheckUtil.MLNConfig().net(net).input(d.getFeatures())
                .labels(d.getLabels()).subset(false).epsilon(1e-6).maxRelError(1e-5).minAbsoluteError(1e-9)))
                .isTrue();
    }

    @Test
    void jsonAndModelSerializerRoundTrip(@TempDir Path dir) throws Exception {
        MultiLayerConfiguration conf = conf(true, 1, DataType.DOUBLE, new Sgd(0.1));
        assertThat(MultiLayerConfiguration.fromJson(conf.toJson())).isEqualTo(conf);
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        File file = dir.resolve("native-output.zip").toFile();
        ModelSerializer.writeModel(net, file, true);
        MultiLayerNetwork restored = ModelSerializer.restoreMultiLayerNetwork(file, true);
        assertThat(restored.getLayer(2)).isInstanceOf(NativeOutputLayer.class);
        DataSet d = NativeDenseTest.data(DataType.DOUBLE, 4, 1);
        Nd4j.getRandom().setSeed(3);
        restored.fit(d);
        Nd4j.getRandom().setSeed(3);
        net.fit(d);
        assertThat(restored.params()).isEqualTo(net.params());
    }
}
