package org.alrao4j.dl4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.alrao4j.core.AlraoSettings;
import org.alrao4j.core.AlraoUpdater;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.GravesLSTM;
import org.deeplearning4j.nn.conf.layers.PReLULayer;
import org.deeplearning4j.nn.conf.layers.misc.FrozenLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.learning.config.Sgd;

class InstallerValidationTest {

    private static final AlraoSettings SETTINGS = AlraoSettings.builder().build();

    @Test
    void unsupportedLayerIsNamedWithARemedyAndNothingChanges() {
        MultiLayerConfiguration conf = UnitLayoutCoverageTest.list(InputType.feedForward(4))
                .layer(new DenseLayer.Builder().nOut(3).build())
                .layer(new PReLULayer.Builder().inputShape(3).build())
                .layer(UnitLayoutCoverageTest.output(2)).build();
        assertThatThrownBy(() -> AlraoInstaller.install(conf, SETTINGS))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Layer 'layer1' of type PReLULayer")
                .hasMessageContaining("excluding(\"layer1\")");
        MultiLayerConfiguration graves = UnitLayoutCoverageTest.list(InputType.recurrent(3))
                .layer(new GravesLSTM.Builder().nOut(3).build())
                .layer(UnitLayoutCoverageTest.output(2)).build();
        assertThatThrownBy(() -> AlraoInstaller.install(graves, SETTINGS))
                .hasMessageContaining("GravesLSTM").hasMessageContaining("Supported: DenseLayer");
    }

    @Test
    void excludedAndFrozenLayersKeepTheirUpdaters() {
        MultiLayerConfiguration conf = UnitLayoutCoverageTest.list(InputType.feedForward(4))
                .layer(new FrozenLayer(new DenseLayer.Builder().nIn(4).nOut(3).build()))
                .layer(new PReLULayer.Builder().inputShape(3).build())
                .layer(new DenseLayer.Builder().nOut(3).build())
                .layer(UnitLayoutCoverageTest.output(2)).build();
        MultiLayerConfiguration alrao = AlraoInstaller.of(SETTINGS).excluding("layer1", "layer3").apply(conf);
        assertThat(((BaseLayer) alrao.getConf(2).getLayer()).getIUpdater()).isInstanceOf(AlraoUpdater.class);
        assertThat(((BaseLayer) alrao.getConf(1).getLayer()).getIUpdater()).isEqualTo(new Sgd(0.1));
        assertThat(((BaseLayer) alrao.getConf(3).getLayer()).getIUpdater()).isEqualTo(new Sgd(0.1));
        assertThat(AlraoInstaller.unitRates(alrao)).containsOnlyKeys("layer2");
        MultiLayerNetwork net = new MultiLayerNetwork(alrao);
        net.init();
        net.fit(TinyData.classification(1, 4, 2, 4));
    }

    @Test
    void unknownExcludedNameIsAnError() {
        assertThatThrownBy(() -> AlraoInstaller.of(SETTINGS).excluding("output")
                .apply(DegenerateEquivalenceTest.cnn(new Sgd(0.1))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("excluded layer 'output' is not a layer").hasMessageContaining("layer4");
    }

    @Test
    void missingInputSizeIsAnError() {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().list()
                .layer(new DenseLayer.Builder().nOut(3).build())
                .layer(UnitLayoutCoverageTest.output(2)).build();
        assertThatThrownBy(() -> AlraoInstaller.install(conf, SETTINGS))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("has nIn=0").hasMessageContaining("setInputType");
    }

    @Test
    void installingOnANetworkAfterItsUpdaterExistsIsAnError() {
        MultiLayerNetwork net = new MultiLayerNetwork(DegenerateEquivalenceTest.cnn(new Sgd(0.1)));
        net.init();
        AlraoInstaller installer = AlraoInstaller.of(SETTINGS);
        installer.applyTo(net);
        assertThat(((BaseLayer) net.getLayer(0).conf().getLayer()).getIUpdater()).isInstanceOf(AlraoUpdater.class);
        net.fit(TinyData.classification(1, 4, 3, 1, 8, 8));
        assertThatThrownBy(() -> installer.applyTo(net))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("updater already exists");
    }

    @Test
    void alraoRatesCannotBeOverwrittenThroughTheNetwork() {
        MultiLayerNetwork net = new MultiLayerNetwork(AlraoInstaller.install(
                DegenerateEquivalenceTest.cnn(new Sgd(0.1)), SETTINGS));
        net.init();
        assertThatThrownBy(() -> net.setLearningRate(0.1))
                .isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("fixed per-unit learning rates");
    }
}
