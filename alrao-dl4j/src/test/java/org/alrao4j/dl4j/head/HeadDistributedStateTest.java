package org.alrao4j.dl4j.head;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;

import org.alrao4j.core.AlraoSettings;
import org.alrao4j.core.BaseOptimizer;
import org.alrao4j.core.Switch;
import org.alrao4j.dl4j.AlraoNetworks;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

/**
 * The head's Switch state under distributed training (docs/spark.md): parameter averaging stores the arithmetic mean
 * of the workers' log-weights, which the head reads as the renormalized log opinion pool; gradient sharing freezes
 * the Switch through the configuration, so every replica built from the JSON keeps the same posterior.
 */
class HeadDistributedStateTest {

    private static final AlraoNetworks ALRAO = AlraoNetworks.builder().numClassifiers(4)
            .settings(AlraoSettings.builder().lrMin(1e-3).lrMax(1).optimizer(BaseOptimizer.SGD).seed(3).build())
            .build();

    private static MultiLayerNetwork trainedOn(long dataSeed, int steps) {
        MultiLayerNetwork net = new MultiLayerNetwork(ALRAO.convert(HeadPersistenceTest.mlp()));
        net.init();
        for (int s = 0; s < steps; s++) {
            net.fit(HeadPersistenceTest.batch(dataSeed + s, 16));
        }
        return net;
    }

    private static AlraoOutputLayerRuntime head(MultiLayerNetwork net) {
        return (AlraoOutputLayerRuntime) net.getLayer(net.getnLayers() - 1);
    }

    @Test
    void averagedParametersReadAsTheRenormalizedLogPool() {
        MultiLayerNetwork a = trainedOn(10, 6);
        MultiLayerNetwork b = trainedOn(500, 6);
        Switch swA = head(a).currentSwitch();
        Switch swB = head(b).currentSwitch();
        assertThat(swA.logWeights()).isNotEqualTo(swB.logWeights());

        MultiLayerNetwork pooled = trainedOn(10, 0);
        INDArray mean = a.params().add(b.params()).divi(2); // what ParameterAveragingTrainingMaster does
        pooled.setParams(mean);
        double[] raw = head(pooled).getParam(AlraoOutputLayer.SWITCH_STATE).toDoubleVector();
        double total = Arrays.stream(raw, 0, raw.length - 1).map(Math::exp).sum();
        assertThat(total).as("geometric mean of two distributions").isLessThan(1 - 1e-4);

        double[] posterior = head(pooled).posterior();
        assertThat(Arrays.stream(posterior).sum()).isCloseTo(1.0, within(1e-5));
        double[] expected = logPool(swA.logWeights(), swB.logWeights());
        Switch sw = head(pooled).currentSwitch();
        for (int k = 0; k < expected.length; k++) {
            assertThat(sw.logWeights()[k]).isCloseTo(expected[k], within(1e-5));
        }
        assertThat(sw.step()).isEqualTo(swA.step());
        double[] logPost = head(pooled).getParam(AlraoOutputLayer.LOG_POSTERIOR).toDoubleVector();
        for (int j = 0; j < logPost.length; j++) {
            assertThat(logPost[j]).as("logPost rebuilt from the state").isCloseTo(sw.logPosterior()[j], within(1e-5));
        }
        assertThat(head(pooled).normalizePooledPosterior()).as("idempotent").isFalse();

        DataSet test = HeadPersistenceTest.batch(99, 32);
        INDArray out = pooled.output(test.getFeatures());
        for (int i = 0; i < out.rows(); i++) {
            assertThat(out.getRow(i).sumNumber().doubleValue()).isCloseTo(1.0, within(1e-4));
        }
        pooled.fit(test);
        assertThat(head(pooled).currentSwitch().step()).isEqualTo(swA.step() + 1);
    }

    @Test
    void aPoolWithATinyDeficitIsRenormalizedToo() {
        MultiLayerNetwork net = trainedOn(10, 3);
        assertThat(head(net).normalizePooledPosterior()).as("a trained state is already normalized").isFalse();
        INDArray state = head(net).getParam(AlraoOutputLayer.SWITCH_STATE);
        for (int k = 0; k < state.length() - 1; k++) {
            state.putScalar(k, state.getDouble(k) - 5e-6); // workers that nearly agree: total weight 1 - 5e-6
        }
        assertThat(head(net).normalizePooledPosterior()).isTrue();
        assertThat(Arrays.stream(head(net).posterior()).sum()).isCloseTo(1.0, within(1e-6));
        assertThat(head(net).normalizePooledPosterior()).as("idempotent").isFalse();
    }

    @Test
    void aStateNoAverageCanProduceIsRefused() {
        MultiLayerNetwork net = trainedOn(10, 2);
        INDArray state = head(net).getParam(AlraoOutputLayer.SWITCH_STATE);
        state.putScalar(0, 0.5);
        assertThatThrownBy(() -> head(net).posterior()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("'switch'").hasMessageContaining("every log-weight <= 0")
                .hasMessageContaining("restore the parameters");
    }

    @Test
    void aFrozenSwitchSurvivesJsonAndLeavesThePosteriorAlone() {
        MultiLayerNetwork trained = trainedOn(10, 3);
        ((AlraoOutputLayer) head(trained).conf().getLayer()).setSwitchFrozen(true);
        MultiLayerConfiguration json = MultiLayerConfiguration.fromJson(trained.getLayerWiseConfigurations().toJson());
        assertThat(((AlraoOutputLayer) json.getConf(json.getConfs().size() - 1).getLayer()).isSwitchFrozen()).isTrue();
        MultiLayerNetwork replica = new MultiLayerNetwork(json);
        replica.init(trained.params().dup(), false);
        Switch before = head(replica).currentSwitch();
        INDArray weightsBefore = head(replica).getParam(AlraoOutputLayer.WEIGHTS).dup();
        replica.fit(HeadPersistenceTest.batch(77, 16));
        assertThat(head(replica).currentSwitch().logWeights()).isEqualTo(before.logWeights());
        assertThat(head(replica).currentSwitch().step()).isEqualTo(before.step());
        assertThat(head(replica).getParam(AlraoOutputLayer.WEIGHTS)).as("classifiers still train")
                .isNotEqualTo(weightsBefore);
    }

    /** Mean of the log-weights, renormalized: the normalized geometric mean of the two Switch states. */
    private static double[] logPool(double[] a, double[] b) {
        double[] mean = new double[a.length];
        double max = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < a.length; k++) {
            mean[k] = (a[k] + b[k]) / 2;
            max = Math.max(max, mean[k]);
        }
        double sum = 0;
        for (double m : mean) {
            sum += Math.exp(m - max);
        }
        double lse = max + Math.log(sum);
        return Arrays.stream(mean).map(m -> m - lse).toArray();
    }
}
