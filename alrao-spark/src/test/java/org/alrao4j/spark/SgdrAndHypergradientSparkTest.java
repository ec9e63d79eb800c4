package org.alrao4j.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.alrao4j.core.AlraoSettings;
import org.alrao4j.core.hypergradient.HypergradientMode;
import org.alrao4j.core.hypergradient.SgdHd;
import org.alrao4j.core.schedule.SgdrSchedule;
import org.alrao4j.dl4j.hypergradient.HypergradientInstaller;
import org.apache.spark.api.java.JavaRDD;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.spark.impl.graph.SparkComputationGraph;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.schedule.ScheduleType;

/**
 * SGDR and hypergradient descent under parameter averaging (docs/spark.md): the SGDR multiplier is a function of
 * the network's iteration counter, which every worker of a round shares; the hypergradient alpha is updater state,
 * averaged with it, so all workers start each round from one alpha.
 */
class SgdrAndHypergradientSparkTest {

    private static DataSet test;
    private static JavaRDD<DataSet> train;

    @BeforeAll
    static void data() {
        train = SparkTestSupport.minibatches(SparkTestSupport.flat(SparkTestSupport.fashionMnist(true, 1920)), 32, 2)
                .cache();
        test = SparkTestSupport.flat(SparkTestSupport.fashionMnist(false, 500));
    }

    @AfterAll
    static void release() {
        train.unpersist();
    }

    private static ParameterAveragingTrainingMaster averaging(boolean saveUpdater) {
        return new ParameterAveragingTrainingMaster.Builder(32).batchSizePerWorker(32).averagingFrequency(5)
                .workerPrefetchNumBatches(0).saveUpdater(saveUpdater).build();
    }

    @Test
    void alraoWithAnSgdrMultiplierTrainsOnSharedIterationCounts() {
        SgdrSchedule sgdr = SgdrSchedule.builder(ScheduleType.ITERATION, 1.0, 10).build();
        SparkComputationGraph net = new SparkComputationGraph(SparkTestSupport.spark(), SparkTestSupport.alraoMlp(
                AlraoSettings.builder().lrMin(1e-3).lrMax(3).seed(42).lrMultiplier(sgdr).build(), 4), averaging(true));
        double before = SparkTestSupport.loss(net.getNetwork(), test);
        AlraoSparkTraining.fit(net, train);
        double after = SparkTestSupport.loss(net.getNetwork(), test);
        System.out.printf("SGDR Alrao under averaging: test loss %.4f -> %.4f%n", before, after);
        assertThat(after).isLessThan(before - 0.3);
        // 60 minibatches = 6 rounds of 2 workers x 5 steps: both workers of a round start from the driver's
        // counter, so the schedule saw iterations 0..29 (restarts at 10 and 20) identically on every worker
        assertThat(net.getNetwork().getConfiguration().getIterationCount()).isEqualTo(30);
        assertThat(sgdr.valueAt(30, 0)).as("the next round starts at a restart").isEqualTo(1.0);
    }

    @Test
    void hypergradientAlphaIsAveragedWithTheUpdaterState() {
        SgdHd sgdHd = new SgdHd(0.01, 1e-3, HypergradientMode.GLOBAL, null);
        SparkComputationGraph net = new SparkComputationGraph(SparkTestSupport.spark(),
                SparkTestSupport.mlp(64, sgdHd), averaging(true));
        ComputationGraph driver = net.getNetwork();
        double before = SparkTestSupport.loss(driver, test);
        AlraoSparkTraining.fit(net, train);
        double after = SparkTestSupport.loss(driver, test);
        Map<String, Double> alphas = HypergradientInstaller.alphas(driver);
        System.out.printf("SGD-HD under averaging: test loss %.4f -> %.4f, alphas %s%n", before, after, alphas);
        assertThat(after).isLessThan(before - 0.3);
        assertThat(alphas).isNotEmpty();
        double alpha = alphas.values().iterator().next();
        assertThat(alphas.values()).as("one alpha for the network, after averaging too").containsOnly(alpha);
        assertThat(alpha).isFinite().isNotEqualTo(0.01);

        SparkComputationGraph noState = new SparkComputationGraph(SparkTestSupport.spark(),
                SparkTestSupport.mlp(64, sgdHd), averaging(false));
        assertThatThrownBy(() -> AlraoSparkTraining.fit(noState, train))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("saveUpdater=false")
                .hasMessageContaining("alpha").hasMessageContaining(".saveUpdater(true)");
    }
}
