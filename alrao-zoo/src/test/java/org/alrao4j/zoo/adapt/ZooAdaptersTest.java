package org.alrao4j.zoo.adapt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;

import org.alrao4j.core.AlraoUpdater;
import org.alrao4j.dl4j.AlraoNetworks;
import org.alrao4j.dl4j.head.AlraoOutputLayer;
import org.alrao4j.zoo.TestNets;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInitRelu;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.Sgd;

/**
 * Every zoo adapter at its smallest supported input: the body computes exactly the original network's features
 * with the original parameters, the Alrao configuration installs on every body layer, and the Alrao network takes
 * one training step that lowers the loss on a repeated batch and survives save/restore (the big models, 20-34M
 * parameters, at their smallest input: 10-35 s each on 2 cores). Batch 2, except Darknet19 (8) and ResNet50 (4):
 * at 32x32 their last blocks (Darknet19 14-18, ResNet50 stages 4-5) see 1x1 maps, where batch norm normalises
 * over the minibatch alone; with 2 examples every channel becomes +-1, the training-mode loss is flat almost
 * everywhere with spikes, and its gradient (Darknet19: norm ~7e5) is noise, so no step size goes downhill
 * reliably. ResNet50 also needs the adapter's zero-initialised residual branches (see {@link ZooAdapters}).
 */
class ZooAdaptersTest {

    private static final int K = 5;

    @TempDir
    File dir;

    @ParameterizedTest(name = "{0} at {1}x{1}x{2}, batch {5}")
    @CsvSource({
        "LeNet, 28, 1, flat, 500, 2",
        "SimpleCNN, 16, 3, global-average-pooling, 256, 2",
        "SqueezeNet, 32, 3, global-average-pooling, 512, 2",
        "ResNet50, 32, 3, flat, 2048, 4",
        "Darknet19, 32, 3, global-average-pooling, 1024, 8",
        "VGG16, 32, 3, flat, 4096, 2",
        "VGG19, 32, 3, flat, 4096, 2",
        "Xception, 32, 3, flat, 2048, 2",
        "AlexNet, 43, 3, flat, 4096, 2",
    })
    void adapterSplitsExactly(String model, int side, int channels, String kind, long features, int batchSize)
            throws IOException {
        InputType input = InputType.convolutional(side, side, channels);
        ComputationGraphConfiguration conf = ZooAdapters.graph(model, input, K, new Sgd(0.01), 11);
        // dropout masks would make a one-step loss comparison a coin flip (SimpleCNN has five 0.5 dropouts)
        conf.getVertices().values().stream().filter(v -> v instanceof LayerVertex)
                .forEach(v -> ((LayerVertex) v).getLayerConf().getLayer().setIDropout(null));
        ComputationGraph original = new ComputationGraph(conf);
        original.init();
        ClassifierSplit split = ClassifierSplitter.split(original, K, input);
        assertThat(split.featureKind()).isEqualTo(kind);
        assertThat(split.featureSize()).isEqualTo(features);
        assertThat(split.hasSourceParameters()).isTrue();

        DataSet batch = TestNets.batch(batchSize, channels, side, side, K, 12);
        INDArray x = batch.getFeatures();
        Map<String, INDArray> acts = original.feedForward(x, false);
        INDArray expected = expectedFeatures(split, acts);
        ComputationGraph body = split.bodyNetwork();
        INDArray actual = body.outputSingle(false, x);
        assertThat(actual.shape()).containsExactly(x.size(0), features);
        assertThat(actual.equalsWithEps(expected, 1e-5)).as("body features equal the original's").isTrue();

        // small rates: one step of deep networks with batch norm on a few examples must go downhill, not overshoot
        AlraoNetworks alrao = TestNets.alrao(3, 1e-4, 3e-3);
        ComputationGraphConfiguration alraoConf = split.alrao(alrao);
        for (var v : alraoConf.getVertices().entrySet()) {
            if (v.getValue() instanceof LayerVertex && v.getValue().numParams(true) > 0
                    && !v.getKey().equals(AlraoNetworks.HEAD_NAME)) {
                assertThat(((BaseLayer) ((LayerVertex) v.getValue()).getLayerConf().getLayer()).getIUpdater())
                        .as(v.getKey()).isInstanceOf(AlraoUpdater.class);
            }
        }
        AlraoOutputLayer head = split.head(alrao);
        assertThat(head.getNIn()).isEqualTo(features);
        assertThat(head.getNOut()).isEqualTo(K);
        ComputationGraph net = split.alraoNetwork(alrao);
        String someLayer = split.body().getVertices().keySet().stream()
                .filter(n -> original.getLayer(n) != null && original.getLayer(n).numParams() > 0).findFirst()
                .orElseThrow();
        assertThat(net.getLayer(someLayer).params()).isEqualTo(original.getLayer(someLayer).params());
        TestNets.assertTrainingLowersLoss(net, batch, 1);
        TestNets.assertSaveRestore(net, x, dir);
    }

    /** The seed decides the initial weights, also for the zoo's multi-layer models converted to graphs. */
    @ParameterizedTest
    @CsvSource({"LeNet, 28, 1", "SimpleCNN, 16, 3", "VGG16, 32, 3"})
    void sameSeedSameInitialWeights(String model, int side, int channels) {
        InputType input = InputType.convolutional(side, side, channels);
        ComputationGraph first = new ComputationGraph(ZooAdapters.graph(model, input, K, new Sgd(0.01), 11));
        first.init();
        ComputationGraph again = new ComputationGraph(ZooAdapters.graph(model, input, K, new Sgd(0.01), 11));
        again.init();
        ComputationGraph other = new ComputationGraph(ZooAdapters.graph(model, input, K, new Sgd(0.01), 12));
        other.init();
        assertThat(again.params()).isEqualTo(first.params());
        assertThat(other.params()).isNotEqualTo(first.params());
    }

    /** ResNet50: He initialisation, and the last batch norm of each of the 16 residual branches starts at gamma 0. */
    @Test
    void resNet50StartsEveryResidualBranchAtZero() {
        ComputationGraphConfiguration conf = ZooAdapters.graph("ResNet50", InputType.convolutional(32, 32, 3), K,
                new Sgd(0.1), 1);
        Map<String, Double> gammas = new TreeMap<>();
        conf.getVertices().forEach((name, v) -> {
            if (v instanceof LayerVertex && ((LayerVertex) v).getLayerConf().getLayer() instanceof BatchNormalization) {
                gammas.put(name, ((BatchNormalization) ((LayerVertex) v).getLayerConf().getLayer()).getGamma());
            }
        });
        assertThat(gammas).hasSize(53);
        assertThat(gammas.entrySet().stream().filter(e -> e.getValue() == 0.0).map(Map.Entry::getKey))
                .hasSize(16).allMatch(n -> n.matches("bn[2-5][a-f]_branch2c"));
        assertThat(gammas.values()).filteredOn(g -> g != 0.0).containsOnly(1.0);
        ComputationGraph net = new ComputationGraph(conf);
        net.init();
        assertThat(net.getLayer("bn2a_branch2c").getParam("gamma").maxNumber().doubleValue()).isZero();
        assertThat(((BaseLayer) ((LayerVertex) conf.getVertices().get("res3a_branch2b")).getLayerConf().getLayer())
                .getWeightInitFn()).isInstanceOf(WeightInitRelu.class);
    }

    /** The original network's activations at the feature vertex, pooled or flattened as the split does. */
    static INDArray expectedFeatures(ClassifierSplit split, Map<String, INDArray> acts) {
        ComputationGraphConfiguration body = split.body();
        switch (split.featureKind()) {
            case "global-average-pooling":
                return acts.get(body.getVertexInputs().get(split.featureVertex()).get(0)).mean(2, 3);
            case "flatten":
                INDArray map = acts.get(body.getVertexInputs().get(split.featureVertex()).get(0));
                return map.reshape('c', map.size(0), map.length() / map.size(0));
            default:
                return acts.get(split.featureVertex());
        }
    }

    @Test
    void refusalsNameTheReasonAndTheRemedy() {
        InputType cifar = InputType.convolutional(32, 32, 3);
        assertThat(ZooAdapters.refused().keySet()).containsExactly("TinyYOLO", "YOLO2", "UNet", "FaceNetNN4Small2",
                "InceptionResNetV1", "TextGenerationLSTM", "NASNet");
        assertThatThrownBy(() -> ZooAdapters.split("TinyYOLO", cifar, K, new Sgd(0.1), 1))
                .hasMessageContaining("detection");
        assertThatThrownBy(() -> ZooAdapters.split("unet", cifar, K, new Sgd(0.1), 1))
                .hasMessageContaining("segmentation");
        assertThatThrownBy(() -> ZooAdapters.split("FaceNetNN4Small2", cifar, K, new Sgd(0.1), 1))
                .hasMessageContaining("embedding").hasMessageContaining("withHead");
        assertThatThrownBy(() -> ZooAdapters.split("TextGenerationLSTM", cifar, K, new Sgd(0.1), 1))
                .hasMessageContaining("GravesLSTM").hasMessageContaining("Models.languageModel");
        assertThatThrownBy(() -> ZooAdapters.split("NASNet", cifar, K, new Sgd(0.1), 1))
                .hasMessageContaining("#7319");
        assertThatThrownBy(() -> ZooAdapters.split("AlexNet", cifar, K, new Sgd(0.1), 1))
                .hasMessageContaining("input 32x32 is too small").hasMessageContaining(">= 43")
                .hasMessageContaining("remedy");
        assertThatThrownBy(() -> ZooAdapters.split("ResNet18", cifar, K, new Sgd(0.1), 1))
                .hasMessageContaining("model=ResNet18").hasMessageContaining("supported: [ResNet50");
        assertThatThrownBy(() -> ZooAdapters.split("VGG16", InputType.feedForward(10), K, new Sgd(0.1), 1))
                .hasMessageContaining("InputType.convolutional");
    }

    @Test
    void confOnlySplitMatchesNetworkSplit() {
        InputType input = InputType.convolutional(32, 32, 3);
        ClassifierSplit fromConf = ZooAdapters.split("Darknet19", input, K, new Sgd(0.1), 3);
        assertThat(fromConf.hasSourceParameters()).isFalse();
        assertThat(fromConf.removedVertices()).containsExactly("loss", "softmax", "globalpooling",
                "convolution2d_19");
        assertThat(fromConf.classifierVertex()).isEqualTo("convolution2d_19");
        ComputationGraphConfiguration plain = fromConf.classifier(new Sgd(0.1));
        assertThat(plain.getNetworkOutputs()).containsExactly(ClassifierSplit.OUTPUT);
        assertThat(plain.getVertexInputs().get(ClassifierSplit.OUTPUT)).containsExactly(ClassifierSplitter.FEATURES);
    }
}
