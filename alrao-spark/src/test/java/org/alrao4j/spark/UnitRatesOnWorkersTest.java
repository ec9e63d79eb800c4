package org.alrao4j.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.alrao4j.core.AlraoSettings;
import org.alrao4j.dl4j.AlraoInstaller;
import org.alrao4j.dl4j.head.AlraoOutputLayer;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.junit.jupiter.api.Test;

/**
 * Per-unit and classifier learning rates come from the configuration and its seed: every worker, whether it reads
 * the driver's JSON (what DL4J's training masters ship) or converts the same plain configuration itself, gets the
 * driver's rates exactly.
 */
class UnitRatesOnWorkersTest {

    private static ComputationGraphConfiguration converted(long seed) {
        return SparkTestSupport.alraoMlp(AlraoSettings.builder().lrMin(1e-4).lrMax(1).seed(seed).build(), 4);
    }

    @Test
    void everyWorkerUsesTheDriversRates() {
        ComputationGraphConfiguration driver = converted(42);
        Map<String, double[]> rates = AlraoInstaller.unitRates(driver);
        double[] classifierRates = head(driver).classifierLearningRates();
        assertThat(rates).containsKey("hidden");
        assertThat(rates.get("hidden")).hasSize(64).doesNotHaveDuplicates();

        String json = driver.toJson();
        List<Map<String, double[]>> fromJson = SparkTestSupport.spark().parallelize(List.of(0, 1, 2, 3), 4)
                .map(i -> AlraoInstaller.unitRates(ComputationGraphConfiguration.fromJson(json))).collect();
        List<Map<String, double[]>> reconverted = SparkTestSupport.spark().parallelize(List.of(0, 1, 2, 3), 4)
                .map(i -> AlraoInstaller.unitRates(converted(42))).collect();
        List<double[]> workerClassifierRates = SparkTestSupport.spark().parallelize(List.of(0, 1), 2)
                .map(i -> head(ComputationGraphConfiguration.fromJson(json)).classifierLearningRates()).collect();

        for (Map<String, double[]> worker : List.of(fromJson.get(0), fromJson.get(3), reconverted.get(0),
                reconverted.get(3))) {
            assertThat(worker.keySet()).isEqualTo(rates.keySet());
            rates.forEach((layer, r) -> assertThat(worker.get(layer)).as(layer).containsExactly(r));
        }
        assertThat(workerClassifierRates).allSatisfy(r -> assertThat(r).containsExactly(classifierRates));
        assertThat(AlraoInstaller.unitRates(converted(43)).get("hidden")).as("another seed, other rates")
                .isNotEqualTo(rates.get("hidden"));
    }

    private static AlraoOutputLayer head(ComputationGraphConfiguration conf) {
        return (AlraoOutputLayer) ((LayerVertex) conf.getVertices().get("out")).getLayerConf().getLayer();
    }
}
