package org.alrao4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.alrao4j.examples.train.RunResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.shade.jackson.databind.JsonNode;

/** Smoke tests of {@code cnn} on real data with tiny limits. */
class CnnCommandTest {

    @TempDir
    Path tmp;

    @Test
    void alraoOnTheEmbeddedSubsetWritesTheResultsFolder() throws Exception {
        RunResult r = CnnCommand.run("--use_alrao", "--epochs", "1", "--max_train", "320", "--max_eval", "200",
                "--no_progress", "--out", tmp.toString());
        JsonNode json = ResultsFolderAssert.check(tmp, 1, true);
        assertThat(json.get("classifiers").asInt()).isEqualTo(10);
        assertThat(json.get("lrMin").asDouble()).isEqualTo(1e-5);
        assertThat(r.posterior()).hasSize(10);
        assertThat(r.best().testAccuracy()).isGreaterThan(0.2);
        assertThat(r.history().posteriors()).isNotEmpty();
    }

    @Test
    void cifarImageTreeZipWithAugmentationAndEarlyStoppingBaseline() throws Exception {
        Path zip = Shared.datasets().resolve("cifar10/cifar10-jpg.zip");
        RunResult r = CnnCommand.run("--data_path", zip.toString(), "--epochs", "1", "--max_train", "64",
                "--max_eval", "40", "--data_augm", "--early_stopping", "--optimizer", "Adam", "--lr", "0.001",
                "--no_progress", "--out", tmp.toString());
        JsonNode json = ResultsFolderAssert.check(tmp, 1, false);
        assertThat(json.get("dataset").asText()).startsWith("cifar10");
        assertThat(json.get("classifiers").asInt()).isEqualTo(1);
        assertThat(r.best().epoch()).isEqualTo(1);
    }
}
