package org.alrao4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.ObjectMapper;

/** Checks of a run's results folder shared by the smoke tests. */
final class ResultsFolderAssert {

    static final List<String> FIELDS = List.of("command", "dataset", "model", "optimizer", "alrao", "lrMin", "lrMax",
            "classifiers", "classifierLearningRates", "seed", "epochs", "best", "posterior", "msPerIteration", "sgdr",
            "snapshots", "ensemble", "hypergradient");

    private ResultsFolderAssert() {
    }

    /** @return results.json, after checking the folder's files and the json's fields */
    static JsonNode check(Path dir, int epochs, boolean alrao) throws IOException {
        JsonNode json = new ObjectMapper().readTree(dir.resolve("results.json").toFile());
        List<String> names = new java.util.ArrayList<>();
        json.fieldNames().forEachRemaining(names::add);
        assertThat(names).containsExactlyElementsOf(FIELDS);
        assertThat(json.get("epochs")).hasSize(epochs);
        assertThat(json.get("epochs").get(0).get("testAccuracy").asDouble()).isBetween(0.0, 1.0);
        assertThat(json.get("best").get("testLoss").asDouble()).isPositive();
        assertThat(Files.readAllLines(dir.resolve("epochs.csv"))).hasSize(epochs + 1)
                .first().asString().startsWith("epoch,trainLoss");
        for (String png : alrao ? List.of("loss", "accuracy", "posterior", "unit-learning-rates")
                : List.of("loss", "accuracy")) {
            assertThat(dir.resolve(png + ".png")).isRegularFile();
            assertThat(Files.size(dir.resolve(png + ".png"))).isGreaterThan(1000);
        }
        return json;
    }
}
