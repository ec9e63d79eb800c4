package org.alrao4j.dl4j.layers;

import static org.alrao4j.dl4j.layers.NativeBatchNormEquivalenceTest.assertClose;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.nio.file.Path;
import java.util.Set;
import org.alrao4j.dl4j.DoublePrecision;
import org.alrao4j.dl4j.layers.NativeBatchNormEquivalenceTest.Layout;
import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** NativeBatchNorm's gradient check, serialization, configuration copying, statistics reuse and fallback. */
@ExtendWith(DoublePrecision.class)
class NativeBatchNormConfigTest {

    @ParameterizedTest
    @EnumSource(Layout.class)
    void gradientCheckPassesInDouble(Layout layout) {
        MultiLayerNetwork net = (MultiLayerNetwork) NativeBatchNormEquivalenceTest.net(true, DataType.DOUBLE, layout,
                false, true, 1.0);
        boolean ok = GradientCheckUtil.checkGradients(new GradientCheckUtil.MLNConfig().net(net)
                .input(NativeBatchNormEquivalenceTest.features(DataType.DOUBLE, layout, 3))
                .labels(NativeBatchNormEquivalenceTest.labels(DataType.DOUBLE, 3)).subset(false)
                // the running statistics are not trained by gradients
                .excludeParams(Set.of("1_mean", "1_log10stdev"))
                .epsilon(1e-6).maxRelError(1e-5).minAbsoluteError(1e-9));
        assertThat(ok).as("gradient check, %s", layout).isTrue();
    }

    @Test
    void jsonAndModelSerializerRoundTrip(@TempDir Path dir) throws Exception {
        MultiLayerNetwork net = (MultiLayerNetwork) NativeBatchNormEquivalenceTest.net(true, DataType.DOUBLE,
                Layout.NHWC, false, true);
        MultiLayerConfiguration conf = net.getLayerWiseConfigurations();
        MultiLayerConfiguration back = MultiLayerConfiguration.fromJson(conf.toJson());
        assertThat(back).isEqualTo(conf);
        NativeBatchNorm bn = (NativeBatchNorm) back.getConf(1).getLayer();
        assertThat(bn.getDecay()).isEqualTo(0.8);
        assertThat(bn.getEps()).isEqualTo(1e-4);
        assertThat(bn.getCnn2DFormat()).isEqualTo(CNN2DFormat.NHWC);

        ComputationGraph graph = (ComputationGraph) NativeBatchNormEquivalenceTest.net(true, DataType.DOUBLE,
                Layout.NCHW, true, false);
        ComputationGraphConfiguration graphBack = ComputationGraphConfiguration.fromJson(
                graph.getConfiguration().toJson());
        assertThat(graphBack).isEqualTo(graph.getConfiguration());
        assertThat(((org.deeplearning4j.nn.conf.graph.LayerVertex) graphBack.getVertices().get("bn")).getLayerConf()
                .getLayer()).isInstanceOf(NativeBatchNorm.class);
        ComputationGraph graphRebuilt = new ComputationGraph(graphBack);
        graphRebuilt.init();
        assertThat(graphRebuilt.getLayer("bn")).isInstanceOf(NativeBatchNormLayer.class);

        INDArray x = NativeBatchNormEquivalenceTest.features(DataType.DOUBLE, Layout.NHWC, 3);
        INDArray y = NativeBatchNormEquivalenceTest.labels(DataType.DOUBLE, 3);
        net.fit(x, y);
        File file = dir.resolve("native-bn.zip").toFile();
        ModelSerializer.writeModel(net, file, true);
        MultiLayerNetwork restored = ModelSerializer.restoreMultiLayerNetwork(file, true);
        assertThat(restored.getLayer(1)).isInstanceOf(NativeBatchNormLayer.class);
        assertThat(restored.params()).isEqualTo(net.params());
        assertThat(restored.output(x)).isEqualTo(net.output(x));
        restored.fit(x, y);
        net.fit(x, y);
        assertThat(restored.params()).isEqualTo(net.params());
    }

    @Test
    void ofCopiesEverySettingAndUseInReplacesOnlyBatchNorm() {
        BatchNormalization bn = new BatchNormalization.Builder().nIn(4).nOut(4).decay(0.7).eps(1e-3)
                .useLogStd(false).name("bn1").l2(1e-3).dataFormat(CNN2DFormat.NHWC).build();
        NativeBatchNorm n = NativeBatchNorm.of(bn);
        assertThat(n).isEqualTo(bn);
        assertThat(n.getLayerName()).isEqualTo("bn1");
        assertThat(n.getDecay()).isEqualTo(0.7);
        assertThat(n.isUseLogStd()).isFalse();
        assertThat(n.getCnn2DFormat()).isEqualTo(CNN2DFormat.NHWC);
        assertThat(n.getRegularization()).isEqualTo(bn.getRegularization());
        assertThat(new NativeBatchNorm.Builder().build()).isInstanceOf(NativeBatchNorm.class);

        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().list()
                .layer(new DenseLayer.Builder().nOut(4).build()).layer(new BatchNormalization.Builder().build())
                .layer(NativeBatchNormEquivalenceTest.layers(false, Layout.FF, true)[2])
                .setInputType(InputType.feedForward(3)).build();
        conf = NativeLayers.convert(conf);
        assertThat(conf.getConf(0).getLayer()).isExactlyInstanceOf(NativeDense.class);
        assertThat(conf.getConf(1).getLayer()).isExactlyInstanceOf(NativeBatchNorm.class);
        assertThat(((NativeBatchNorm) conf.getConf(1).getLayer()).getNOut()).isEqualTo(4);
    }

    /**
     * The backward pass reuses the training forward pass of the same input array and recomputes the batch
     * statistics otherwise (same results either way); an input with other strides is copied.
     */
    @ParameterizedTest
    @EnumSource(Layout.class)
    void backwardReusesOrRecomputesTheForwardPass(Layout layout) {
        MultiLayerNetwork[] n = {
            (MultiLayerNetwork) NativeBatchNormEquivalenceTest.net(false, DataType.DOUBLE, layout, false, true),
            (MultiLayerNetwork) NativeBatchNormEquivalenceTest.net(true, DataType.DOUBLE, layout, false, true)};
        INDArray x = NativeBatchNormEquivalenceTest.features(DataType.DOUBLE, layout, 4);
        // the batch-norm layer's input: the first layer's activations (F-order for the dense layer)
        INDArray in = n[0].feedForwardToLayer(1, x, true).get(1);
        Nd4j.getRandom().setSeed(13);
        INDArray eps = Nd4j.rand(DataType.DOUBLE, in.shape()).subi(0.5);
        LayerWorkspaceMgr mgr = LayerWorkspaceMgr.noWorkspaces();
        Pair<Gradient, INDArray>[] r = new Pair[3];
        INDArray[] grads = new INDArray[3];
        for (int k = 0; k < 3; k++) {
            MultiLayerNetwork net = n[Math.min(k, 1)];
            net.initGradientsView();
            org.deeplearning4j.nn.api.Layer layer = net.getLayer(1);
            layer.activate(in, true, mgr);
            if (k == 2) {
                layer.setInput(in.dup('f'), mgr);     // another array: statistics recomputed, input copied
            }
            r[k] = layer.backpropGradient(eps.dup('f'), mgr);
            grads[k] = layer.getGradientsViewArray().dup();
        }
        NativeBatchNormLayer bn = (NativeBatchNormLayer) n[1].getLayer(1);
        assertThat(bn.statisticsRecomputations).isEqualTo(1);
        for (int k = 1; k < 3; k++) {
            assertClose(r[k].getSecond(), r[0].getSecond(), 1e-10, "input epsilon " + k);
            assertClose(grads[k], grads[0], 1e-10, "gradients " + k);
        }
    }

    /** Locked gamma and beta run DL4J's implementation (same layer class, same results). */
    @Test
    void lockedGammaBetaFallsBackToDl4j() {
        MultiLayerNetwork[] n = new MultiLayerNetwork[2];
        for (int k = 0; k < 2; k++) {
            BatchNormalization.Builder b = k == 0 ? new BatchNormalization.Builder() : new NativeBatchNorm.Builder();
            n[k] = new MultiLayerNetwork(NativeBatchNormEquivalenceTest.base(DataType.DOUBLE).list()
                    .layer(new DenseLayer.Builder().nOut(5).build())
                    .layer(b.lockGammaBeta(true).gamma(1.5).beta(0.2).build())
                    .layer(NativeBatchNormEquivalenceTest.layers(false, Layout.FF, true)[2])
                    .setInputType(InputType.feedForward(6)).build());
            n[k].init();
        }
        n[1].setParams(n[0].params().dup());
        INDArray x = NativeBatchNormEquivalenceTest.features(DataType.DOUBLE, Layout.FF, 4);
        INDArray y = NativeBatchNormEquivalenceTest.labels(DataType.DOUBLE, 4);
        assertThat(((NativeBatchNormLayer) n[1].getLayer(1)).nativePath(x)).isFalse();
        for (int i = 0; i < 2; i++) {
            n[0].fit(x, y);
            n[1].fit(x, y);
        }
        assertThat(n[1].params()).isEqualTo(n[0].params());
        assertThat(n[1].output(x)).isEqualTo(n[0].output(x));
    }

    @Test
    void wrongChannelCountIsRefusedWithTheShape() {
        MultiLayerNetwork net = (MultiLayerNetwork) NativeBatchNormEquivalenceTest.net(true, DataType.DOUBLE,
                Layout.NCHW, false, true);
        assertThatThrownBy(() -> net.getLayer(1).activate(Nd4j.rand(DataType.DOUBLE, 2, 5, 3, 3), false,
                LayerWorkspaceMgr.noWorkspaces())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("5 channels").hasMessageContaining("nOut 4");
    }
}
