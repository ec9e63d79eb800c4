package org.alrao4j.dl4j.head;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Path;

import org.alrao4j.core.AlraoSettings;
import org.alrao4j.core.BaseOptimizer;
import org.alrao4j.dl4j.AlraoNetworks;
import org.alrao4j.dl4j.data.ShufflingDataSetIterator;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.transferlearning.TransferLearning;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.adapter.MultiDataSetIteratorAdapter;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** Alrao networks through JSON, ModelSerializer, clone, TransferLearning and DL4J's fit/evaluate entry points. */
class HeadPersistenceTest {

    private static final AlraoNetworks ALRAO = AlraoNetworks.builder().numClassifiers(4)
            .settings(AlraoSettings.builder().lrMin(1e-3).lrMax(1).optimizer(BaseOptimizer.ADAM).seed(3).build())
            .build();

    static MultiLayerConfiguration mlp() {
        return new NeuralNetConfiguration.Builder().seed(2).updater(new Sgd(0.1)).list()
                .layer(new DenseLayer.Builder().nOut(6).activation(Activation.TANH).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).activation(Activation.SOFTMAX)
                        .nOut(3).build())
                .setInputType(InputType.feedForward(4)).build();
    }

    static ComputationGraphConfiguration graph() {
        return new NeuralNetConfiguration.Builder().seed(2).updater(new Sgd(0.1)).graphBuilder().addInputs("in")
                .addLayer("hidden", new DenseLayer.Builder().nOut(6).activation(Activation.TANH).build(), "in")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                        .activation(Activation.SOFTMAX).nOut(3).build(), "hidden")
                .setOutputs("out").setInputTypes(InputType.feedForward(4)).build();
    }

    static DataSet batch(long seed, int n) {
        Nd4j.getRandom().setSeed(seed);
        INDArray x = Nd4j.rand(n, 4);
        INDArray y = Nd4j.zeros(n, 3);
        for (int i = 0; i < n; i++) {
            y.putScalar(i, x.getDouble(i, 0) > 0.5 ? 0 : x.getDouble(i, 1) > 0.5 ? 1 : 2, 1);
        }
        return new DataSet(x, y);
    }

    @Test
    void configurationsRoundTripThroughJson() {
        MultiLayerConfiguration mln = ALRAO.convert(mlp());
        assertThat(MultiLayerConfiguration.fromJson(mln.toJson())).isEqualTo(mln);
        ComputationGraphConfiguration cg = ALRAO.convert(graph());
        assertThat(ComputationGraphConfiguration.fromJson(cg.toJson())).isEqualTo(cg);
        assertThat(((LayerVertex) cg.getVertices().get("out")).getLayerConf().getLayer())
                .isInstanceOf(AlraoOutputLayer.class);
    }

    @Test
    void restoredNetworkKeepsPosteriorAndContinuesIdentically(@TempDir Path dir) throws Exception {
        MultiLayerNetwork net = new MultiLayerNetwork(ALRAO.convert(mlp()));
        net.init();
        DataSet ds = batch(1, 16);
        for (int i = 0; i < 5; i++) {
            net.fit(ds);
        }
        File file = dir.resolve("alrao.zip").toFile();
        ModelSerializer.writeModel(net, file, true);
        MultiLayerNetwork restored = ModelSerializer.restoreMultiLayerNetwork(file, true);
        AlraoOutputLayerRuntime a = (AlraoOutputLayerRuntime) net.getOutputLayer();
        AlraoOutputLayerRuntime b = (AlraoOutputLayerRuntime) restored.getOutputLayer();
        assertThat(b.posterior()).containsExactly(a.posterior());
        assertThat(b.currentSwitch().step()).isEqualTo(6);
        for (int i = 0; i < 4; i++) {
            net.fit(ds);
            restored.fit(ds);
        }
        assertThat(restored.params()).isEqualTo(net.params());
        assertThat(b.posterior()).containsExactly(a.posterior());
    }

    @Test
    void graphFitsIteratorsEvaluatesAndClones() {
        ComputationGraph net = new ComputationGraph(ALRAO.convert(graph()));
        net.init();
        ShufflingDataSetIterator it = new ShufflingDataSetIterator(batch(2, 64), 16, true, 1);
        net.fit(it, 3);
        net.fit(new MultiDataSetIteratorAdapter(it));
        Evaluation eval = net.evaluate(it);
        assertThat(eval.getNumRowCounter()).isEqualTo(64);
        ComputationGraph copy = net.clone();
        assertThat(copy.params()).isEqualTo(net.params());
        // DL4J's ComputationGraphConfiguration.clone() drops the counters, which Adam's bias correction reads
        copy.getConfiguration().setIterationCount(net.getConfiguration().getIterationCount());
        copy.getConfiguration().setEpochCount(net.getConfiguration().getEpochCount());
        DataSet ds = batch(3, 8);
        copy.fit(ds);
        net.fit(ds);
        assertThat(copy.params()).isEqualTo(net.params());
        INDArray out = net.outputSingle(ds.getFeatures());
        assertThat(out.sum(1).sub(1).amaxNumber().doubleValue()).isLessThan(1e-5);
    }

    @Test
    void transferLearningEditsAGraphThatHasAnAlraoHead() {
        ComputationGraph net = new ComputationGraph(ALRAO.convert(graph()));
        net.init();
        net.fit(batch(4, 16));
        ComputationGraph edited = new TransferLearning.GraphBuilder(net)
                .addLayer("extra", new DenseLayer.Builder().nIn(4).nOut(2).updater(new Sgd(0.1)).build(), "in")
                .addLayer("extraOut", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                        .activation(Activation.SOFTMAX).nIn(2).nOut(3).updater(new Sgd(0.1)).build(), "extra")
                .setOutputs("out", "extraOut").build();
        assertThat(edited.getLayer("out").params()).isEqualTo(net.getLayer("out").params());
        edited.fit(new org.nd4j.linalg.dataset.MultiDataSet(new INDArray[] {batch(5, 8).getFeatures()},
                new INDArray[] {batch(5, 8).getLabels(), batch(5, 8).getLabels()}));
    }
}
