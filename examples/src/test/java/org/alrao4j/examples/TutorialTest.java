package org.alrao4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the code of docs/tutorial.md on a slice of the embedded data. */
class TutorialTest {

    @TempDir
    Path tmp;

    @Test
    void customBodyTrainsInspectsSavesAndReloads() throws Exception {
        Tutorial.Result r = Tutorial.run(tmp, 640, new PrintStream(new ByteArrayOutputStream()));
        assertThat(r.modelFile()).isRegularFile();
        assertThat(r.sameAfterLoad()).isTrue();
        assertThat(r.stats().posterior()).hasSize(6);
        assertThat(r.stats().predictions()).isEqualTo(640);
        assertThat(r.testAccuracy()).isGreaterThan(0.3);
    }
}
