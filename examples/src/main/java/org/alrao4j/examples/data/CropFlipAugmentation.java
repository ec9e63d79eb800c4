package org.alrao4j.examples.data;

import java.util.Random;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.DataSet;
import org.nd4j.linalg.dataset.api.DataSetPreProcessor;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The reference's {@code --data_augm}: {@code RandomCrop(32, padding=4)} then {@code RandomHorizontalFlip()}
 * on every training image of a minibatch {@code [n, c, h, w]}. Padding uses each channel's fill value: the
 * normalised value of a black pixel, since torchvision pads before normalising.
 */
public final class CropFlipAugmentation implements DataSetPreProcessor {

    /** The reference's crop padding. */
    public static final int PADDING = 4;
    private static final long serialVersionUID = 1L;

    private final float[] fill;
    private final Random rng;

    /**
     * @param fill padding value per channel
     * @param seed seed of the crop offsets and flips
     */
    public CropFlipAugmentation(float[] fill, long seed) {
        this.fill = fill.clone();
        this.rng = new Random(seed);
    }

    /** @return the fill values of black pixels after normalising with {@code mean} and {@code std} */
    public static float[] blackAfterNormalising(float[] mean, float[] std) {
        float[] f = new float[mean.length];
        for (int c = 0; c < f.length; c++) {
            f[c] = -mean[c] / std[c];
        }
        return f;
    }

    @Override
    public void preProcess(DataSet batch) {
        INDArray x = batch.getFeatures();
        long[] shape = x.shape();
        int n = (int) shape[0];
        int c = (int) shape[1];
        int h = (int) shape[2];
        int w = (int) shape[3];
        float[] in = x.dup('c').data().asFloat();
        float[] out = new float[in.length];
        for (int i = 0; i < n; i++) {
            int dy = rng.nextInt(2 * PADDING + 1) - PADDING;
            int dx = rng.nextInt(2 * PADDING + 1) - PADDING;
            boolean flip = rng.nextBoolean();
            for (int ch = 0; ch < c; ch++) {
                copyPlane(in, out, ((long) i * c + ch) * h * w, h, w, dy, dx, flip, fill[ch]);
            }
        }
        batch.setFeatures(Nd4j.create(out, shape, 'c').castTo(x.dataType()));
    }

    /** Output pixel (y, x) reads input (y + dy, x + dx) of the possibly flipped plane, or the fill value. */
    private static void copyPlane(float[] in, float[] out, long base, int h, int w, int dy, int dx, boolean flip,
                                  float fill) {
        for (int y = 0; y < h; y++) {
            int sy = y + dy;
            for (int x = 0; x < w; x++) {
                int sx = x + dx;
                float v = sy < 0 || sy >= h || sx < 0 || sx >= w ? fill
                        : in[(int) base + sy * w + (flip ? w - 1 - sx : sx)];
                out[(int) base + y * w + x] = v;
            }
        }
    }
}
