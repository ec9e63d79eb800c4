package org.alrao4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.alrao4j.examples.train.RunResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.shade.jackson.databind.JsonNode;

/** Smoke tests of {@code rnn} on real text with tiny limits. */
class RnnCommandTest {

    @TempDir
    Path tmp;

    @Test
    void charLevelAlraoOnEmbeddedShakespeare() throws Exception {
        RunResult r = RnnCommand.run("--char_prediction", "--use_alrao", "--n_last_layers", "3", "--epochs", "1",
                "--max_train", "700", "--max_eval", "400", "--batch_size", "10", "--no_progress", "--out",
                tmp.toString());
        JsonNode json = ResultsFolderAssert.check(tmp, 1, true);
        assertThat(json.get("best").get("testBitsPerChar").asDouble()).isCloseTo(r.best().testLoss() / Math.log(2),
                org.assertj.core.data.Offset.offset(1e-9));
        assertThat(json.get("dataset").asText()).contains("tinyshakespeare");
        assertThat(r.posterior()).hasSize(3);
    }

    @Test
    void charLevelBaselineOnPennTreebankZip() throws Exception {
        Path zip = Shared.datasets().resolve("ptb/ptb.zip");
        RunResult r = RnnCommand.run("--data_path", zip.toString(), "--char_prediction", "--epochs", "1",
                "--max_train", "700", "--max_eval", "400", "--batch_size", "10", "--no_progress", "--out",
                tmp.toString());
        ResultsFolderAssert.check(tmp, 1, false);
        assertThat(r.dataset()).startsWith("ptb");
        assertThat(r.best().testLoss()).isPositive();
    }

    @Test
    void sgdnHdBaselineRecordsAlpha() throws Exception {
        RunResult r = RnnCommand.run("--char_prediction", "--optimizer", "SGDN-HD", "--epochs", "1", "--max_train",
                "700", "--max_eval", "200", "--batch_size", "10", "--no_progress", "--out", tmp.toString());
        JsonNode json = ResultsFolderAssert.check(tmp, 1, false);
        assertThat(json.get("optimizer").asText()).isEqualTo("SGDN-HD");
        assertThat(json.get("hypergradient").get("hypergradLr").asDouble()).isEqualTo(1e-6);
        assertThat(r.extras().iterations()).isNotEmpty().allMatch(p -> p.alpha() > 0);
        assertThat(tmp.resolve("alpha.png")).isRegularFile();
    }

    @Test
    void dl4jLstmTrainsLikeNativeLstm(@TempDir Path other) {
        String[] common = {"--char_prediction", "--epochs", "1", "--max_train", "700", "--max_eval", "200",
            "--batch_size", "10", "--no_progress"};
        RunResult nativeRun = RnnCommand.run(concat(common, "--out", tmp.toString()));
        RunResult dl4jRun = RnnCommand.run(concat(common, "--dl4j_lstm", "--out", other.toString()));
        // same maths, same seed: the two LSTM implementations differ only by float rounding
        assertThat(dl4jRun.best().testLoss()).isCloseTo(nativeRun.best().testLoss(),
                org.assertj.core.data.Offset.offset(1e-3));
    }

    private static String[] concat(String[] head, String... tail) {
        String[] all = java.util.Arrays.copyOf(head, head.length + tail.length);
        System.arraycopy(tail, 0, all, head.length, tail.length);
        return all;
    }
}
