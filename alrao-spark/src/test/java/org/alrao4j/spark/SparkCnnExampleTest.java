package org.alrao4j.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.File;
import java.nio.file.Path;
import java.util.Arrays;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Smoke run of the Spark CNN example (LeNet + Alrao head, embedded Fashion-MNIST subset, local[2]). */
class SparkCnnExampleTest {

    @Test
    void theExampleTrainsLenetWithAlraoOnSpark(@TempDir Path dir) throws Exception {
        File saved = dir.resolve("lenet.zip").toFile();
        SparkCnnExample.Result r = SparkCnnExample.run(SparkTestSupport.spark(), "--epochs", "2", "--max_train",
                "3000", "--max_eval", "500", "--save", saved.toString());
        System.out.printf("spark-cnn: accuracy %.4f, test loss per epoch %s, %.1f s, posterior %s%n", r.testAccuracy(),
                r.epochTestLosses(), r.seconds(), Arrays.toString(r.posterior()));
        assertThat(r.semantics()).isEqualTo(DistributedSemantics.PARAMETER_AVERAGING);
        assertThat(r.trainImages()).isEqualTo(3000);
        assertThat(r.epochTestLosses().get(1)).isLessThan(r.epochTestLosses().get(0));
        assertThat(r.testAccuracy()).as("chance is 0.1").isGreaterThan(0.45);
        assertThat(Arrays.stream(r.posterior()).sum()).isCloseTo(1.0, within(1e-6));
        ComputationGraph restored = ModelSerializer.restoreComputationGraph(saved, false);
        assertThat(AlraoSparkTraining.posteriors(restored).get("output")).containsExactly(r.posterior());
    }

    @Test
    void badOptionsNameTheOptionAndTheValue() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> SparkCnnExample.run(SparkTestSupport.spark(),
                "--epochs", "0")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--epochs must be >= 1, got 0");
    }
}
