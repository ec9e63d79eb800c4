package org.alrao4j.examples.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import org.alrao4j.dl4j.data.IdxReader;
import org.alrao4j.dl4j.data.LabeledImages;

/**
 * Fashion-MNIST: the subset embedded in the examples jar (10,000 training and 2,000 test images, MIT
 * licence, see {@code LICENSE-fashion-mnist.txt} beside it) or a folder with the official IDX files.
 * The last 20% of the training file is the validation split (embedded: 2,000 of 10,000).
 */
public final class FashionMnistData {

    /** Resource folder of the embedded subset. */
    public static final String EMBEDDED = "/org/alrao4j/examples/data/fashion-mnist-subset/";
    private static final int CLASSES = 10;

    private FashionMnistData() {
    }

    /**
     * @param folder   folder with {@code train-images-idx3-ubyte[.gz]} etc., or {@code null} for the embedded subset
     * @param maxTrain cap on training examples ({@code <= 0}: none)
     * @param maxEval  cap on validation and test examples ({@code <= 0}: none)
     * @return the splits
     */
    public static ImageSplits load(Path folder, int maxTrain, int maxEval) {
        String name = folder == null ? "fashion-mnist-subset (embedded)" : "fashion-mnist " + folder;
        LabeledImages all = read(folder, "train", 0);
        LabeledImages test = read(folder, "t10k", maxEval);
        LabeledImages[] tv = ImageSplits.split(all, maxTrain, maxEval);
        return new ImageSplits(name, CLASSES, tv[0], tv[1], test);
    }

    /** @return whether {@code folder} holds Fashion-MNIST/MNIST IDX training images */
    public static boolean isIdxFolder(Path folder) {
        return Files.isDirectory(folder) && file(folder, "train-images-idx3-ubyte") != null;
    }

    private static LabeledImages read(Path folder, String prefix, int limit) {
        String images = prefix + "-images-idx3-ubyte";
        String labels = prefix + "-labels-idx1-ubyte";
        try {
            if (folder == null) {
                try (InputStream img = resource(images + ".gz"); InputStream lab = resource(labels + ".gz")) {
                    return IdxReader.read(img, images, lab, labels, limit);
                }
            }
            Path img = file(folder, images);
            Path lab = file(folder, labels);
            if (img == null || lab == null) {
                throw new DataException("--data_path " + folder + " has no " + images + "[.gz] and " + labels
                        + "[.gz]; pass a folder with the Fashion-MNIST IDX files");
            }
            return IdxReader.read(img, lab, limit);
        } catch (IOException e) {
            throw new DataException("cannot read Fashion-MNIST " + prefix + " files"
                    + (folder == null ? "" : " in " + folder) + ": " + e.getMessage(), e);
        }
    }

    private static Path file(Path folder, String base) {
        for (String candidate : new String[] {base + ".gz", base, base.replace("-idx", ".idx")}) {
            if (Files.isRegularFile(folder.resolve(candidate))) {
                return folder.resolve(candidate);
            }
        }
        return null;
    }

    private static InputStream resource(String name) throws IOException {
        InputStream in = FashionMnistData.class.getResourceAsStream(EMBEDDED + name);
        if (in == null) {
            throw new IOException("embedded resource " + EMBEDDED + name + " is missing from the jar");
        }
        return in;
    }
}
