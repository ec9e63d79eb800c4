package org.alrao4j.dl4j;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Path;
import java.util.Map;

import org.alrao4j.core.AlraoSettings;
import org.alrao4j.core.BaseOptimizer;
import org.alrao4j.core.RecurrentRateSharing;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.schedule.ExponentialSchedule;
import org.nd4j.linalg.schedule.ScheduleType;

/** Alrao configurations survive DL4J JSON and ModelSerializer, and restored networks continue identically. */
class SerializationTest {

    private static final AlraoSettings ADAM = AlraoSettings.builder().lrMin(1e-4).lrMax(0.5)
            .optimizer(BaseOptimizer.ADAM).seed(9).recurrentSharing(RecurrentRateSharing.PER_UNIT)
            .lrMultiplier(new ExponentialSchedule(ScheduleType.ITERATION, 1.0, 0.99)).build();

    @ParameterizedTest
    @EnumSource(BaseOptimizer.class)
    void configurationsRoundTripThroughJson(BaseOptimizer optimizer) {
        AlraoSettings s = AlraoSettings.builder().optimizer(optimizer).seed(7).build();
        MultiLayerConfiguration mln = AlraoInstaller.install(DegenerateEquivalenceTest.cnn(new Sgd(0.1)), s);
        assertThat(MultiLayerConfiguration.fromJson(mln.toJson())).isEqualTo(mln);
        ComputationGraphConfiguration cg = AlraoInstaller.install(DegenerateEquivalenceTest.lstmGraph(new Adam()), s);
        ComputationGraphConfiguration back = ComputationGraphConfiguration.fromJson(cg.toJson());
        assertThat(back).isEqualTo(cg);
        assertThat(AlraoInstaller.unitRates(back).get("lstm")).containsExactly(AlraoInstaller.unitRates(cg).get("lstm"));
    }

    @Test
    void installingIsDeterministicPerSeedAndLeavesTheInputUnchanged() {
        MultiLayerConfiguration conf = DegenerateEquivalenceTest.cnn(new Sgd(0.1));
        String before = conf.toJson();
        AlraoSettings s = AlraoSettings.builder().seed(11).build();
        MultiLayerConfiguration a = AlraoInstaller.install(conf, s);
        MultiLayerConfiguration b = AlraoInstaller.install(conf, s);
        assertThat(a).isEqualTo(b);
        assertThat(conf.toJson()).isEqualTo(before);
        Map<String, double[]> other = AlraoInstaller.unitRates(AlraoInstaller.install(conf,
                AlraoSettings.builder().seed(12).build()));
        assertThat(other.get("layer0")).isNotEqualTo(AlraoInstaller.unitRates(a).get("layer0"));
        assertThat(AlraoInstaller.unitRates(a)).containsOnlyKeys("layer0", "layer1", "layer3", "layer4");
    }

    @Test
    void multiLayerNetworkRestoresRatesAndAdamStateAndContinuesIdentically(@TempDir Path dir) throws Exception {
        MultiLayerNetwork net = new MultiLayerNetwork(AlraoInstaller.install(
                DegenerateEquivalenceTest.cnn(new Sgd(0.1)), ADAM));
        net.init();
        DataSet batch = TinyData.classification(5, 12, 3, 1, 8, 8);
        for (int i = 0; i < 3; i++) {
            net.fit(batch);
        }
        File file = dir.resolve("mln.zip").toFile();
        ModelSerializer.writeModel(net, file, true);
        MultiLayerNetwork restored = ModelSerializer.restoreMultiLayerNetwork(file, true);
        assertThat(restored.getLayerWiseConfigurations()).isEqualTo(net.getLayerWiseConfigurations());
        assertThat(restored.getUpdater().getStateViewArray()).isEqualTo(net.getUpdater().getStateViewArray());
        assertThat(restored.getIterationCount()).isEqualTo(3);
        for (int i = 0; i < 3; i++) {
            net.fit(batch);
            restored.fit(batch);
        }
        assertThat(restored.params()).isEqualTo(net.params());
    }

    @Test
    void computationGraphRestoresAndContinuesIdentically(@TempDir Path dir) throws Exception {
        ComputationGraph net = new ComputationGraph(AlraoInstaller.install(
                DegenerateEquivalenceTest.lstmGraph(new Sgd(0.1)), ADAM));
        net.init();
        DataSet batch = TinyData.sequences(6, 4, 3, 4, 5);
        net.fit(batch);
        File file = dir.resolve("cg.zip").toFile();
        ModelSerializer.writeModel(net, file, true);
        ComputationGraph restored = ModelSerializer.restoreComputationGraph(file, true);
        assertThat(restored.getUpdater().getStateViewArray()).isEqualTo(net.getUpdater().getStateViewArray());
        for (int i = 0; i < 3; i++) {
            net.fit(batch);
            restored.fit(batch);
        }
        assertThat(restored.params()).isEqualTo(net.params());
    }
}
