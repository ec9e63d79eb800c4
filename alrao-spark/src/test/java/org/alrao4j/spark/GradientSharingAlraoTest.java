package org.alrao4j.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.Map;

import org.alrao4j.core.AlraoSettings;
import org.alrao4j.dl4j.head.AlraoOutputLayer;
import org.alrao4j.dl4j.head.AlraoOutputLayerRuntime;
import org.apache.spark.api.java.JavaRDD;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.optimize.solvers.accumulation.encoding.threshold.FixedThresholdAlgorithm;
import org.deeplearning4j.spark.api.RDDTrainingApproach;
import org.deeplearning4j.spark.api.Repartition;
import org.deeplearning4j.spark.impl.graph.SparkComputationGraph;
import org.deeplearning4j.spark.parameterserver.training.SharedTrainingMaster;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.parameterserver.distributed.conf.VoidConfiguration;

/**
 * Alrao under SharedTrainingMaster (gradient sharing over DL4J's Aeron transport on the loopback interface, two
 * replicas in the local[2] executor): the Switch stays frozen and identical everywhere during the session, the body
 * and classifiers train through the shared updates, and the driver recomputes the posterior from exact evidence.
 */
class GradientSharingAlraoTest {

    @Test
    void alraoTrainsWithGradientSharingAndOnePosteriorIsRecomputedOnTheDriver() {
        DataSet train = SparkTestSupport.flat(SparkTestSupport.fashionMnist(true, 3000));
        DataSet test = SparkTestSupport.flat(SparkTestSupport.fashionMnist(false, 1000));
        JavaRDD<DataSet> rdd = SparkTestSupport.minibatches(train, 32, 2); // not cached: the master persists it
        VoidConfiguration voidConf = VoidConfiguration.builder().unicastPort(40142).networkMask("127.0.0.0/8")
                .controllerAddress("127.0.0.1").build();
        SharedTrainingMaster master = new SharedTrainingMaster.Builder(voidConf, 32).batchSizePerWorker(32)
                .workersPerNode(2).rddTrainingApproach(RDDTrainingApproach.Direct).repartitionData(Repartition.Never)
                .thresholdAlgorithm(new FixedThresholdAlgorithm(1e-3)).build();
        SparkComputationGraph net = new SparkComputationGraph(SparkTestSupport.spark(),
                SparkTestSupport.alraoMlp(AlraoSettings.builder().lrMin(1e-3).lrMax(3).seed(42).build(), 6), master);
        ComputationGraph driver = net.getNetwork();
        AlraoOutputLayerRuntime head = (AlraoOutputLayerRuntime) driver.getLayer("out");
        double[] initialState = head.getParam(AlraoOutputLayer.SWITCH_STATE).toDoubleVector();
        double initialLoss = SparkTestSupport.loss(driver, test);

        FitReport report = AlraoSparkTraining.fit(net, rdd);
        double loss = SparkTestSupport.loss(driver, test);
        double accuracy = SparkTestSupport.accuracy(driver, test);
        System.out.printf("sharing: test loss %.4f -> %.4f, accuracy %.4f, fit %.1f s%n", initialLoss, loss, accuracy,
                report.seconds());

        assertThat(report.semantics()).isEqualTo(DistributedSemantics.GRADIENT_SHARING);
        assertThat(head.getParam(AlraoOutputLayer.SWITCH_STATE).toDoubleVector()).as("frozen: no drift")
                .containsExactly(initialState);
        assertThat(((AlraoOutputLayer) ((LayerVertex) driver.getConfiguration().getVertices().get("out"))
                .getLayerConf().getLayer()).isSwitchFrozen()).as("the driver's network is unfrozen again").isFalse();
        assertThat(loss).isLessThan(initialLoss - 0.5);
        assertThat(accuracy).as("chance is 0.1").isGreaterThan(0.6);

        Map<String, double[]> refreshed = AlraoSparkTraining.refreshPosterior(net, rdd);
        double[] posterior = refreshed.get("out");
        System.out.printf("sharing: refreshed posterior %s%n", Arrays.toString(posterior));
        assertThat(Arrays.stream(posterior).allMatch(Double::isFinite)).isTrue();
        assertThat(Arrays.stream(posterior).sum()).isCloseTo(1.0, within(1e-6));
        assertThat(Arrays.stream(posterior).max().getAsDouble()).as("evidence moved it").isGreaterThan(0.5);
        assertThat(head.currentSwitch().step()).as("one Switch step per minibatch").isEqualTo(1 + 94);
        assertThat(AlraoSparkTraining.posteriorsOnWorkers(net, 2)).as("what the next session's workers receive")
                .allSatisfy(p -> assertThat(p.get("out")).containsExactly(posterior));

        // recomputed identically: the same parameters and data give the same posterior, bit for bit
        head.setSwitch(org.alrao4j.core.Switch.restore(6, head.currentSwitch().theta(),
                Arrays.copyOf(initialState, 12), 1));
        assertThat(AlraoSparkTraining.refreshPosterior(net, rdd).get("out")).containsExactly(posterior);
    }
}
