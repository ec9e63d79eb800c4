package org.alrao4j.dl4j.head;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;

import org.alrao4j.core.AlraoUpdater;
import org.alrao4j.dl4j.AlraoHeadListener;
import org.alrao4j.dl4j.AlraoNetworks;
import org.alrao4j.dl4j.data.ShufflingDataSetIterator;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;

class HeadListenerAndCustomBodyTest {

    @Test
    void listenerReportsEveryKIterationsAndResetsPerEpoch() {
        var net = new org.deeplearning4j.nn.multilayer.MultiLayerNetwork(AlraoNetworks.builder().numClassifiers(3)
                .build().convert(HeadPersistenceTest.mlp()));
        net.init();
        List<AlraoHeadListener.Report> reports = new ArrayList<>();
        net.setListeners(new AlraoHeadListener(2, reports::add));
        net.fit(new ShufflingDataSetIterator(HeadPersistenceTest.batch(1, 40), 10, true, 1), 2);
        assertThat(reports).hasSize(4);
        assertThat(reports.get(0).stats().predictions()).isEqualTo(20);
        assertThat(reports.get(1).stats().predictions()).isEqualTo(40);
        assertThat(reports.get(2).stats().predictions()).isEqualTo(20);
        assertThat(reports.get(3).stats().posterior()).hasSize(3);
        assertThat(reports.get(0).layer()).isEqualTo("layer1");
        assertThatThrownBy(() -> new AlraoHeadListener(0)).hasMessageContaining("frequency must be >= 1");
    }

    @Test
    void headOnACustomConvolutionalBody() {
        ComputationGraphConfiguration body = new NeuralNetConfiguration.Builder().seed(1).updater(new Sgd(0.1))
                .graphBuilder().addInputs("img")
                .addLayer("conv", new ConvolutionLayer.Builder(3, 3).nOut(4).activation(Activation.RELU).build(), "img")
                .setOutputs("conv").setInputTypes(InputType.convolutional(6, 6, 1)).build();
        ComputationGraphConfiguration conf = AlraoNetworks.builder().numClassifiers(2).build()
                .withHead(body, "conv", 3, InputType.convolutional(6, 6, 1));
        assertThat(((LayerVertex) conf.getVertices().get(AlraoNetworks.HEAD_NAME)).getLayerConf().getLayer())
                .isInstanceOfSatisfying(AlraoOutputLayer.class, h -> assertThat(h.getNIn()).isEqualTo(4 * 4 * 4));
        assertThat(((BaseLayer) ((LayerVertex) conf.getVertices().get("conv")).getLayerConf().getLayer())
                .getIUpdater()).isInstanceOf(AlraoUpdater.class);
        ComputationGraph net = new ComputationGraph(conf);
        net.init();
        Nd4j.getRandom().setSeed(1);
        net.fit(new DataSet(Nd4j.rand(5, 1, 6, 6), Nd4j.eye(3).getRows(0, 1, 2, 0, 1)));
        assertThat(net.outputSingle(Nd4j.rand(2, 1, 6, 6)).shape()).containsExactly(2, 3);
        assertThatThrownBy(() -> AlraoNetworks.builder().build().withHead(body, "nope", 3,
                InputType.convolutional(6, 6, 1))).hasMessageContaining("featureVertex 'nope' is not a vertex");
    }
}
