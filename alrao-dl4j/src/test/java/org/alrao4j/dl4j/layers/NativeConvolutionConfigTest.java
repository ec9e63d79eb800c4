package org.alrao4j.dl4j.layers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.nio.file.Path;
import org.alrao4j.core.AlraoSettings;
import org.alrao4j.core.AlraoUpdater;
import org.alrao4j.dl4j.AlraoInstaller;
import org.alrao4j.dl4j.DoublePrecision;
import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.Deconvolution2D;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * {@link NativeConvolution} as a configuration: gradient check, JSON and ModelSerializer round trips, a
 * ComputationGraph fit whose input feeds a layer that skips its input gradient, Alrao's installer, and
 * {@link NativeConvolution#of}.
 */
@ExtendWith(DoublePrecision.class)
class NativeConvolutionConfigTest {

    @Test
    void gradientCheckPassesInDouble() {
        MultiLayerNetwork net = NativeConvolutionEquivalenceTest.small(true, DataType.DOUBLE, 1.0);
        Nd4j.getRandom().setSeed(3);
        boolean ok = GradientCheckUtil.checkGradients(new GradientCheckUtil.MLNConfig().net(net)
                .input(Nd4j.rand(DataType.DOUBLE, 2, 1, 10, 10))
                .labels(NativeConvolutionEquivalenceTest.labels(DataType.DOUBLE, 2)).subset(false)
                .epsilon(1e-6).maxRelError(1e-5).minAbsoluteError(1e-9));
        assertThat(ok).isTrue();
    }

    @Test
    void jsonAndModelSerializerRoundTrip(@TempDir Path dir) throws Exception {
        MultiLayerNetwork net = NativeConvolutionEquivalenceTest.small(true, DataType.DOUBLE);
        MultiLayerConfiguration conf = net.getLayerWiseConfigurations();
        MultiLayerConfiguration back = MultiLayerConfiguration.fromJson(conf.toJson());
        assertThat(back).isEqualTo(conf);
        assertThat(back.getConf(0).getLayer()).isInstanceOf(NativeConvolution.class);
        assertThat(((NativeConvolution) back.getConf(0).getLayer()).isInputGradient()).isFalse();
        assertThat(((NativeConvolution) back.getConf(2).getLayer()).isInputGradient()).isTrue();

        File file = dir.resolve("native-conv.zip").toFile();
        ModelSerializer.writeModel(net, file, true);
        MultiLayerNetwork restored = ModelSerializer.restoreMultiLayerNetwork(file, true);
        assertThat(restored.getLayer(0)).isInstanceOf(NativeConvolutionLayer.class);
        INDArray x = Nd4j.rand(DataType.DOUBLE, 2, 1, 10, 10);
        assertThat(restored.output(x)).isEqualTo(net.output(x));
    }

    static ComputationGraphConfiguration graph(boolean nat, DataType dt) {
        ConvolutionLayer.Builder c1 = nat ? new NativeConvolution.Builder(3, 3).inputGradient(false)
                : new ConvolutionLayer.Builder(3, 3);
        return new NeuralNetConfiguration.Builder().seed(4).dataType(dt).updater(new Sgd(0.1)).graphBuilder().addInputs("in")
                .addLayer("conv", c1.nOut(3).activation(Activation.RELU).build(), "in")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                        .activation(Activation.SOFTMAX).nOut(3).build(), "conv")
                .setOutputs("out").setInputTypes(InputType.convolutional(6, 6, 2)).build();
    }

    @Test
    void computationGraphFitMatchesDl4j() {
        for (DataType dt : new DataType[] {DataType.DOUBLE, DataType.FLOAT}) {
            graphFit(dt);
        }
    }

    private static void graphFit(DataType dt) {
        ComputationGraphConfiguration conf = graph(true, dt);
        assertThat(ComputationGraphConfiguration.fromJson(conf.toJson())).isEqualTo(conf);
        ComputationGraph nat = new ComputationGraph(conf);
        nat.init();
        ComputationGraph dl4j = new ComputationGraph(graph(false, dt));
        dl4j.init();
        dl4j.setParams(nat.params().dup());
        INDArray x = Nd4j.rand(dt, 4, 2, 6, 6);
        INDArray y = NativeConvolutionEquivalenceTest.labels(dt, 4);
        for (int i = 0; i < 3; i++) {
            nat.fit(new INDArray[] {x}, new INDArray[] {y});
            dl4j.fit(new INDArray[] {x}, new INDArray[] {y});
        }
        NativeConvolutionEquivalenceTest.assertClose(nat.params(), dl4j.params(),
                NativeConvolutionEquivalenceTest.tol(dt), dt + " graph parameters");
    }

    @Test
    void alraoInstallerGivesPerUnitRates() {
        MultiLayerConfiguration conf = NativeConvolutionEquivalenceTest.small(true, DataType.DOUBLE)
                .getLayerWiseConfigurations();
        MultiLayerConfiguration alrao = AlraoInstaller.install(conf,
                AlraoSettings.builder().lrMin(1e-3).lrMax(1).seed(2).build());
        NativeConvolution c = (NativeConvolution) alrao.getConf(0).getLayer();
        assertThat(c.getIUpdater()).isInstanceOf(AlraoUpdater.class);
        assertThat(((AlraoUpdater) c.getIUpdater()).unitLearningRates()).hasSize(4);
        MultiLayerNetwork net = new MultiLayerNetwork(alrao);
        net.init();
        net.fit(Nd4j.rand(DataType.DOUBLE, 3, 1, 10, 10), NativeConvolutionEquivalenceTest.labels(DataType.DOUBLE, 3));
        assertThat(net.score()).isFinite();
    }

    @Test
    void ofCopiesEverySettingAndEqualsSeesTheFlag() {
        ConvolutionLayer conv = new ConvolutionLayer.Builder(3, 2).stride(2, 1).padding(1, 0).nIn(2).nOut(5)
                .convolutionMode(ConvolutionMode.Strict).activation(Activation.RELU).hasBias(false).l2(1e-3)
                .dropOut(0.8).name("c1").build();
        NativeConvolution n = NativeConvolution.of(conv, true);
        assertThat(n.getKernelSize()).containsExactly(3, 2);
        assertThat(n.getStride()).containsExactly(2, 1);
        assertThat(n.getPadding()).containsExactly(1, 0);
        assertThat(n.getConvolutionMode()).isEqualTo(ConvolutionMode.Strict);
        assertThat(n.hasBias()).isFalse();
        assertThat(n.getLayerName()).isEqualTo("c1");
        assertThat(n.getIDropout()).isEqualTo(conv.getIDropout());
        assertThat(n.getRegularization()).isEqualTo(conv.getRegularization());
        assertThat(n).isEqualTo(NativeConvolution.of(conv, true)).isNotEqualTo(NativeConvolution.of(conv, false));
        assertThat(n.clone()).isEqualTo(n);
        assertThatThrownBy(() -> NativeConvolution.of(new Deconvolution2D.Builder(2, 2).nOut(2).build(), false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Deconvolution2D");
    }
}
