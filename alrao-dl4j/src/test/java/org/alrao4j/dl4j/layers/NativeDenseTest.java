package org.alrao4j.dl4j.layers;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.alrao4j.dl4j.DoublePrecision;
import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.weightnoise.DropConnect;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** NativeDense against DL4J's DenseLayer: outputs, gradients, training, gradient check and serialization. */
@ExtendWith(DoublePrecision.class)
class NativeDenseTest {

    /** Three dense layers with the given activations (DL4J's or NativeDense), then a softmax output. */
    static MultiLayerConfiguration conf(boolean nativeLayers, DataType type, boolean dropout, Activation... acts) {
        NeuralNetConfiguration.ListBuilder b = new NeuralNetConfiguration.Builder().seed(3).dataType(type)
                .updater(new Sgd(0.1)).list();
        for (int i = 0; i < acts.length; i++) {
            DenseLayer.Builder d = nativeLayers ? new NativeDense.Builder() : new DenseLayer.Builder();
            d.nOut(5 + i).activation(acts[i]);
            if (dropout && i == 1) {
                d.dropOut(0.7);
            }
            b.layer(d.build());
        }
        return b.layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).activation(Activation.SOFTMAX)
                .nOut(3).build()).setInputType(InputType.feedForward(4)).build();
    }

    static MultiLayerNetwork net(boolean nativeLayers, DataType type, boolean dropout, Activation... acts) {
        MultiLayerNetwork net = new MultiLayerNetwork(conf(nativeLayers, type, dropout, acts));
        net.init();
        return net;
    }

    static DataSet data(DataType type, int batch, long seed) {
        INDArray x = Nd4j.rand(type, batch, 4).subi(0.5).muli(3);
        INDArray y = Nd4j.zeros(type, batch, 3);
        for (int i = 0; i < batch; i++) {
            y.putScalar(i, (i + seed) % 3, 1.0);
        }
        return new DataSet(x, y);
    }

    private static final Activation[][] ACTIVATIONS = {
        {Activation.RELU, Activation.RELU, Activation.RELU},
        {Activation.TANH, Activation.SIGMOID, Activation.IDENTITY},
        {Activation.LEAKYRELU, Activation.ELU, Activation.SOFTPLUS},
    };

    @Test
    void gradientsAndEpsilonEqualDl4jDenseLayers() {
        for (DataType type : new DataType[] {DataType.DOUBLE, DataType.FLOAT}) {
            double tol = type == DataType.DOUBLE ? 1e-12 : 1e-5;
            for (Activation[] acts : ACTIVATIONS) {
                MultiLayerNetwork dl4j = net(false, type, false, acts);
                MultiLayerNetwork nat = net(true, type, false, acts);
                assertThat(nat.params()).isEqualTo(dl4j.params());
                DataSet d = data(type, 6, 0);
                assertThat(nat.output(d.getFeatures()).sub(dl4j.output(d.getFeatures())).amaxNumber().doubleValue())
                        .as("output %s %s", type, List.of(acts)).isLessThan(tol);
                Pair<Gradient, INDArray> g1 = dl4j.calculateGradients(d.getFeatures(), d.getLabels(), null, null);
                Pair<Gradient, INDArray> g2 = nat.calculateGradients(d.getFeatures(), d.getLabels(), null, null);
                for (Map.Entry<String, INDArray> e : g1.getFirst().gradientForVariable().entrySet()) {
                    INDArray other = g2.getFirst().gradientForVariable().get(e.getKey());
                    assertThat(other.sub(e.getValue()).amaxNumber().doubleValue())
                            .as("gradient %s %s %s", e.getKey(), type, List.of(acts)).isLessThan(tol);
                }
                assertThat(g2.getSecond().sub(g1.getSecond()).amaxNumber().doubleValue())
                        .as("input epsilon %s %s", type, List.of(acts)).isLessThan(tol);
            }
        }
    }

    @Test
    void trainingMatchesDl4jWithDropoutOverSeveralSteps() {
        for (DataType type : new DataType[] {DataType.DOUBLE, DataType.FLOAT}) {
            double tol = type == DataType.DOUBLE ? 1e-10 : 1e-5;
            MultiLayerNetwork dl4j = net(false, type, true, Activation.RELU, Activation.TANH, Activation.RELU);
            MultiLayerNetwork nat = net(true, type, true, Activation.RELU, Activation.TANH, Activation.RELU);
            for (int step = 0; step < 5; step++) {
                // dropout masks come from ND4J's global generator: same seed before each network's step
                DataSet d = data(type, 4 + step, step);
                Nd4j.getRandom().setSeed(100 + step);
                dl4j.fit(d);
                Nd4j.getRandom().setSeed(100 + step);
                nat.fit(d);
                assertThat(nat.score()).as("score step %d %s", step, type).isCloseTo(dl4j.score(),
                        org.assertj.core.data.Offset.offset(tol));
            }
            assertThat(nat.params().sub(dl4j.params()).amaxNumber().doubleValue()).as("params %s", type)
                    .isLessThan(tol);
        }
    }

    @Test
    void backwardPassReusesTheTrainingForwardPass() {
        MultiLayerNetwork nat = net(true, DataType.DOUBLE, false, Activation.RELU, Activation.TANH);
        DataSet d = data(DataType.DOUBLE, 5, 0);
        for (int i = 0; i < 3; i++) {
            nat.fit(d);
        }
        for (int i = 0; i < 2; i++) {
            assertThat(((NativeDenseLayer) nat.getLayer(i)).forwardRecomputations).isZero();
        }
        // an inference pass in between invalidates what was kept: the backward pass must recompute
        MultiLayerNetwork dl4j = net(false, DataType.DOUBLE, false, Activation.RELU, Activation.TANH);
        for (int i = 0; i < 3; i++) {
            dl4j.fit(d);
        }
        NativeDenseLayer first = (NativeDenseLayer) nat.getLayer(0);
        nat.getLayer(0).activate(d.getFeatures(), true, org.deeplearning4j.nn.workspace.LayerWorkspaceMgr.noWorkspaces());
        nat.getLayer(0).activate(d.getFeatures().dup(), false,
                org.deeplearning4j.nn.workspace.LayerWorkspaceMgr.noWorkspaces());
        INDArray eps = Nd4j.rand(DataType.DOUBLE, 5, 5);
        Pair<Gradient, INDArray> n = first.backpropGradient(eps,
                org.deeplearning4j.nn.workspace.LayerWorkspaceMgr.noWorkspaces());
        assertThat(first.forwardRecomputations).isEqualTo(1);
        dl4j.getLayer(0).activate(d.getFeatures().dup(), false,
                org.deeplearning4j.nn.workspace.LayerWorkspaceMgr.noWorkspaces());
        Pair<Gradient, INDArray> r = dl4j.getLayer(0).backpropGradient(eps,
                org.deeplearning4j.nn.workspace.LayerWorkspaceMgr.noWorkspaces());
        assertThat(n.getSecond().sub(r.getSecond()).amaxNumber().doubleValue()).isLessThan(1e-12);
    }

    @Test
    void skippingTheInputGradientOfTheFirstLayerChangesNothingElse() {
        for (boolean graph : new boolean[] {false, true}) {
            MultiLayerConfiguration c = conf(true, DataType.DOUBLE, false, Activation.RELU, Activation.RELU);
            ((NativeDense) c.getConf(0).getLayer()).setInputGradient(false);
            MultiLayerNetwork withInputGradient = net(true, DataType.DOUBLE, false, Activation.RELU, Activation.RELU);
            DataSet d = data(DataType.DOUBLE, 6, 0);
            INDArray params;
            if (graph) {
                ComputationGraph g = new ComputationGraph(toGraph(c));
                g.init();
                for (int i = 0; i < 3; i++) {
                    g.fit(d);
                }
                params = g.params();
            } else {
                MultiLayerNetwork net = new MultiLayerNetwork(c);
                net.init();
                for (int i = 0; i < 3; i++) {
                    net.fit(d);
                }
                params = net.params();
            }
            for (int i = 0; i < 3; i++) {
                withInputGradient.fit(d);
            }
            assertThat(params.sub(withInputGradient.params()).amaxNumber().doubleValue()).as("graph %s", graph)
                    .isLessThan(1e-12);
        }
    }

    private static ComputationGraphConfiguration toGraph(MultiLayerConfiguration c) {
        ComputationGraphConfiguration.GraphBuilder g = new NeuralNetConfiguration.Builder().seed(3)
                .dataType(DataType.DOUBLE).updater(new Sgd(0.1)).graphBuilder().addInputs("in");
        String prev = "in";
        for (int i = 0; i < c.getConfs().size(); i++) {
            g.addLayer("l" + i, c.getConf(i).getLayer().clone(), prev);
            prev = "l" + i;
        }
        return g.setOutputs(prev).setInputTypes(InputType.feedForward(4)).build();
    }

    @Test
    void gradientCheckPassesInDouble() {
        for (Activation[] acts : ACTIVATIONS) {
            MultiLayerConfiguration c = conf(true, DataType.DOUBLE, false, acts);
            c.getConfs().forEach(l -> ((org.deeplearning4j.nn.conf.layers.BaseLayer) l.getLayer())
                    .setIUpdater(new org.nd4j.linalg.learning.config.NoOp()));
            MultiLayerNetwork net = new MultiLayerNetwork(c);
            net.init();
            DataSet d = data(DataType.DOUBLE, 3, 1);
            boolean ok = GradientCheckUtil.checkGradients(new GradientCheckUtil.MLNConfig().net(net)
                    .input(d.getFeatures()).labels(d.getLabels()).subset(false).epsilon(1e-6).maxRelError(1e-5)
                    .minAbsoluteError(1e-9));
            assertThat(ok).as("gradient check %s", List.of(acts)).isTrue();
        }
    }

    @Test
    void jsonAndModelSerializerRoundTrip(@TempDir Path dir) throws Exception {
        MultiLayerConfiguration conf = conf(true, DataType.DOUBLE, true, Activation.RELU, Activation.TANH);
        ((NativeDense) conf.getConf(0).getLayer()).setInputGradient(false);
        MultiLayerConfiguration back = MultiLayerConfiguration.fromJson(conf.toJson());
        assertThat(back).isEqualTo(conf);
        assertThat(back.getConf(0).getLayer()).isInstanceOf(NativeDense.class);
        assertThat(((NativeDense) back.getConf(0).getLayer()).isInputGradient()).isFalse();
        assertThat(((NativeDense) back.getConf(1).getLayer()).isInputGradient()).isTrue();

        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        net.fit(data(DataType.DOUBLE, 4, 0));
        File file = dir.resolve("native-dense.zip").toFile();
        ModelSerializer.writeModel(net, file, true);
        MultiLayerNetwork restored = ModelSerializer.restoreMultiLayerNetwork(file, true);
        assertThat(restored.getLayer(0)).isInstanceOf(NativeDenseLayer.class);
        DataSet d = data(DataType.DOUBLE, 4, 1);
        assertThat(restored.output(d.getFeatures())).isEqualTo(net.output(d.getFeatures()));
        Nd4j.getRandom().setSeed(11);
        restored.fit(d);
        Nd4j.getRandom().setSeed(11);
        net.fit(d);
        assertThat(restored.params()).isEqualTo(net.params());
    }

    @Test
    void ofCopiesEverySettingAndUnsupportedFeaturesUseDl4jsPath() {
        DenseLayer dense = new DenseLayer.Builder().nIn(4).nOut(6).activation(new ActivationReLU(6.0, 0.0, 0.0))
                .hasBias(false).dropOut(0.8).l2(1e-3).name("fc").build();
        NativeDense n = NativeDense.of(dense);
        assertThat(n.getNIn()).isEqualTo(4);
        assertThat(n.getNOut()).isEqualTo(6);
        assertThat(n.hasBias()).isFalse();
        assertThat(n.getLayerName()).isEqualTo("fc");
        assertThat(n.getIDropout()).isEqualTo(dense.getIDropout());
        assertThat(n.getRegularization()).isEqualTo(dense.getRegularization());
        assertThat(n.getActivationFn()).isEqualTo(dense.getActivationFn());

        // layer norm, weight noise, a capped ReLU and no bias, a cap of 0.0 (DL4J's forward pass clamps to it):
        // same results as DL4J's layer
        for (int variant = 0; variant < 4; variant++) {
            DenseLayer.Builder a = new DenseLayer.Builder().nIn(4).nOut(5);
            DenseLayer.Builder b = new NativeDense.Builder().nIn(4).nOut(5);
            for (DenseLayer.Builder x : List.of(a, b)) {
                switch (variant) {
                    case 0 -> x.hasLayerNorm(true).activation(Activation.TANH);
                    case 1 -> x.weightNoise(new DropConnect(0.9)).activation(Activation.RELU);
                    case 2 -> x.hasBias(false).activation(new ActivationReLU(0.5, 0.0, 0.0));
                    default -> x.activation(new ActivationReLU(0.0, 0.0, null));
                }
            }
            MultiLayerNetwork n1 = single(a.build());
            MultiLayerNetwork n2 = single(b.build());
            DataSet d = data(DataType.DOUBLE, 5, 2);
            Nd4j.getRandom().setSeed(7);
            n1.fit(d);
            Nd4j.getRandom().setSeed(7);
            n2.fit(d);
            assertThat(n2.params().sub(n1.params()).amaxNumber().doubleValue()).as("variant %d", variant)
                    .isLessThan(1e-12);
        }
    }

    private static MultiLayerNetwork single(DenseLayer layer) {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(5)
                .dataType(DataType.DOUBLE).updater(new Sgd(0.1)).list().layer(layer)
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).activation(Activation.SOFTMAX)
                        .nOut(3).build()).setInputType(InputType.feedForward(4)).build());
        net.init();
        return net;
    }
}
