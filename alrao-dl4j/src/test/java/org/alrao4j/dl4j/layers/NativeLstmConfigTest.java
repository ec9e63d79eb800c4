package org.alrao4j.dl4j.layers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.nio.file.Path;
import org.alrao4j.dl4j.DoublePrecision;
import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** NativeLstm's gradient check, serialization, refusals and configuration copying. */
@ExtendWith(DoublePrecision.class)
class NativeLstmConfigTest {

    @Test
    void gradientCheckPassesInDouble() {
        for (RNNFormat format : RNNFormat.values()) {
            MultiLayerNetwork net = NativeLstmEquivalenceTest.net(true, DataType.DOUBLE, format, false, 1.0);
            boolean ok = GradientCheckUtil.checkGradients(new GradientCheckUtil.MLNConfig().net(net)
                    .input(NativeLstmEquivalenceTest.features(DataType.DOUBLE, format, 2, 4))
                    .labels(NativeLstmEquivalenceTest.labels(DataType.DOUBLE, format, 2, 4)).subset(false)
                    .epsilon(1e-6).maxRelError(1e-5).minAbsoluteError(1e-9));
            assertThat(ok).as("gradient check, %s", format).isTrue();
        }
    }

    @Test
    void jsonAndModelSerializerRoundTrip(@TempDir Path dir) throws Exception {
        MultiLayerNetwork net = NativeLstmEquivalenceTest.net(true, DataType.DOUBLE, RNNFormat.NCW, false);
        MultiLayerConfiguration conf = net.getLayerWiseConfigurations();
        MultiLayerConfiguration back = MultiLayerConfiguration.fromJson(conf.toJson());
        assertThat(back).isEqualTo(conf);
        assertThat(back.getConf(0).getLayer()).isInstanceOf(NativeLstm.class);
        assertThat(((LSTM) back.getConf(0).getLayer()).getForgetGateBiasInit()).isEqualTo(0.7);

        File file = dir.resolve("native-lstm.zip").toFile();
        ModelSerializer.writeModel(net, file, true);
        MultiLayerNetwork restored = ModelSerializer.restoreMultiLayerNetwork(file, true);
        assertThat(restored.getLayer(0)).isInstanceOf(NativeLstmLayer.class);
        INDArray x = NativeLstmEquivalenceTest.features(DataType.DOUBLE, RNNFormat.NCW, 2, 5);
        assertThat(restored.output(x)).isEqualTo(net.output(x));
    }

    @Test
    void ofCopiesEverySetting() {
        LSTM lstm = new LSTM.Builder().nIn(3).nOut(5).activation(Activation.TANH).forgetGateBiasInit(0.3)
                .dropOut(0.8).l2(1e-3).name("enc").dataFormat(RNNFormat.NWC).build();
        NativeLstm n = NativeLstm.of(lstm);
        assertThat(n.getNIn()).isEqualTo(3);
        assertThat(n.getNOut()).isEqualTo(5);
        assertThat(n.getForgetGateBiasInit()).isEqualTo(0.3);
        assertThat(n.getLayerName()).isEqualTo("enc");
        assertThat(n.getRnnDataFormat()).isEqualTo(RNNFormat.NWC);
        assertThat(n.getIDropout()).isEqualTo(lstm.getIDropout());
        assertThat(n.getRegularization()).isEqualTo(lstm.getRegularization());
    }

    @Test
    void refusesOtherActivations() {
        assertThatThrownBy(() -> new NativeLstm.Builder().nOut(3).activation(Activation.RELU).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tanh")
                .hasMessageContaining("use DL4J's LSTM");
        assertThatThrownBy(() -> new NativeLstm.Builder().nOut(3).activation(Activation.TANH)
                .gateActivationFunction(Activation.HARDSIGMOID).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sigmoid");
    }

    @Test
    void refusesAMaskSetOnTheLayer() {
        MultiLayerNetwork net = NativeLstmEquivalenceTest.net(true, DataType.DOUBLE, RNNFormat.NCW, false);
        INDArray x = NativeLstmEquivalenceTest.features(DataType.DOUBLE, RNNFormat.NCW, 2, 5);
        org.deeplearning4j.nn.api.Layer layer = net.getLayer(0);
        layer.setMaskArray(Nd4j.ones(DataType.DOUBLE, 2, 5));
        assertThatThrownBy(() -> layer.activate(x, false,
                org.deeplearning4j.nn.workspace.LayerWorkspaceMgr.noWorkspaces()))
                .isInstanceOf(UnsupportedOperationException.class).hasMessageContaining("masks")
                .hasMessageContaining("DL4J's LSTM");
    }

    /**
     * DL4J's network passes feature masks to an LSTM through {@code feedForwardMaskArray}, which LSTM ignores
     * (masking happens at the output layer), so a masked network gives the same results with either layer.
     */
    @Test
    void featureMaskedNetworkMatchesDl4j() {
        MultiLayerNetwork[] n = NativeLstmEquivalenceTest.pair(DataType.DOUBLE, RNNFormat.NCW, false);
        INDArray x = NativeLstmEquivalenceTest.features(DataType.DOUBLE, RNNFormat.NCW, 2, 6);
        INDArray mask = Nd4j.ones(DataType.DOUBLE, 2, 6);
        mask.putScalar(1, 5, 0);
        mask.putScalar(1, 4, 0);
        NativeLstmEquivalenceTest.assertClose(n[1].output(x, false, mask, mask), n[0].output(x, false, mask, mask),
                1e-10);
    }

    @Test
    void refusesShorterTbpttBackwardLength() {
        MultiLayerNetwork net = NativeLstmEquivalenceTest.net(true, DataType.DOUBLE, RNNFormat.NCW, true);
        net.initGradientsView();
        INDArray x = NativeLstmEquivalenceTest.features(DataType.DOUBLE, RNNFormat.NCW, 2, 3);
        org.deeplearning4j.nn.workspace.LayerWorkspaceMgr mgr =
                org.deeplearning4j.nn.workspace.LayerWorkspaceMgr.noWorkspaces();
        org.deeplearning4j.nn.api.layers.RecurrentLayer layer =
                (org.deeplearning4j.nn.api.layers.RecurrentLayer) net.getLayer(0);
        layer.setInput(x, mgr);
        assertThatThrownBy(() -> layer.tbpttBackpropGradient(Nd4j.ones(DataType.DOUBLE, 2, 4, 3), 2, mgr))
                .isInstanceOf(UnsupportedOperationException.class).hasMessageContaining("tBPTTBackwardLength 2");
    }
}
