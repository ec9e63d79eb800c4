package org.alrao4j.dl4j.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.alrao4j.core.schedule.SgdrSchedule;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.nd4j.linalg.schedule.ScheduleType;

/** {@link SgdrSchedule} inside a DL4J configuration: JSON round trip and the rate DL4J actually uses. */
class SgdrScheduleDl4jTest {

    private static MultiLayerConfiguration conf(SgdrSchedule schedule) {
        return new NeuralNetConfiguration.Builder().seed(1).dataType(DataType.DOUBLE).updater(new Sgd(schedule))
                .list()
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE).activation(Activation.IDENTITY)
                        .nIn(2).nOut(1).build())
                .build();
    }

    @Test
    void roundTripsThroughMultiLayerConfigurationJson() {
        SgdrSchedule schedule = SgdrSchedule.builder(ScheduleType.ITERATION, 0.05, 10).tMult(1.5).etaMin(1e-4)
                .mMul(0.9).warmUpSteps(2).build();
        MultiLayerConfiguration conf = conf(schedule);
        String json = conf.toJson();
        assertThat(json).contains("org.alrao4j.core.schedule.SgdrSchedule", "\"tMult\" : 1.5");
        MultiLayerConfiguration back = MultiLayerConfiguration.fromJson(json);
        assertThat(back).isEqualTo(conf);
        Sgd sgd = (Sgd) ((BaseLayer) back.getConf(0).getLayer()).getIUpdater();
        assertThat(sgd.getLearningRateSchedule()).isEqualTo(schedule);
    }

    @Test
    void theNetworkUsesTheScheduledRate() {
        SgdrSchedule schedule = SgdrSchedule.builder(ScheduleType.ITERATION, 0.05, 3).tMult(2).build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf(schedule));
        net.init();
        DataSet ds = new DataSet(Nd4j.createFromArray(new double[][] {{1, 2}}),
                Nd4j.createFromArray(new double[][] {{1}}));
        for (int it = 0; it < 6; it++) {
            assertThat(net.getLearningRate(0)).as("iteration " + it)
                    .isCloseTo(schedule.valueAt(it, 0), within(1e-15));
            net.fit(ds);
        }
    }
}
