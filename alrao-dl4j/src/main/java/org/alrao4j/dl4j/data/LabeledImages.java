package org.alrao4j.dl4j.data;

import java.util.Arrays;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Images with integer class labels held in memory.
 *
 * @param features {@code [n, channels, rows, cols]}
 * @param labels   class index of each image
 */
public record LabeledImages(INDArray features, int[] labels) {

    /** Checks that there is one label per image. */
    public LabeledImages {
        if (features.size(0) != labels.length) {
            throw new IllegalArgumentException("features has " + features.size(0) + " examples but labels has "
                    + labels.length);
        }
    }

    /** @return number of examples */
    public int size() {
        return labels.length;
    }

    /** @return examples {@code [from, to)} (features are a view) */
    public LabeledImages slice(int from, int to) {
        return new LabeledImages(features.get(NDArrayIndex.interval(from, to)), Arrays.copyOfRange(labels, from, to));
    }

    /** @return features with one-hot labels over {@code numClasses} classes */
    public DataSet toDataSet(int numClasses) {
        INDArray oneHot = Nd4j.zeros(features.dataType(), labels.length, numClasses);
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= numClasses) {
                throw new IllegalArgumentException("label " + labels[i] + " of example " + i + " is outside [0, "
                        + numClasses + ")");
            }
            oneHot.putScalar(i, labels[i], 1.0);
        }
        return new DataSet(features, oneHot);
    }
}
