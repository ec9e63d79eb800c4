package org.alrao4j.zoo.adapt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.io.IOException;

import org.alrao4j.zoo.Models;
import org.alrao4j.zoo.TestNets;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.objdetect.Yolo2OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** The generic adapter on tiny custom classifiers: every feature kind, the parameters, and every refusal. */
class GenericAdapterTest {

    private static final InputType IMG = InputType.convolutional(6, 6, 2);

    @TempDir
    File dir;

    private static ComputationGraphConfiguration.GraphBuilder convBody() {
        return new NeuralNetConfiguration.Builder().seed(1).updater(new Sgd(0.1)).graphBuilder().addInputs("img")
                .addLayer("conv", new ConvolutionLayer.Builder(3, 3).nOut(4).activation(Activation.RELU).build(),
                        "img");
    }

    @Test
    void multiLayerNetworkKeepsItsParametersTrainsAndRestores() throws IOException {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(2).updater(new Sgd(0.1)).list()
                .layer(new DenseLayer.Builder().nOut(6).activation(Activation.TANH).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).activation(Activation.SOFTMAX)
                        .nOut(3).build())
                .setInputType(InputType.feedForward(4)).build();
        MultiLayerNetwork mln = new MultiLayerNetwork(conf);
        mln.init();
        ClassifierSplit split = ClassifierSplitter.split(mln, 3, InputType.feedForward(4));
        assertThat(split.featureVertex()).isEqualTo("0");
        assertThat(split.featureKind()).isEqualTo("flat");
        Nd4j.getRandom().setSeed(3);
        INDArray x = Nd4j.rand(DataType.FLOAT, 4, 4);
        assertThat(split.bodyNetwork().outputSingle(x)).isEqualTo(mln.feedForward(x, false).get(1));
        ComputationGraph alrao = split.alraoNetwork(TestNets.alrao(2));
        DataSet batch = new DataSet(x, Nd4j.eye(3).getRows(0, 1, 2, 0).castTo(DataType.FLOAT));
        TestNets.assertTrainingLowersLoss(alrao, batch, 1);
        TestNets.assertSaveRestore(alrao, x, dir);
    }

    @Test
    void convolutionalClassifierGetsGlobalAveragePooling() {
        ComputationGraphConfiguration conf = convBody()
                .addLayer("cls", new ConvolutionLayer.Builder(1, 1).nOut(3).build(), "conv")
                .addLayer("gap", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), "cls")
                .addLayer("softmax", new ActivationLayer(Activation.SOFTMAX), "gap")
                .addLayer("loss", new LossLayer.Builder(LossFunctions.LossFunction.MCXENT).build(), "softmax")
                .setOutputs("loss").setInputTypes(IMG).build();
        ComputationGraph net = new ComputationGraph(conf);
        net.init();
        ClassifierSplit split = ClassifierSplitter.split(net, 3, IMG);
        assertThat(split.removedVertices()).containsExactly("loss", "softmax", "gap", "cls");
        assertThat(split.featureKind()).isEqualTo("global-average-pooling");
        assertThat(split.featureSize()).isEqualTo(4);
        INDArray x = TestNets.batch(2, 2, 6, 6, 3, 4).getFeatures();
        assertThat(split.bodyNetwork().outputSingle(x).equalsWithEps(
                net.feedForward(x, false).get("conv").mean(2, 3), 1e-6)).isTrue();
        ComputationGraph baseline = new ComputationGraph(split.classifier(new Sgd(0.1)));
        baseline.init();
        assertThat(baseline.outputSingle(x).shape()).containsExactly(2, 3);
    }

    @Test
    void denseClassifierOnAMapKeepsTheFlattening() {
        ComputationGraphConfiguration conf = convBody()
                .addLayer("out", new OutputLayer.Builder().activation(Activation.SOFTMAX).nOut(3).build(), "conv")
                .setOutputs("out").setInputTypes(IMG).build();
        ComputationGraph net = new ComputationGraph(conf);
        net.init();
        ClassifierSplit split = ClassifierSplitter.split(net, 3, IMG);
        assertThat(split.featureKind()).isEqualTo("flatten");
        assertThat(split.featureSize()).isEqualTo(4 * 4 * 4);
        INDArray x = TestNets.batch(2, 2, 6, 6, 3, 5).getFeatures();
        INDArray expected = ZooAdaptersTest.expectedFeatures(split, net.feedForward(x, false));
        assertThat(split.bodyNetwork().outputSingle(x).equalsWithEps(expected, 1e-6)).isTrue();
    }

    @Test
    void recurrentClassifierKeepsTimeSteps() {
        ComputationGraphConfiguration lm = Models.languageModel(12, 5, 6, 1, 0, new Sgd(1), 1);
        ClassifierSplit split = ClassifierSplitter.split(lm, 12, InputType.recurrent(12));
        assertThat(split.featureVertex()).isEqualTo("lstm1");
        assertThat(split.featureKind()).isEqualTo("recurrent");
        assertThat(split.featureSize()).isEqualTo(6);
        assertThat(split.head(TestNets.alrao(2)).getNIn()).isEqualTo(6);
        assertThat(((org.deeplearning4j.nn.conf.graph.LayerVertex) split.classifier(new Sgd(1)).getVertices()
                .get(ClassifierSplit.OUTPUT)).getLayerConf().getLayer())
                .isInstanceOf(org.deeplearning4j.nn.conf.layers.RnnOutputLayer.class);
    }

    @Test
    void alexNetSizeLimitIsExact() {
        InputType ok = InputType.convolutional(ZooAdapters.ALEXNET_MIN_SIZE, ZooAdapters.ALEXNET_MIN_SIZE, 3);
        assertThat(ZooAdapters.split("AlexNet", ok, 3, new Sgd(0.1), 1).featureSize()).isEqualTo(4096);
        InputType small = InputType.convolutional(ZooAdapters.ALEXNET_MIN_SIZE - 1, ZooAdapters.ALEXNET_MIN_SIZE - 1,
                3);
        assertThatThrownBy(() -> ZooAdapters.split("AlexNet", small, 3, new Sgd(0.1), 1))
                .hasMessageContaining("too small").hasMessageContaining(">= 43");
    }

    @Test
    void refusals() {
        assertThatThrownBy(() -> ClassifierSplitter.split(convBody()
                .addLayer("out", new OutputLayer.Builder().activation(Activation.SOFTMAX).nOut(3).build(), "conv")
                .setOutputs("out").setInputTypes(IMG).build(), 5, IMG))
                .hasMessageContaining("nOut=3").hasMessageContaining("numClasses=5").hasMessageContaining("remedy");
        assertThatThrownBy(() -> ClassifierSplitter.split(convBody()
                .addLayer("c2", new ConvolutionLayer.Builder(1, 1).nOut(4).build(), "conv")
                .addVertex("sum", new ElementWiseVertex(ElementWiseVertex.Op.Add), "conv", "c2")
                .addLayer("out", new OutputLayer.Builder().activation(Activation.SOFTMAX).nOut(3).build(), "sum")
                .addLayer("gap", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), "sum")
                .addLayer("out2", new OutputLayer.Builder().activation(Activation.SOFTMAX).nOut(3).build(), "gap")
                .setOutputs("out", "out2").setInputTypes(IMG).build(), 3, IMG))
                .hasMessageContaining("outputs [out, out2]").hasMessageContaining("withHead");
        assertThatThrownBy(() -> ClassifierSplitter.split(convBody()
                .addLayer("gap", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), "conv")
                .addLayer("d", new DenseLayer.Builder().nOut(3).build(), "gap")
                .addVertex("sum", new ElementWiseVertex(ElementWiseVertex.Op.Add), "d", "d")
                .addLayer("loss", new LossLayer.Builder(LossFunctions.LossFunction.MCXENT)
                        .activation(Activation.SOFTMAX).build(), "sum")
                .setOutputs("loss").setInputTypes(IMG).build(), 3, IMG))
                .hasMessageContaining("'sum'").hasMessageContaining("exactly one input");
        assertThatThrownBy(() -> ClassifierSplitter.split(convBody()
                .addLayer("yolo", new Yolo2OutputLayer.Builder()
                        .boundingBoxPriors(Nd4j.create(new double[][] {{1, 1}})).build(), "conv")
                .setOutputs("yolo").setInputTypes(IMG).build(), 3, IMG))
                .hasMessageContaining("detection").hasMessageContaining("withHead");
        assertThatThrownBy(() -> ClassifierSplitter.split(convBody().setOutputs("conv").setInputTypes(IMG).build(),
                3, IMG, IMG)).hasMessageContaining("one InputType per network input");
    }
}
