package org.alrao4j.examples.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.alrao4j.dl4j.data.LabeledImages;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * CIFAR-10 with the paper's protocol (Alrao spec section 5.4): the first 40,000 official training images
 * train, the last 10,000 validate, the official 10,000 test images test; every image normalised per channel
 * with the reference's mean and std. Sources:
 * <ul>
 *   <li>the official binary release: a folder with {@code data_batch_1.bin .. data_batch_5.bin} and
 *       {@code test_batch.bin} (or its {@code cifar-10-batches-bin} subfolder);</li>
 *   <li>an image tree {@code train/<class>/*}, {@code test/<class>/*} as a folder or a zip ({@link ImageTree});
 *       classes in alphabetical order, which is the official label order.</li>
 * </ul>
 */
public final class Cifar10Data {

    /** Per-channel mean of the reference's {@code transforms.Normalize}. */
    public static final float[] MEAN = {0.4914f, 0.4822f, 0.4465f};
    /** Per-channel std of the reference's {@code transforms.Normalize}. */
    public static final float[] STD = {0.2023f, 0.1994f, 0.2010f};
    /** Side of a CIFAR image. */
    public static final int SIDE = 32;
    static final int PIXELS = 3 * SIDE * SIDE;
    private static final int RECORD = 1 + PIXELS;
    private static final int PER_BATCH_FILE = 10_000;
    private static final int CLASSES = 10;

    private Cifar10Data() {
    }

    /** @return whether {@code path} looks like CIFAR-10 (binary batches, image tree folder or zip) */
    public static boolean recognises(Path path) {
        return binaryFolder(path) != null || ImageTree.recognises(path);
    }

    /**
     * @param path     binary-batch folder, image-tree folder, or image-tree zip
     * @param maxTrain cap on training examples ({@code <= 0}: none)
     * @param maxEval  cap on validation and test examples ({@code <= 0}: none)
     * @return normalised splits
     */
    public static ImageSplits load(Path path, int maxTrain, int maxEval) {
        Path binary = binaryFolder(path);
        LabeledImages[] parts = binary != null ? readBinary(binary, maxTrain, maxEval)
                : ImageTree.read(path, maxTrain, maxEval);
        for (LabeledImages part : parts) {
            normalise(part.features());
        }
        return new ImageSplits("cifar10 " + path, CLASSES, parts[0], parts[1], parts[2]);
    }

    /** Normalises {@code [n, 3, h, w]} features in place with {@link #MEAN} and {@link #STD}. */
    static void normalise(INDArray features) {
        for (int c = 0; c < 3; c++) {
            INDArray channel = features.get(org.nd4j.linalg.indexing.NDArrayIndex.all(),
                    org.nd4j.linalg.indexing.NDArrayIndex.point(c));
            channel.subi(MEAN[c]).divi(STD[c]);
        }
    }

    private static Path binaryFolder(Path path) {
        for (Path dir : List.of(path, path.resolve("cifar-10-batches-bin"))) {
            if (Files.isRegularFile(dir.resolve("data_batch_1.bin"))) {
                return dir;
            }
        }
        return null;
    }

    private static LabeledImages[] readBinary(Path dir, int maxTrain, int maxEval) {
        int nTrain = ImageSplits.cap(40_000, maxTrain);
        int nValid = ImageSplits.cap(10_000, maxEval);
        return new LabeledImages[] {readRecords(dir, "data_batch_", 0, nTrain),
            readRecords(dir, "data_batch_", 40_000, nValid), readTest(dir, ImageSplits.cap(10_000, maxEval))};
    }

    private static LabeledImages readTest(Path dir, int count) {
        ImageBuffer buffer = new ImageBuffer(count);
        readFile(dir.resolve("test_batch.bin"), 0, count, buffer, 0);
        return buffer.toImages();
    }

    /** Reads records {@code [from, from + count)} of the concatenated {@code data_batch_1..5.bin}. */
    private static LabeledImages readRecords(Path dir, String prefix, int from, int count) {
        ImageBuffer buffer = new ImageBuffer(count);
        int done = 0;
        for (int f = from / PER_BATCH_FILE; done < count; f++) {
            Path file = dir.resolve(prefix + (f + 1) + ".bin");
            int start = f == from / PER_BATCH_FILE ? from % PER_BATCH_FILE : 0;
            int take = Math.min(count - done, PER_BATCH_FILE - start);
            readFile(file, start, take, buffer, done);
            done += take;
        }
        return buffer.toImages();
    }

    private static void readFile(Path file, int start, int count, ImageBuffer buffer, int offset) {
        try {
            long size = Files.size(file);
            if (size % RECORD != 0 || size < (long) (start + count) * RECORD) {
                throw new DataException("malformed CIFAR-10 batch " + file + ": " + size + " bytes is not "
                        + (start + count) + "+ records of " + RECORD + " bytes (1 label + 3072 pixels)");
            }
            byte[] record = new byte[RECORD];
            try (InputStream in = Files.newInputStream(file)) {
                in.skipNBytes((long) start * RECORD);
                for (int i = 0; i < count; i++) {
                    in.readNBytes(record, 0, RECORD);
                    buffer.putPlanes(offset + i, record, 1, record[0] & 0xFF);
                }
            }
        } catch (java.nio.file.NoSuchFileException e) {
            throw new DataException("CIFAR-10 file " + file + " is missing; pass the cifar-10-batches-bin folder");
        } catch (IOException e) {
            throw new DataException("cannot read CIFAR-10 file " + file + ": " + e.getMessage(), e);
        }
    }

    /** Pixels and labels being filled, then one {@link LabeledImages}. */
    static final class ImageBuffer {
        private final float[] pixels;
        private final int[] labels;

        ImageBuffer(int n) {
            pixels = new float[n * PIXELS];
            labels = new int[n];
        }

        /** Copies R, G, B planes of bytes starting at {@code from}. */
        void putPlanes(int index, byte[] bytes, int from, int label) {
            checkLabel(label);
            for (int p = 0; p < PIXELS; p++) {
                pixels[index * PIXELS + p] = (bytes[from + p] & 0xFF) / 255f;
            }
            labels[index] = label;
        }

        /** Copies a 32x32 image given as packed ARGB ints. */
        void putRgb(int index, int[] argb, int label) {
            checkLabel(label);
            int plane = SIDE * SIDE;
            for (int p = 0; p < plane; p++) {
                pixels[index * PIXELS + p] = ((argb[p] >> 16) & 0xFF) / 255f;
                pixels[index * PIXELS + plane + p] = ((argb[p] >> 8) & 0xFF) / 255f;
                pixels[index * PIXELS + 2 * plane + p] = (argb[p] & 0xFF) / 255f;
            }
            labels[index] = label;
        }

        private static void checkLabel(int label) {
            if (label < 0 || label >= CLASSES) {
                throw new DataException("malformed CIFAR-10 data: label " + label + " is outside [0, 10)");
            }
        }

        LabeledImages toImages() {
            return new LabeledImages(Nd4j.create(pixels, new long[] {labels.length, 3, SIDE, SIDE}, 'c'), labels);
        }
    }
}
