package org.alrao4j.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.alrao4j.examples.robustness.ArmSummary;
import org.alrao4j.examples.robustness.Report;
import org.alrao4j.examples.robustness.RobustnessPlot;
import org.alrao4j.examples.robustness.RobustnessResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Smoke test of {@code robustness} on the embedded subset with tiny limits, and its bad input. */
class RobustnessCommandTest {

    @TempDir
    Path tmp;

    @Test
    void twoSgdRatesAndAlraoWithTwoSeedsWriteTheTablesAndThePlot() throws Exception {
        RobustnessResult r = RobustnessCommand.run("--data_path", "embedded", "--epochs", "1", "--max_train", "96",
                "--max_eval", "64", "--arms", "SGD,alrao-sgd", "--sgd_lrs", "0.1,10", "--seeds", "1,2", "--out",
                tmp.toString());
        assertThat(r.summaries()).extracting(s -> s.arm().name()).containsExactly("SGD lr=0.1", "SGD lr=10",
                "Alrao-SGD");
        for (ArmSummary s : r.summaries()) {
            assertThat(s.runs()).hasSize(2);
            assertThat(s.failed()).isZero();
            assertThat(s.accuracy().mean()).isBetween(0.0, 1.0);
            assertThat(s.seconds().mean()).isPositive();
        }
        assertThat(r.arm("Alrao-SGD").runs().get(0).arm().cnnArgs()).containsSequence("--minLR", "-5", "--maxLR", "1");
        assertThat(r.findings().bestSgd()).isPresent();
        assertThat(r.findings().costRatio()).isPositive();
        for (String f : List.of(Report.MARKDOWN, Report.SUMMARY_CSV, Report.RUNS_CSV, RobustnessPlot.FILE)) {
            assertThat(tmp.resolve(f)).isNotEmptyFile();
        }
        assertThat(Files.readAllLines(tmp.resolve(Report.RUNS_CSV))).hasSize(1 + 6);
        assertThat(Files.readString(tmp.resolve(Report.MARKDOWN))).contains("| Alrao-SGD |")
                .contains("--arms SGD,alrao-sgd").contains("load average");
        assertThat(tmp.resolve("runs/alrao-sgd/seed-2/results.json")).isRegularFile();
    }

    @Test
    void unknownArmNamesTheMethods() {
        assertThatThrownBy(() -> RobustnessCommand.run("--data_path", "embedded", "--arms", "SGD,Adagrad"))
                .isInstanceOf(BadInputException.class).hasMessageContaining("'Adagrad' is not a method")
                .hasMessageContaining("Alrao-SGD");
    }

    @Test
    void malformedAlraoIntervalAndRate() {
        assertThatThrownBy(() -> RobustnessCommand.run("--data_path", "embedded", "--alrao_sgd", "1,-5"))
                .isInstanceOf(BadInputException.class).hasMessageContaining("--alrao_sgd 1,-5 is malformed")
                .hasMessageContaining("MIN <= MAX");
        assertThatThrownBy(() -> RobustnessCommand.run("--data_path", "embedded", "--sgd_lrs", "0.1,-1"))
                .isInstanceOf(BadInputException.class).hasMessageContaining("--sgd_lrs").hasMessageContaining("> 0");
    }

    @Test
    void missingDataExitsWithOneErrorLine() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Main.execute(new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true),
                "robustness", "--data_path", tmp.resolve("nope").toString());
        assertThat(status).isEqualTo(Main.EXIT_BAD_INPUT);
        assertThat(err.toString(StandardCharsets.UTF_8).strip()).startsWith("error: --data_path")
                .contains("does not exist").doesNotContain("\n");
    }
}
