package org.alrao4j.dl4j.head;

import static org.assertj.core.api.Assertions.assertThat;

import org.alrao4j.core.AlraoSettings;
import org.alrao4j.dl4j.AlraoNetworks;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.dataset.DataSet;

/** N == 1 and lrMin == lrMax == eta: an Alrao network trains like the plain one with {@code Sgd(eta)}. */
class HeadEquivalenceTest {

    @Test
    void oneClassifierAndAPointRangeIsPlainSgd() {
        double eta = 0.1;
        MultiLayerConfiguration plainConf = HeadPersistenceTest.mlp();
        MultiLayerNetwork plain = new MultiLayerNetwork(plainConf);
        plain.init();
        MultiLayerNetwork alrao = new MultiLayerNetwork(AlraoNetworks.builder().numClassifiers(1)
                .settings(AlraoSettings.builder().lrMin(eta).lrMax(eta).build()).build().convert(plainConf));
        alrao.init();
        alrao.getLayer(0).setParams(plain.getLayer(0).params().dup());
        alrao.getLayer(1).getParam(AlraoOutputLayer.WEIGHTS).assign(plain.getLayer(1).getParam("W"));
        alrao.getLayer(1).getParam(AlraoOutputLayer.BIASES).assign(plain.getLayer(1).getParam("b"));
        DataSet ds = HeadPersistenceTest.batch(6, 16);
        assertThat(alrao.score(ds)).isCloseTo(plain.score(ds), org.assertj.core.data.Offset.offset(1e-6));
        for (int i = 0; i < 10; i++) {
            plain.fit(ds);
            alrao.fit(ds);
        }
        assertThat(alrao.getLayer(0).params().sub(plain.getLayer(0).params()).amaxNumber().doubleValue())
                .isLessThan(1e-5);
        assertThat(alrao.getLayer(1).getParam(AlraoOutputLayer.WEIGHTS).sub(plain.getLayer(1).getParam("W"))
                .amaxNumber().doubleValue()).isLessThan(1e-5);
        assertThat(alrao.score()).isCloseTo(plain.score(), org.assertj.core.data.Offset.offset(1e-5));
        assertThat(alrao.output(ds.getFeatures()).sub(plain.output(ds.getFeatures())).amaxNumber().doubleValue())
                .isLessThan(1e-5);
    }
}
