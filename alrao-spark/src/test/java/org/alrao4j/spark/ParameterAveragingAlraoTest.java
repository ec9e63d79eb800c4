package org.alrao4j.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.File;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.alrao4j.core.AlraoSettings;
import org.apache.spark.api.java.JavaRDD;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.spark.impl.graph.SparkComputationGraph;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.dataset.DataSet;

/**
 * Alrao under ParameterAveragingTrainingMaster on real Fashion-MNIST (docs/spark.md): it trains, the averaged
 * posterior is one valid distribution that every worker receives, and the network is an ordinary one afterwards.
 */
class ParameterAveragingAlraoTest {

    @Test
    void alraoTrainsWithParameterAveragingAndKeepsOnePosterior(@TempDir Path dir) throws Exception {
        DataSet train = SparkTestSupport.flat(SparkTestSupport.fashionMnist(true, 4000));
        DataSet test = SparkTestSupport.flat(SparkTestSupport.fashionMnist(false, 1000));
        JavaRDD<DataSet> rdd = SparkTestSupport.minibatches(train, 32, 2).cache();
        ParameterAveragingTrainingMaster master = new ParameterAveragingTrainingMaster.Builder(32)
                .batchSizePerWorker(32).averagingFrequency(5).workerPrefetchNumBatches(0).saveUpdater(true).build();
        SparkComputationGraph net = new SparkComputationGraph(SparkTestSupport.spark(),
                SparkTestSupport.alraoMlp(AlraoSettings.builder().lrMin(1e-3).lrMax(3).seed(42).build(), 6), master);
        ComputationGraph driver = net.getNetwork();
        double initialLoss = SparkTestSupport.loss(driver, test);

        FitReport first = AlraoSparkTraining.fit(net, rdd);
        double lossAfterOne = SparkTestSupport.loss(driver, test);
        FitReport second = AlraoSparkTraining.fit(net, rdd);
        double lossAfterTwo = SparkTestSupport.loss(driver, test);
        double accuracy = SparkTestSupport.accuracy(driver, test);
        System.out.printf("PA: test loss %.4f -> %.4f -> %.4f, accuracy %.4f, fits %.1f s + %.1f s, posterior %s%n",
                initialLoss, lossAfterOne, lossAfterTwo, accuracy, first.seconds(), second.seconds(),
                Arrays.toString(second.posteriors().get("out")));

        assertThat(first.semantics()).isEqualTo(DistributedSemantics.PARAMETER_AVERAGING);
        assertThat(lossAfterOne).isLessThan(initialLoss - 0.5);
        assertThat(lossAfterTwo).isLessThan(lossAfterOne);
        assertThat(accuracy).as("chance is 0.1").isGreaterThan(0.65);
        // 125 minibatches per epoch: DL4J makes 125 / (2 workers x 5) = 12 averaging rounds of 5 steps
        assertThat(driver.getConfiguration().getIterationCount()).as("epochs x rounds x averaging frequency")
                .isEqualTo(2 * 12 * 5);

        double[] posterior = second.posteriors().get("out");
        assertThat(posterior).hasSize(6);
        assertThat(Arrays.stream(posterior).allMatch(Double::isFinite)).isTrue();
        assertThat(Arrays.stream(posterior).sum()).isCloseTo(1.0, within(1e-6));
        assertThat(Arrays.stream(posterior).max().getAsDouble()).as("the Switch learned: not uniform")
                .isGreaterThan(0.5);

        List<Map<String, double[]>> onWorkers = AlraoSparkTraining.posteriorsOnWorkers(net, 2);
        assertThat(onWorkers).hasSize(2).allSatisfy(p -> assertThat(p.get("out")).containsExactly(posterior));

        File file = dir.resolve("alrao-spark.zip").toFile();
        ModelSerializer.writeModel(driver, file, true);
        ComputationGraph restored = ModelSerializer.restoreComputationGraph(file, true);
        assertThat(AlraoSparkTraining.posteriors(restored).get("out")).containsExactly(posterior);
        assertThat(SparkTestSupport.accuracy(restored, test)).isEqualTo(accuracy);
        rdd.unpersist();
    }
}
