package org.alrao4j.examples.data;

import org.alrao4j.dl4j.data.LabeledImages;
import org.deeplearning4j.nn.conf.inputs.InputType;

/**
 * Train, validation and test images of one dataset.
 *
 * @param name       dataset description for reports
 * @param numClasses number of classes
 * @param train      training images
 * @param valid      validation images (held out from the official training set)
 * @param test       the official test images
 */
public record ImageSplits(String name, int numClasses, LabeledImages train, LabeledImages valid,
                          LabeledImages test) {

    /** Fraction of the official training set held out for validation (CIFAR-10: 10,000 of 50,000). */
    public static final double VALID_FRACTION = 0.2;

    /** @return the network input type, {@code convolutional(rows, cols, channels)} */
    public InputType inputType() {
        long[] s = train.features().shape();
        return InputType.convolutional(s[2], s[3], s[1]);
    }

    /** @return a one-line description: name and split sizes */
    public String describe() {
        return String.format("%s (%d train / %d valid / %d test)", name, train.size(), valid.size(), test.size());
    }

    /**
     * Splits an official training set: the first 80% train, the last 20% validation (the paper's CIFAR-10
     * protocol: 40,000 / 10,000), then caps the parts.
     *
     * @param all      the official training images, in their order
     * @param maxTrain cap on training examples ({@code <= 0}: none)
     * @param maxEval  cap on validation examples ({@code <= 0}: none)
     * @return {@code [train, valid]}
     */
    public static LabeledImages[] split(LabeledImages all, int maxTrain, int maxEval) {
        int nValid = (int) Math.round(all.size() * VALID_FRACTION);
        int nTrain = all.size() - nValid;
        LabeledImages train = all.slice(0, cap(nTrain, maxTrain));
        LabeledImages valid = all.slice(nTrain, nTrain + cap(nValid, maxEval));
        return new LabeledImages[] {train, valid};
    }

    /** @return {@code n} capped at {@code max} when {@code max > 0} */
    public static int cap(int n, int max) {
        return max > 0 ? Math.min(n, max) : n;
    }
}
