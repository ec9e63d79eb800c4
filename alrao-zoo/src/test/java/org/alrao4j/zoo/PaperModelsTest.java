package org.alrao4j.zoo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.io.IOException;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DepthwiseConvolution2D;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.Sgd;

/**
 * The paper's architectures as Alrao networks and plain baselines at tiny inputs (8x8; VGG19 32x32, forward only),
 * batch 2-4, one step: shapes of the features the classifiers read, training, save/restore (custom vertex and init
 * in JSON).
 */
class PaperModelsTest {

    @TempDir
    File dir;

    private static ComputationGraph alraoNet(String name, int side, int multiplier) {
        ComputationGraphConfiguration conf = Models.classifier(name, InputType.convolutional(side, side, 3), 10,
                multiplier, new Sgd(0.01), 3);
        ComputationGraph net = new ComputationGraph(TestNets.alrao(3).convert(conf));
        net.init();
        return net;
    }

    @Test
    void googLeNetTrains() {
        ComputationGraph net = alraoNet("GoogLeNet", 8, 1);
        TestNets.assertTrainingLowersLoss(net, TestNets.batch(2, 3, 8, 8, 10, 1), 1);
    }

    @Test
    void mobileNetV2TrainsAndRestores() throws IOException {
        ComputationGraph net = alraoNet("MobileNetV2", 8, 1);
        assertThat(((LayerVertex) net.getConfiguration().getVertices().get("block2_dw")).getLayerConf().getLayer())
                .isInstanceOf(DepthwiseConvolution2D.class);
        DataSet batch = TestNets.batch(4, 3, 8, 8, 10, 2); // the last stages are 1x1: batch norm over 4 values
        TestNets.assertTrainingLowersLoss(net, batch, 1);
        TestNets.assertSaveRestore(net, batch.getFeatures(), dir);
    }

    @Test
    void senet18TrainsAndItsChannelScaleVertexSerializes() {
        ComputationGraph net = alraoNet("SENet18", 8, 1);
        DataSet batch = TestNets.batch(2, 3, 8, 8, 10, 3);
        INDArray excite = net.feedForward(batch.getFeatures(), false).get("layer1_0_excite");
        assertThat(excite.shape()).containsExactly(2, 64, 8, 8);
        TestNets.assertTrainingLowersLoss(net, batch, 1);
        String json = net.getConfiguration().toJson();
        assertThat(json).contains("ChannelScaleVertex").contains("TorchDefaultInit");
        assertThat(ComputationGraphConfiguration.fromJson(json)).isEqualTo(net.getConfiguration());
    }

    @Test
    void vgg19PlainBaselineFeaturesAt32() {
        ComputationGraph net = new ComputationGraph(Models.classifier("VGG19", InputType.convolutional(32, 32, 3), 10,
                1, new Sgd(0.01), 4));
        net.init();
        INDArray x = TestNets.batch(1, 3, 32, 32, 10, 4).getFeatures();
        assertThat(net.feedForward(x, false).get(CifarArchitectures.FEATURES).shape()).containsExactly(1, 512);
        assertThat(net.outputSingle(x).sumNumber().doubleValue()).isCloseTo(1.0, org.assertj.core.api.Assertions
                .within(1e-4));
    }

    @Test
    void widthMultiplierWidensFeatures() {
        InputType cifar = InputType.convolutional(32, 32, 3);
        assertThat(Models.classifier("MobileNetV2", cifar, 10, 2, new Sgd(0.01), 5).getLayerActivationTypes(cifar)
                .get(CifarArchitectures.FEATURES)).isEqualTo(InputType.feedForward(2560));
        assertThat(Models.classifier("SENet18", cifar, 10, 2, new Sgd(0.01), 5).getLayerActivationTypes(cifar)
                .get(CifarArchitectures.FEATURES)).isEqualTo(InputType.feedForward(1024));
        assertThat(Models.classifier("VGG19", cifar, 10, 2, new Sgd(0.01), 5).getLayerActivationTypes(cifar)
                .get(CifarArchitectures.FEATURES)).isEqualTo(InputType.feedForward(512));
    }

    @Test
    void namesAndRefusals() {
        assertThat(Models.names()).contains("VGG19", "GoogLeNet", "MobileNetV2", "SENet18", "LeNet", "ResNet50",
                "VGG16", "SqueezeNet", "Darknet19", "Xception", "AlexNet", "SimpleCNN", "zoo:VGG19", "zoo:LeNet");
        InputType cifar = InputType.convolutional(32, 32, 3);
        assertThatThrownBy(() -> Models.classifier("ResNet18", cifar, 10, 1, new Sgd(0.1), 1))
                .hasMessageContaining("model=ResNet18").hasMessageContaining("supported");
        assertThatThrownBy(() -> Models.classifier("GoogLeNet", cifar, 10, 0, new Sgd(0.1), 1))
                .hasMessageContaining("sizeMultiplier=0").hasMessageContaining(">= 1");
        assertThatThrownBy(() -> Models.classifier("YOLO2", cifar, 10, 1, new Sgd(0.1), 1))
                .hasMessageContaining("detection");
        assertThatThrownBy(() -> Models.classifier("NASNet", cifar, 10, 1, new Sgd(0.1), 1))
                .hasMessageContaining("#7319");
        assertThatThrownBy(() -> Models.classifier("AlexNet", cifar, 10, 1, new Sgd(0.1), 1))
                .hasMessageContaining("32x32").hasMessageContaining(">= 43");
        for (String name : Models.names()) {
            ComputationGraphConfiguration conf = Models.classifier(name, name.endsWith("LeNet") && !name.equals("GoogLeNet")
                    ? InputType.convolutional(28, 28, 1) : InputType.convolutional(name.equals("AlexNet") ? 64 : 32,
                    name.equals("AlexNet") ? 64 : 32, 3), 10, 1, new Sgd(0.1), 1);
            assertThat(conf.getNetworkInputs()).as(name).containsExactly(Models.INPUT);
            assertThat(conf.getNetworkOutputs()).as(name).containsExactly(Models.OUTPUT);
            System.out.printf("%s: %,d parameters (%,d trainable)%n", name, ParameterCounts.total(conf),
                    ParameterCounts.trainable(conf));
        }
    }
}
