package org.alrao4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input exits with status 2 and one clear error line, no stack trace. */
class BadInputTest {

    @TempDir
    Path tmp;

    private String[] runExpectingBadInput(String... args) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Main.execute(new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true), args);
        String text = err.toString(StandardCharsets.UTF_8);
        assertThat(status).as(text).isEqualTo(Main.EXIT_BAD_INPUT);
        String[] lines = text.strip().split("\n");
        assertThat(lines).hasSize(1);
        assertThat(lines[0]).startsWith("error: ").doesNotContain("Exception");
        return lines;
    }

    @Test
    void missingDataPath() {
        assertThat(runExpectingBadInput("cnn", "--data_path", tmp.resolve("nope").toString())[0])
                .contains("--data_path").contains("does not exist");
    }

    @Test
    void unknownModel() {
        assertThat(runExpectingBadInput("cnn", "--model_name", "AlexNet9")[0]).contains("--model_name AlexNet9")
                .contains("LeNet");
    }

    @Test
    void malformedIdxFile() throws Exception {
        Files.write(tmp.resolve("train-images-idx3-ubyte"), new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
        Files.write(tmp.resolve("train-labels-idx1-ubyte"), new byte[] {1, 2, 3});
        assertThat(runExpectingBadInput("cnn", "--data_path", tmp.toString(), "--out", tmp.resolve("o").toString())[0])
                .contains("train-images-idx3-ubyte");
    }

    @Test
    void malformedCifarBatch() throws Exception {
        Files.write(tmp.resolve("data_batch_1.bin"), new byte[100]);
        assertThat(runExpectingBadInput("cnn", "--data_path", tmp.toString(), "--out", tmp.resolve("o").toString())[0])
                .contains("malformed CIFAR-10 batch");
    }

    @Test
    void lrMinAboveLrMax() {
        assertThat(runExpectingBadInput("cnn", "--use_alrao", "--minLR", "0", "--maxLR", "-3")[0])
                .contains("--minLR 0.0 is above --maxLR -3.0");
        assertThat(runExpectingBadInput("rnn", "--use_alrao", "--minlr", "10", "--maxlr", "1")[0])
                .contains("--minlr 10.0");
    }

    @Test
    void unknownOptionAndNonUtf8Text() throws Exception {
        assertThat(runExpectingBadInput("cnn", "--bogus")[0]).contains("--bogus");
        Path text = Files.write(tmp.resolve("bad.txt"), new byte[] {(byte) 0xff, (byte) 0xfe, 0x41});
        assertThat(runExpectingBadInput("rnn", "--data_path", text.toString())[0]).contains("not UTF-8");
    }

    @Test
    void malformedSgdr() {
        assertThat(runExpectingBadInput("cnn", "--sgdr", "2")[0]).contains("--sgdr 2 is malformed")
                .contains("T0,Tmult").contains("e.g. --sgdr 1,2");
        assertThat(runExpectingBadInput("cnn", "--sgdr", "1,x")[0]).contains("'x' is not a number");
        assertThat(runExpectingBadInput("cnn", "--sgdr", "1,0.5")[0]).contains("Tmult").contains(">= 1");
        assertThat(runExpectingBadInput("cnn", "--sgdr", "0,1")[0]).contains("T0").contains("> 0");
    }

    @Test
    void snapshotsNeedSgdrAndAPositiveSize() {
        assertThat(runExpectingBadInput("cnn", "--snapshots", "3")[0]).contains("--snapshots 3 needs --sgdr")
                .contains("--sgdr 1,1");
        assertThat(runExpectingBadInput("cnn", "--sgdr", "1,1", "--snapshots", "0")[0])
                .contains("--snapshots must be >= 1").contains("got 0");
        assertThat(runExpectingBadInput("cnn", "--ensemble", "last")[0]).contains("need --snapshots");
    }

    @Test
    void unknownEnsembleMode() {
        assertThat(runExpectingBadInput("cnn", "--sgdr", "1,1", "--snapshots", "2", "--ensemble", "median")[0])
                .contains("--ensemble median is not supported").contains("last").contains("best");
        assertThat(runExpectingBadInput("cnn", "--sgdr", "1,1", "--snapshots", "2", "--ensemble", "best",
                "--ensemble_metric", "f1")[0]).contains("--ensemble_metric f1");
    }

    @Test
    void hypergradientOptimizersRefuseAlraoAndSgdr() {
        assertThat(runExpectingBadInput("cnn", "--use_alrao", "--optimizer", "SGD-HD")[0])
                .contains("--optimizer SGD-HD is not supported with --use_alrao").contains("drop --use_alrao");
        assertThat(runExpectingBadInput("cnn", "--optimizer", "Adam-HD", "--sgdr", "1,1")[0])
                .contains("--sgdr 1,1 is not supported with --optimizer Adam-HD").contains("--optimizer Adam");
        assertThat(runExpectingBadInput("cnn", "--optimizer", "RMSprop")[0]).contains("--optimizer RMSprop")
                .contains("SGD-HD");
        assertThat(runExpectingBadInput("cnn", "--hypergrad_lr", "1e-6")[0]).contains("--hypergrad_lr");
    }

    @Test
    void tooFewCyclesForTheSnapshots() {
        assertThat(runExpectingBadInput("cnn", "--sgdr", "1,2", "--snapshots", "3", "--epochs", "2",
                "--max_train", "64", "--max_eval", "32", "--out", tmp.resolve("o").toString())[0])
                .contains("--snapshots 3 needs at least 3 complete cosine cycles").contains("--epochs 7");
    }
}
