package org.alrao4j.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.alrao4j.examples.data.Cifar10Data;
import org.alrao4j.examples.data.ImageSplits;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The official binary format (1 label byte + 3072 pixel bytes per record, R then G then B planes, row-major),
 * written here with known pixels: the paper's split takes training records from the start of
 * {@code data_batch_1..4}, validation from {@code data_batch_5}, test from {@code test_batch}.
 */
class Cifar10BinaryTest {

    private static final int RECORD = 1 + 3 * 32 * 32;

    /** Pixel byte of record r (global index), channel c, row y, column x. */
    private static int pixel(int r, int c, int y, int x) {
        return (r * 31 + c * 67 + y * 5 + x * 3) % 256;
    }

    private static void writeBatch(Path file, int firstRecord, int records) throws IOException {
        byte[] data = new byte[records * RECORD];
        for (int i = 0; i < records; i++) {
            int r = firstRecord + i;
            data[i * RECORD] = (byte) (r % 10);
            for (int c = 0; c < 3; c++) {
                for (int y = 0; y < 32; y++) {
                    for (int x = 0; x < 32; x++) {
                        data[i * RECORD + 1 + c * 1024 + y * 32 + x] = (byte) pixel(r, c, y, x);
                    }
                }
            }
        }
        Files.write(file, data);
    }

    @Test
    void readsThePaperSplitFromBinaryBatches(@TempDir Path dir) throws IOException {
        writeBatch(dir.resolve("data_batch_1.bin"), 0, 6);
        writeBatch(dir.resolve("data_batch_5.bin"), 40_000, 4);
        writeBatch(dir.resolve("test_batch.bin"), 90_000, 4);
        assertThat(Cifar10Data.recognises(dir)).isTrue();
        ImageSplits splits = Cifar10Data.load(dir, 6, 4);
        assertThat(splits.train().size()).isEqualTo(6);
        assertThat(splits.valid().size()).isEqualTo(4);
        assertThat(splits.test().size()).isEqualTo(4);
        assertThat(splits.train().labels()).containsExactly(0, 1, 2, 3, 4, 5);
        assertThat(splits.valid().labels()).containsExactly(0, 1, 2, 3);
        for (int[] at : new int[][] {{2, 0, 0, 0}, {5, 1, 7, 30}, {0, 2, 31, 31}}) {
            double expected = (pixel(at[0], at[1], at[2], at[3]) / 255.0 - Cifar10Data.MEAN[at[1]])
                    / Cifar10Data.STD[at[1]];
            assertThat(splits.train().features().getDouble(at[0], at[1], at[2], at[3])).as("train %s",
                    java.util.Arrays.toString(at)).isCloseTo(expected, within(1e-5));
        }
        double valid = (pixel(40_003, 1, 3, 4) / 255.0 - Cifar10Data.MEAN[1]) / Cifar10Data.STD[1];
        assertThat(splits.valid().features().getDouble(3, 1, 3, 4)).isCloseTo(valid, within(1e-5));
        double test = (pixel(90_001, 2, 9, 17) / 255.0 - Cifar10Data.MEAN[2]) / Cifar10Data.STD[2];
        assertThat(splits.test().features().getDouble(1, 2, 9, 17)).isCloseTo(test, within(1e-5));
    }
}
