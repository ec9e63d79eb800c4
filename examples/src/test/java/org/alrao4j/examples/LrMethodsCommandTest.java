package org.alrao4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.alrao4j.examples.train.RunResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.shade.jackson.databind.JsonNode;

/** Smoke tests of {@code cnn} with SGDR, a snapshot ensemble and hypergradient descent, on tiny limits. */
class LrMethodsCommandTest {

    /** 160 training images in minibatches of 32. */
    private static final int PER_EPOCH = 5;

    @TempDir
    Path tmp;

    @Test
    void sgdrWithSnapshotEnsembleRestartsAndWritesTheEnsemble() throws Exception {
        RunResult r = CnnCommand.run("--sgdr", "1,1", "--snapshots", "2", "--ensemble", "last", "--lr", "0.05",
                "--epochs", "2", "--max_train", "160", "--max_eval", "100", "--no_progress", "--out", tmp.toString());
        JsonNode json = ResultsFolderAssert.check(tmp, 2, false);
        assertThat(json.get("sgdr").get("t0").asDouble()).isEqualTo(1.0);
        assertThat(json.get("sgdr").get("tMult").asDouble()).isEqualTo(1.0);
        assertThat(json.get("snapshots")).hasSize(2);
        assertThat(json.get("snapshots").get(0).get("iteration").asInt()).isEqualTo(PER_EPOCH);
        JsonNode ensemble = json.get("ensemble");
        assertThat(ensemble.get("mode").asText()).isEqualTo("last");
        assertThat(ensemble.get("members")).hasSize(2);
        assertThat(ensemble.get("testAccuracy").asDouble()).isBetween(0.0, 1.0);
        assertThat(ensemble.get("testLoss").asDouble()).isPositive();
        assertThat(ensemble.get("singleSnapshotTestAccuracies")).hasSize(2);
        assertThat(json.get("hypergradient").isNull()).isTrue();
        for (JsonNode member : ensemble.get("members")) {
            assertThat(tmp.resolve(member.asText())).isRegularFile();
        }
        assertPngs("learning-rate", "ensemble");
        double[] lr = column(2);
        assertThat(lr).hasSize(2 * PER_EPOCH);
        assertThat(lr[0]).isEqualTo(0.05);
        assertThat(lr[PER_EPOCH - 1]).isLessThan(0.01);
        assertThat(lr[PER_EPOCH]).as("warm restart").isEqualTo(0.05);
        assertThat(r.extras().ensemble().members()).hasSize(2);
    }

    @Test
    void sgdHdMovesAlphaAndRecordsIt() throws Exception {
        CnnCommand.run("--optimizer", "SGD-HD", "--lr", "0.001", "--hypergrad_lr", "1e-4", "--epochs", "1",
                "--max_train", "160", "--max_eval", "64", "--no_progress", "--out", tmp.toString());
        JsonNode json = ResultsFolderAssert.check(tmp, 1, false);
        assertThat(json.get("optimizer").asText()).isEqualTo("SGD-HD");
        assertThat(json.get("sgdr").isNull()).isTrue();
        assertThat(json.get("ensemble").isNull()).isTrue();
        JsonNode hd = json.get("hypergradient");
        assertThat(hd.get("alpha0").asDouble()).isEqualTo(0.001);
        assertThat(hd.get("hypergradLr").asDouble()).isEqualTo(1e-4);
        double[] alpha = column(3);
        assertThat(alpha).hasSize(PER_EPOCH);
        assertThat(alpha[0]).isCloseTo(0.001, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(Math.abs(alpha[PER_EPOCH - 1] - 0.001)).as("alpha moved").isGreaterThan(1e-5);
        assertThat(hd.get("alphaFinal").asDouble()).isEqualTo(alpha[PER_EPOCH - 1]);
        assertThat(column(2)).containsExactly(alpha);
        assertPngs("learning-rate", "alpha");
    }

    private void assertPngs(String... names) throws Exception {
        for (String name : names) {
            assertThat(Files.size(tmp.resolve(name + ".png"))).isGreaterThan(1000);
        }
    }

    /** @return one column of iterations.csv */
    private double[] column(int index) throws Exception {
        List<String> lines = Files.readAllLines(tmp.resolve("iterations.csv"));
        assertThat(lines.get(0)).isEqualTo("iteration,epoch,learningRate,alpha");
        return lines.stream().skip(1).mapToDouble(l -> Double.parseDouble(l.split(",", -1)[index])).toArray();
    }
}
