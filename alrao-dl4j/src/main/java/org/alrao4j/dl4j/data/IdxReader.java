package org.alrao4j.dl4j.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Reads the IDX format of MNIST and Fashion-MNIST (plain or gzipped): images as float arrays
 * {@code [n, 1, rows, cols]} scaled to [0, 1], labels as ints.
 */
public final class IdxReader {

    private static final int IMAGES_MAGIC = 2051;
    private static final int LABELS_MAGIC = 2049;

    private IdxReader() {
    }

    /**
     * @param images images file ({@code *-images-idx3-ubyte[.gz]})
     * @param labels labels file ({@code *-labels-idx1-ubyte[.gz]})
     * @param limit  read at most this many examples ({@code <= 0}: all)
     * @return the labelled images
     * @throws IOException for a missing, truncated or malformed file, naming it and what is wrong
     */
    public static LabeledImages read(Path images, Path labels, int limit) throws IOException {
        try (InputStream in = Files.newInputStream(images); InputStream lab = Files.newInputStream(labels)) {
            return read(in, images.toString(), lab, labels.toString(), limit);
        }
    }

    /** As {@link #read(Path, Path, int)}, from streams; {@code *Name} only names them in messages. */
    public static LabeledImages read(InputStream images, String imagesName, InputStream labels, String labelsName,
                                     int limit) throws IOException {
        DataInputStream img = open(images);
        DataInputStream lab = open(labels);
        int n = header(img, IMAGES_MAGIC, imagesName);
        int rows = img.readInt();
        int cols = img.readInt();
        int nLabels = header(lab, LABELS_MAGIC, labelsName);
        if (n != nLabels) {
            throw new IOException("IDX files disagree: " + imagesName + " has " + n + " images but " + labelsName
                    + " has " + nLabels + " labels; pass matching images and labels files");
        }
        int count = limit > 0 ? Math.min(limit, n) : n;
        float[] pixels = new float[count * rows * cols];
        byte[] row = new byte[rows * cols];
        int[] y = new int[count];
        try {
            for (int i = 0; i < count; i++) {
                img.readFully(row);
                for (int p = 0; p < row.length; p++) {
                    pixels[i * row.length + p] = (row[p] & 0xFF) / 255f;
                }
                y[i] = lab.readUnsignedByte();
            }
        } catch (EOFException e) {
            throw new IOException("IDX file truncated: " + imagesName + " / " + labelsName + " declare " + n
                    + " examples but end early", e);
        }
        INDArray features = Nd4j.create(pixels, new long[] {count, 1, rows, cols}, 'c');
        return new LabeledImages(features, y);
    }

    private static DataInputStream open(InputStream raw) throws IOException {
        BufferedInputStream in = new BufferedInputStream(raw, 1 << 16);
        in.mark(2);
        int b0 = in.read();
        int b1 = in.read();
        in.reset();
        boolean gzip = b0 == 0x1f && b1 == 0x8b;
        return new DataInputStream(gzip ? new BufferedInputStream(new GZIPInputStream(in), 1 << 16) : in);
    }

    private static int header(DataInputStream in, int magic, String name) throws IOException {
        int actual;
        try {
            actual = in.readInt();
        } catch (EOFException e) {
            throw new IOException("IDX file " + name + " is empty", e);
        }
        if (actual != magic) {
            throw new IOException("not an IDX " + (magic == IMAGES_MAGIC ? "images" : "labels") + " file: " + name
                    + " starts with magic number " + actual + ", expected " + magic
                    + "; pass the *-images-idx3-ubyte / *-labels-idx1-ubyte files (optionally .gz)");
        }
        return in.readInt();
    }
}
