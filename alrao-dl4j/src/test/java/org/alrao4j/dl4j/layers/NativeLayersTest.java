package org.alrao4j.dl4j.layers;

import static org.assertj.core.api.Assertions.assertThat;

import org.alrao4j.dl4j.DoublePrecision;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** NativeLayers.convert: which layers it replaces, and that the converted network trains as the original. */
@ExtendWith(DoublePrecision.class)
class NativeLayersTest {

    private static ComputationGraphConfiguration graph() {
        return new NeuralNetConfiguration.Builder().seed(4).dataType(DataType.DOUBLE).updater(new Sgd(0.1))
                .graphBuilder().addInputs("in")
                .addLayer("d1", new DenseLayer.Builder().nOut(6).activation(Activation.RELU).build(), "in")
                .addLayer("d2", new DenseLayer.Builder().nOut(5).activation(Activation.TANH).build(), "d1")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                        .activation(Activation.SOFTMAX).nOut(3).build(), "d2")
                .setOutputs("out").setInputTypes(InputType.feedForward(4)).build();
    }

    private static Layer layer(ComputationGraphConfiguration conf, String name) {
        return ((LayerVertex) conf.getVertices().get(name)).getLayerConf().getLayer();
    }

    @Test
    void graphDenseLayersBecomeNativeAndTrainTheSame() {
        ComputationGraphConfiguration conf = graph();
        ComputationGraphConfiguration converted = NativeLayers.convert(conf);
        assertThat(layer(conf, "d1").getClass()).isEqualTo(DenseLayer.class);
        assertThat(layer(converted, "d1")).isInstanceOfSatisfying(NativeDense.class,
                d -> assertThat(d.isInputGradient()).isFalse());
        assertThat(layer(converted, "d2")).isInstanceOfSatisfying(NativeDense.class,
                d -> assertThat(d.isInputGradient()).isTrue());
        assertThat(layer(converted, "out")).isInstanceOf(NativeOutput.class);
        assertThat(layer(conf, "out").getClass()).isEqualTo(OutputLayer.class);
        assertThat(ComputationGraphConfiguration.fromJson(converted.toJson())).isEqualTo(converted);

        ComputationGraph a = new ComputationGraph(conf);
        ComputationGraph b = new ComputationGraph(converted);
        a.init();
        b.init();
        assertThat(b.params()).isEqualTo(a.params());
        DataSet d = NativeDenseTest.data(DataType.DOUBLE, 6, 0);
        for (int i = 0; i < 4; i++) {
            a.fit(d);
            b.fit(d);
        }
        assertThat(b.params().sub(a.params()).amaxNumber().doubleValue()).isLessThan(1e-12);
    }

    @Test
    void alraoConvertsANativeNetworkAsTheOriginal() {
        org.alrao4j.dl4j.AlraoNetworks alrao = org.alrao4j.dl4j.AlraoNetworks.builder()
                .settings(org.alrao4j.core.AlraoSettings.builder().lrMin(0.01).lrMax(1).seed(3).build())
                .numClassifiers(3).build();
        ComputationGraph a = new ComputationGraph(alrao.convert(graph()));
        ComputationGraph b = new ComputationGraph(alrao.convert(NativeLayers.convert(graph())));
        a.init();
        b.init();
        assertThat(layer(b.getConfiguration(), "d2")).isInstanceOf(NativeDense.class);
        assertThat(b.params()).isEqualTo(a.params());
        DataSet d = NativeDenseTest.data(DataType.DOUBLE, 6, 0);
        for (int i = 0; i < 3; i++) {
            a.fit(d);
            b.fit(d);
        }
        assertThat(b.params().sub(a.params()).amaxNumber().doubleValue()).isLessThan(1e-12);
    }

    @Test
    void alraoPutsAHeadOnANativeConvolutionalBody() {
        InputType input = InputType.convolutional(6, 6, 1);
        ComputationGraphConfiguration body = new NeuralNetConfiguration.Builder().seed(7).dataType(DataType.DOUBLE)
                .updater(new Sgd(0.1)).graphBuilder().addInputs("image")
                .addLayer("conv", new ConvolutionLayer.Builder(3, 3).nOut(3).activation(Activation.RELU).build(),
                        "image")
                .addLayer("features", new DenseLayer.Builder().nOut(5).activation(Activation.RELU).build(), "conv")
                .setOutputs("features").setInputTypes(input).build();
        org.alrao4j.dl4j.AlraoNetworks alrao = org.alrao4j.dl4j.AlraoNetworks.builder()
                .settings(org.alrao4j.core.AlraoSettings.builder().lrMin(0.01).lrMax(1).seed(3).build())
                .numClassifiers(3).build();
        ComputationGraph a = new ComputationGraph(alrao.withHead(body, "features", 3, input));
        ComputationGraph b = new ComputationGraph(alrao.withHead(NativeLayers.convert(body), "features", 3, input));
        a.init();
        b.init();
        assertThat(layer(b.getConfiguration(), "conv")).isInstanceOf(NativeConvolution.class);
        Nd4j.getRandom().setSeed(5);
        DataSet d = new DataSet(Nd4j.rand(DataType.DOUBLE, 4, 1, 6, 6),
                NativeDenseTest.data(DataType.DOUBLE, 4, 0).getLabels());
        for (int i = 0; i < 3; i++) {
            a.fit(d);
            b.fit(d);
        }
        assertThat(b.params().sub(a.params()).amaxNumber().doubleValue()).isLessThan(1e-10);
    }

    @Test
    void aNetworkInputWithTwoConsumersKeepsBothInputGradients() {
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().seed(4).dataType(DataType.DOUBLE)
                .updater(new Sgd(0.1)).graphBuilder().addInputs("in")
                .addLayer("a", new DenseLayer.Builder().nOut(3).build(), "in")
                .addLayer("b", new DenseLayer.Builder().nOut(3).build(), "in")
                .addVertex("merge", new org.deeplearning4j.nn.conf.graph.MergeVertex(), "a", "b")
                .addLayer("out", new OutputLayer.Builder().activation(Activation.SOFTMAX).nOut(3).build(), "merge")
                .setOutputs("out").setInputTypes(InputType.feedForward(4)).build();
        ComputationGraphConfiguration converted = NativeLayers.convert(conf);
        assertThat(((NativeDense) layer(converted, "a")).isInputGradient()).isTrue();
        assertThat(((NativeDense) layer(converted, "b")).isInputGradient()).isTrue();
        ComputationGraph net = new ComputationGraph(converted);
        net.init();
        net.fit(NativeDenseTest.data(DataType.DOUBLE, 4, 0));
        assertThat(net.score()).isFinite();
    }

    @Test
    void multiLayerFirstDenseAfterAPreprocessorKeepsItsInputGradient() {
        MultiLayerConfiguration cnn = new NeuralNetConfiguration.Builder().seed(4).dataType(DataType.DOUBLE).list()
                .layer(new ConvolutionLayer.Builder(2, 2).nOut(2).build())
                .layer(new DenseLayer.Builder().nOut(5).build())
                .layer(new OutputLayer.Builder().activation(Activation.SOFTMAX).nOut(3).build())
                .setInputType(InputType.convolutional(4, 4, 1)).build();
        MultiLayerConfiguration converted = NativeLayers.convert(cnn);
        assertThat(converted.getConf(0).getLayer()).isInstanceOfSatisfying(NativeConvolution.class,
                c -> assertThat(c.isInputGradient()).isFalse());
        assertThat(cnn.getConf(0).getLayer().getClass()).isEqualTo(ConvolutionLayer.class);
        assertThat(((NativeDense) converted.getConf(1).getLayer()).isInputGradient()).isTrue();

        MultiLayerConfiguration ff = NativeDenseTest.conf(false, DataType.DOUBLE, false, Activation.RELU);
        MultiLayerConfiguration ffConverted = NativeLayers.convert(ff);
        assertThat(((NativeDense) ffConverted.getConf(0).getLayer()).isInputGradient()).isFalse();
        assertThat(ff.getConf(0).getLayer().getClass()).isEqualTo(DenseLayer.class);
    }

    @Test
    void lstmsWithTheirDefaultActivationsBecomeNativeLstm() {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(4).dataType(DataType.DOUBLE).list()
                .layer(new LSTM.Builder().nOut(4).activation(Activation.TANH).build())
                .layer(new LSTM.Builder().nOut(4).activation(Activation.RELU).build())
                .layer(new RnnOutputLayer.Builder().activation(Activation.SOFTMAX).nOut(3).build())
                .setInputType(InputType.recurrent(3)).build();
        MultiLayerConfiguration converted = NativeLayers.convert(conf);
        assertThat(converted.getConf(0).getLayer()).isInstanceOf(NativeLstm.class);
        assertThat(converted.getConf(1).getLayer().getClass()).isEqualTo(LSTM.class);
        MultiLayerNetwork a = new MultiLayerNetwork(conf);
        MultiLayerNetwork b = new MultiLayerNetwork(converted);
        a.init();
        b.init();
        assertThat(b.params()).isEqualTo(a.params());
        Nd4j.getRandom().setSeed(1);
        var x = Nd4j.rand(DataType.DOUBLE, 2, 3, 5);
        assertThat(b.output(x).sub(a.output(x)).amaxNumber().doubleValue()).isLessThan(1e-12);
    }
}
